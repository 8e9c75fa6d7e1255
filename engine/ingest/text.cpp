// Plain text and Markdown. The normalized text keeps the source's bytes one
// for one (invalid UTF-8 and control bytes are replaced in place), so a byte
// offset in the text is the byte offset in the file and lines are lines.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "core/ascii_words.hpp"
#include "ingest/builder.hpp"
#include "ingest/reader.hpp"

namespace peeraudit::ingest {

namespace {

// The anchors inside the line [begin, end) of doc.text (line `line`): one
// at the first character at least 4096 bytes after the previous anchor, with
// its column in characters (UTF-8 continuation bytes do not count).
void add_long_line_anchors(std::vector<Anchor>& anchors, const std::string& t, std::size_t skip, std::size_t begin,
                           std::size_t end, int line) {
  Anchor a;
  a.line = line;
  a.column = 1;
  std::size_t last = begin;
  for (std::size_t i = begin; i < end; ++i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if ((c & 0xC0) == 0x80) continue;
    if (i > begin) ++a.column;
    if (i - last >= 4096) {
      a.text_offset = i;
      a.source_offset = skip + i;
      anchors.push_back(a);
      last = i;
    }
  }
}

// All the per-byte work of read_lines in one pass over the text: CR becomes
// a space, invalid UTF-8 '?' and other control bytes a space (as
// sanitize_utf8 does), every line gets an anchor, and the first 8 KiB of the
// file are sniffed for binary content. Printable ASCII needs none of that,
// so the text is walked a block at a time and only the other bytes (a
// newline, a tab, a multi-byte character: a few per line) are looked at.
class LineScan {
 public:
  LineScan(std::string& text, std::size_t skip, std::vector<Anchor>& anchors)
      : t_(text), skip_(skip), anchors_(anchors) {
    Anchor a;
    a.source_offset = skip;
    a.line = 1;
    anchors_.push_back(a);
  }

  // Scans [at, stop) (a character may run past stop; the next run starts
  // after it).
  void run(std::size_t stop) {
    using namespace ascii_words;
    char* p = t_.data();
    while (i_ + blocks::kBlock <= stop) {
      unsigned m = blocks::not_printable_mask(p + i_);
      std::size_t base = i_;
      i_ += blocks::kBlock;
      std::size_t next = base;  // where the next character starts
      for (; m != 0; m &= m - 1) {
        std::size_t k = base + static_cast<std::size_t>(std::countr_zero(m));
        if (k >= next) next = byte_at(k);  // else inside a multi-byte character
      }
      if (next > i_) i_ = next;
    }
    while (i_ < stop) {
      unsigned char c = static_cast<unsigned char>(p[i_]);
      i_ = (c >= 0x20 && c < 0x7F) ? i_ + 1 : byte_at(i_);
    }
  }

  // For the binary sniff: the NUL bytes and the controls other than \t-\r
  // scanned so far.
  std::size_t nul() const { return nul_; }
  std::size_t ctrl() const { return ctrl_; }
  std::size_t replaced() const { return replaced_; }
  int first_replaced_line() const { return first_bad_line_; }

  // After the last run(): the mid-line anchors of a long last line.
  void finish() {
    std::size_t n = t_.size();
    if (n - line_begin_ > 4096) add_long_line_anchors(anchors_, t_, skip_, line_begin_, n, line_);
  }

 private:
  // Handles the byte at k, which is not printable ASCII; returns where the
  // next character starts.
  std::size_t byte_at(std::size_t k) {
    unsigned char c = static_cast<unsigned char>(t_[k]);
    if (c == '\n') {
      if (k - line_begin_ > 4096) add_long_line_anchors(anchors_, t_, skip_, line_begin_, k, line_);
      line_begin_ = k + 1;
      ++line_;
      if (k + 1 < t_.size()) {  // no anchor for the empty "line" after a final newline
        Anchor a;
        a.text_offset = k + 1;
        a.source_offset = skip_ + k + 1;
        a.line = line_;
        anchors_.push_back(a);
      }
      return k + 1;
    }
    if (c == '\t') return k + 1;
    if (c == '\r') {
      t_[k] = ' ';
      return k + 1;
    }
    if (c < 0x80) {  // another control byte or DEL
      if (c == 0) ++nul_;
      else if (c < 0x09 || (c > 0x0d && c < 0x20)) ++ctrl_;
      t_[k] = ' ';
      note_replaced();
      return k + 1;
    }
    std::size_t len = ascii_words::utf8_length(t_.data() + k, t_.size() - k);
    if (len > 0) return k + len;
    t_[k] = '?';
    note_replaced();
    return k + 1;
  }

  void note_replaced() {
    if (replaced_++ == 0) first_bad_line_ = line_;
  }

  std::string& t_;
  std::size_t skip_;
  std::vector<Anchor>& anchors_;
  std::size_t i_ = 0;
  std::size_t line_begin_ = 0;
  int line_ = 1;
  std::size_t nul_ = 0, ctrl_ = 0;
  std::size_t replaced_ = 0;
  int first_bad_line_ = 0;
};

Result read_lines(std::string_view bytes, const std::string& source, std::string_view format) {
  Result res;
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    res.errors.push_back({source, 0, "UTF-16 text is not supported; save it as UTF-8"});
    return res;
  }
  std::size_t skip = (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") ? 3 : 0;
  Document doc;
  doc.text.assign(bytes.substr(skip));
  // Anchors are gathered in a per-thread buffer and copied once at the
  // exact size: no regrowth per document (about one anchor per 60 bytes).
  thread_local std::vector<Anchor> anchors;
  anchors.clear();
  LineScan scan(doc.text, skip, anchors);
  // Binary: a NUL, or more than 1 in 10 control bytes, in the first 8 KiB
  // of the file (the BOM counts in the 8 KiB; it holds no control byte).
  // That part is scanned first, and the counts read then cover exactly it;
  // a binary file is not scanned through.
  std::size_t sniffed = std::min<std::size_t>(bytes.size(), 8192);
  scan.run(sniffed - skip);
  if (scan.nul() > 0 || scan.ctrl() * 10 > sniffed) {
    res.errors.push_back({source, 0, "binary file (NUL or control bytes), not text"});
    return res;
  }
  scan.run(doc.text.size());
  scan.finish();
  if (scan.replaced() > 0)
    res.errors.push_back({source, scan.first_replaced_line(),
                          "invalid UTF-8: " + std::to_string(scan.replaced()) + " byte(s) replaced by '?'", true});
  doc.map.anchors.assign(anchors.begin(), anchors.end());
  if (anchors.capacity() > (1u << 16)) std::vector<Anchor>().swap(anchors);  // do not keep a huge file's worth
  doc.id = source;
  doc.source = source;
  doc.format = std::string(format);
  doc.map.lines_follow_text = true;
  doc.map.identity = true;
  doc.map.identity_skip = skip;
  detect_sections(doc);
  res.documents.push_back(std::move(doc));
  return res;
}

class TextReader final : public Reader {
 public:
  std::string_view name() const override { return "text"; }
  std::vector<std::string> extensions() const override { return {".txt", ".text"}; }
  Result read(std::string_view bytes, const std::string& source, const Options&) const override {
    return read_lines(bytes, source, "text");
  }
};

class MarkdownReader final : public Reader {
 public:
  std::string_view name() const override { return "markdown"; }
  std::vector<std::string> extensions() const override { return {".md", ".markdown"}; }
  Result read(std::string_view bytes, const std::string& source, const Options&) const override {
    return read_lines(bytes, source, "markdown");
  }
};

}  // namespace

PEERAUDIT_REGISTER_READER(TextReader);
PEERAUDIT_REGISTER_READER(MarkdownReader);

}  // namespace peeraudit::ingest
