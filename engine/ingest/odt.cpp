// ODT reader (libzip + pugixml): content.xml's office:text in order. text:h
// (with its outline level) are headings, as are paragraphs in a Heading /
// Title style and short lines that look like headings; text:p and list items
// are paragraphs, table cells too; text:s / text:tab / text:line-break are
// spaces. Numbered clauses open numbered sections as in DOCX.
// Anchor.paragraph is the 1-based number of the text:p / text:h element in
// document order (empty ones counted), line = 0.
#include <pugixml.hpp>

#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "ingest/builder.hpp"
#include "ingest/html_text.hpp"
#include "ingest/reader.hpp"
#include "ingest/office.hpp"
#include "ingest/zip_member.hpp"

namespace peeraudit::ingest {

namespace {

constexpr int kMaxDepth = 256;
constexpr std::string_view kMime = "mimetypeapplication/vnd.oasis.opendocument.text";

std::string_view local(const pugi::xml_node& n) {
  std::string_view s = n.name();
  auto c = s.find(':');
  return c == std::string_view::npos ? s : s.substr(c + 1);
}

const char* attr(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_attribute a : n.attributes()) {
    std::string_view s = a.name();
    auto c = s.find(':');
    if ((c == std::string_view::npos ? s : s.substr(c + 1)) == name) return a.value();
  }
  return nullptr;
}

// ODF white space: runs of space, tab, CR, LF are one space; text:s adds
// real spaces (kept as one: the text is for matching, not layout).
std::string collapse(std::string_view s) { return text::collapse_spaces(s); }
class OdtWalker {
 public:
  OdtWalker(Document& doc, DocumentBuilder& b) : doc_(doc), b_(b) {}

  void block(const pugi::xml_node& n, int depth) {
    if (depth > kMaxDepth) return;
    for (pugi::xml_node c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = local(c);
      if (name == "p" || name == "h") {
        paragraph(c, name == "h", depth + 1);
      } else if (name == "tracked-changes" || name == "annotation" || name == "sequence-decls" ||
                 name == "variable-decls" || name == "user-field-decls" || name == "forms" ||
                 name == "table-of-content" || name == "alphabetical-index") {
        continue;
      } else {
        block(c, depth + 1);  // list, list-item, section, table, table-row, table-cell, ...
      }
    }
  }

 private:
  void inline_text(const pugi::xml_node& n, std::string& out, std::vector<pugi::xml_node>& frames, int depth) {
    if (depth > kMaxDepth) return;
    for (pugi::xml_node c : n.children()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        out += c.value();
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      std::string_view name = local(c);
      if (name == "s") {
        out += ' ';
      } else if (name == "tab" || name == "line-break") {
        out += ' ';
      } else if (name == "note" || name == "annotation" || name == "annotation-end" || name == "change" ||
                 name == "change-start" || name == "change-end" || name == "bookmark" || name == "soft-page-break") {
        continue;
      } else if (name == "frame" || name == "text-box") {
        frames.push_back(c);
      } else {
        inline_text(c, out, frames, depth + 1);  // span, a, ruby, meta, ...
      }
    }
  }

  void paragraph(const pugi::xml_node& p, bool is_h, int depth) {
    int number = ++count_;
    std::string raw;
    std::vector<pugi::xml_node> frames;
    inline_text(p, raw, frames, depth + 1);
    std::string text = collapse(raw);
    if (!text.empty()) {
      sanitize_utf8(text);
      Anchor a;
      a.paragraph = number;
      a.line = 0;
      a.column = 1;
      std::string style;
      if (const char* s = attr(p, "style-name")) style = s;
      bool styled_heading = style.rfind("Heading", 0) == 0;
      bool title = style == "Title";
      if (title) {
        if (doc_.title.empty()) doc_.title = text;
        b_.heading(text, a, classify_heading(text) ? std::nullopt : std::optional(SectionKind::Title));
      } else if (emit_clause(text, a, doc_, b_)) {
        // numbered clause
      } else if (is_h || styled_heading || looks_like_heading_line(text)) {
        b_.heading(text, a);
      } else {
        b_.paragraph(text, a);
      }
    }
    for (const pugi::xml_node& f : frames) block(f, depth + 1);
  }

  Document& doc_;
  DocumentBuilder& b_;
  int count_ = 0;
};

class OdtReader final : public Reader {
 public:
  std::string_view name() const override { return "odt"; }
  std::vector<std::string> extensions() const override { return {".odt", ".ott"}; }
  bool sniff(std::string_view bytes) const override {
    return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4) && bytes.size() >= 30 + kMime.size() &&
           bytes.substr(30, kMime.size()) == kMime;
  }
  Result read(std::string_view bytes, const std::string& source, const Options& opts) const override {
    static const OfficeFormat kFormat{"odt", "ODT", "content.xml", "content.xml has no office:body/office:text"};
    auto find_body = [](const pugi::xml_document& x) {
      pugi::xml_node text;
      for (pugi::xml_node root : x.children()) {
        if (root.type() != pugi::node_element || local(root) != "document-content") continue;
        for (pugi::xml_node body : root.children())
          if (local(body) == "body")
            for (pugi::xml_node t : body.children())
              if (local(t) == "text") text = t;
      }
      return text;
    };
    auto walk = [](ZipArchive&, pugi::xml_node text, Document& doc, DocumentBuilder& b) {
      OdtWalker w(doc, b);
      w.block(text, 0);
    };
    return read_office(bytes, source, opts, kFormat, find_body, walk);
  }
};

}  // namespace

PEERAUDIT_REGISTER_READER(OdtReader);

}  // namespace peeraudit::ingest
