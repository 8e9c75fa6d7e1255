// Plain text and Markdown. The normalized text keeps the source's bytes one
// for one (invalid UTF-8 and control bytes are replaced in place), so a byte
// offset in the text is the byte offset in the file and lines are lines.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#include "ingest/ascii_words.hpp"
#include "ingest/builder.hpp"
#include "ingest/reader.hpp"

namespace peeraudit::ingest {

namespace {

bool looks_binary(std::string_view bytes) {
  using namespace ascii_words;
  std::size_t n = std::min<std::size_t>(bytes.size(), 8192);
  std::size_t nul = 0, ctrl = 0;
  std::size_t i = 0;
  // 8 bytes at a time; only a word with a byte below 0x20 (a tab or a
  // newline, mostly) is looked into, and then by masks, not byte by byte.
  for (; n - i >= 8; i += 8) {
    std::uint64_t w = load(bytes.data() + i);
    if (!any_control(w)) continue;
    std::uint64_t low = below(w, 0x20);
    std::uint64_t zero = equal(w, 0);
    std::uint64_t space = below(w, 0x0e) & ~below(w, 0x09);  // \t \n \v \f \r
    nul += static_cast<std::size_t>(std::popcount(zero));
    ctrl += static_cast<std::size_t>(std::popcount(low & ~zero & ~space));
  }
  for (; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) ++nul;
    else if (c < 0x09 || (c > 0x0d && c < 0x20)) ++ctrl;
  }
  return nul > 0 || ctrl * 10 > n;
}

// The anchors inside the line [begin, end) of doc.text (line `line`): one
// at the first character at least 4096 bytes after the previous anchor, with
// its column in characters (UTF-8 continuation bytes do not count).
void add_long_line_anchors(Document& doc, std::size_t skip, std::size_t begin, std::size_t end, int line) {
  const std::string& t = doc.text;
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
      doc.map.anchors.push_back(a);
      last = i;
    }
  }
}

Result read_lines(std::string_view bytes, const std::string& source, std::string_view format) {
  Result res;
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    res.errors.push_back({source, 0, "UTF-16 text is not supported; save it as UTF-8"});
    return res;
  }
  if (looks_binary(bytes)) {
    res.errors.push_back({source, 0, "binary file (NUL or control bytes), not text"});
    return res;
  }
  std::size_t skip = (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") ? 3 : 0;
  Document doc;
  doc.id = source;
  doc.source = source;
  doc.format = std::string(format);
  doc.text.assign(bytes.substr(skip));
  // CR -> space in place; memchr jumps between them (most files have none).
  for (char *p = doc.text.data(), *end = p + doc.text.size();
       (p = static_cast<char*>(std::memchr(p, '\r', static_cast<std::size_t>(end - p)))) != nullptr;)
    *p++ = ' ';
  std::size_t bad = sanitize_utf8(doc.text);
  if (bad > 0) {
    // Find the first line with a replaced byte, for the warning.
    int line = 1;
    std::string_view orig = bytes.substr(skip);
    for (std::size_t i = 0; i < orig.size() && i < doc.text.size(); ++i) {
      if (orig[i] != doc.text[i] && orig[i] != '\r') break;
      if (orig[i] == '\n') ++line;
    }
    res.errors.push_back({source, line, "invalid UTF-8: " + std::to_string(bad) + " byte(s) replaced by '?'", true});
  }
  // An anchor per line, and every 4 KiB inside a long line, so locating an
  // offset walks a few KiB at most (a 20 MB line, 200,000 headings). Lines
  // are found with memchr; only a line over 4 KiB is walked byte by byte,
  // to count its characters for the mid-line anchors' columns.
  const std::string& t = doc.text;
  std::size_t n = t.size();
  Anchor a;
  a.text_offset = 0;
  a.source_offset = skip;
  a.line = 1;
  a.column = 1;
  doc.map.anchors.push_back(a);
  for (std::size_t begin = 0;;) {
    const void* nl = std::memchr(t.data() + begin, '\n', n - begin);
    std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - t.data()) : n;
    if (end - begin > 4096) add_long_line_anchors(doc, skip, begin, end, a.line);
    if (!nl || end + 1 >= n) break;
    begin = end + 1;
    ++a.line;
    a.text_offset = begin;
    a.source_offset = skip + begin;
    doc.map.anchors.push_back(a);
  }
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
