// Plain text and Markdown. The normalized text keeps the source's bytes one
// for one (invalid UTF-8 and control bytes are replaced in place), so a byte
// offset in the text is the byte offset in the file and lines are lines.
#include <cstring>

#include "ingest/builder.hpp"
#include "ingest/reader.hpp"

namespace peeraudit::ingest {

namespace {

bool looks_binary(std::string_view bytes) {
  std::size_t n = std::min<std::size_t>(bytes.size(), 8192);
  std::size_t nul = 0, ctrl = 0;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) ++nul;
    else if (c < 0x09 || (c > 0x0d && c < 0x20)) ++ctrl;
  }
  return nul > 0 || ctrl * 10 > n;
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
  for (char& c : doc.text)
    if (c == '\r') c = ' ';
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
  // offset walks a few KiB at most (a 20 MB line, 200,000 headings).
  Anchor a;
  a.text_offset = 0;
  a.source_offset = skip;
  a.line = 1;
  a.column = 1;
  doc.map.anchors.push_back(a);
  std::size_t last = 0;
  for (std::size_t i = 0; i < doc.text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(doc.text[i]);
    if (c == '\n') {
      ++a.line;
      a.column = 1;
      a.text_offset = i + 1;
      a.source_offset = skip + i + 1;
      if (i + 1 < doc.text.size()) doc.map.anchors.push_back(a);
      last = i + 1;
      continue;
    }
    if ((c & 0xC0) == 0x80) continue;
    if (i > a.text_offset) ++a.column;
    if (i - last >= 4096) {
      Anchor mid = a;
      mid.text_offset = i;
      mid.source_offset = skip + i;
      doc.map.anchors.push_back(mid);
      last = i;
    }
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
