// DOCX reader (libzip + pugixml): the paragraphs of word/document.xml, in
// order, table cells and text boxes included. Headings: Heading1-9 / Title
// styles (by id, or by name via word/styles.xml, or an outline level), short
// bold-only paragraphs, and short lines that look like headings; numbered
// clauses ("Article 12 — Duties", "12.3 ...") open numbered sections.
// Anchor.paragraph is the 1-based number of the w:p element in document
// order (empty paragraphs counted), line = 0.
#include <pugixml.hpp>

#include <cctype>
#include <map>
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

std::string_view local(const pugi::xml_node& n) {
  std::string_view s = n.name();
  auto c = s.find(':');
  return c == std::string_view::npos ? s : s.substr(c + 1);
}

// An attribute by local name ("w:val" -> "val").
const char* attr(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_attribute a : n.attributes()) {
    std::string_view s = a.name();
    auto c = s.find(':');
    if ((c == std::string_view::npos ? s : s.substr(c + 1)) == name) return a.value();
  }
  return nullptr;
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c : n.children())
    if (c.type() == pugi::node_element && local(c) == name) return c;
  return {};
}

using text::lower;
std::string collapse(std::string_view s) { return text::collapse_spaces(s); }
bool on(const pugi::xml_node& prop) {
  if (!prop) return false;
  const char* v = attr(prop, "val");
  if (!v) return true;
  std::string s = lower(v);
  return s != "0" && s != "false" && s != "off" && s != "none";
}

struct Style {
  std::string name;     // lower case
  int outline = -1;     // 0-8 when the style sets an outline level
  bool bold = false;
  std::string based_on;
};

struct Para {
  std::string text;
  bool all_bold = true;
  bool any_text = false;
};

class DocxWalker {
 public:
  DocxWalker(Document& doc, DocumentBuilder& b, const std::map<std::string, Style>& styles)
      : doc_(doc), b_(b), styles_(styles) {}

  void block(const pugi::xml_node& n, int depth) {
    if (depth > kMaxDepth) return;
    for (pugi::xml_node c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = local(c);
      if (name == "p") {
        paragraph(c, depth + 1);
      } else if (name == "sectPr" || name == "del" || name == "moveFrom" || name == "Fallback") {
        continue;
      } else {
        block(c, depth + 1);  // tbl, tr, tc, sdt, sdtContent, customXml, ...
      }
    }
  }

 private:
  void runs(const pugi::xml_node& n, Para& p, bool bold, std::vector<pugi::xml_node>& boxes, int depth) {
    if (depth > kMaxDepth) return;
    for (pugi::xml_node c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = local(c);
      if (name == "pPr" || name == "rPr" || name == "del" || name == "moveFrom" || name == "delText" ||
          name == "instrText" || name == "fldData" || name == "Fallback" || name == "footnoteReference" ||
          name == "endnoteReference" || name == "commentReference") {
        continue;
      }
      if (name == "txbxContent") {
        boxes.push_back(c);
        continue;
      }
      if (name == "r") {
        pugi::xml_node rpr = child(c, "rPr");
        bool b = bold || on(child(rpr, "b")) || on(child(rpr, "bCs"));
        if (pugi::xml_node bn = child(rpr, "b"); bn && !on(bn)) b = false;
        runs(c, p, b, boxes, depth + 1);
        continue;
      }
      if (name == "t") {
        std::string_view t = c.text().get();
        p.text += t;
        for (char ch : t)
          if (!std::isspace(static_cast<unsigned char>(ch))) {
            p.any_text = true;
            if (!bold) p.all_bold = false;
            break;
          }
      } else if (name == "tab" || name == "br" || name == "cr" || name == "ptab") {
        p.text += ' ';
      } else if (name == "noBreakHyphen") {
        p.text += '-';
      } else if (name == "p") {
        // A paragraph inside a paragraph (text box without txbxContent): later.
        boxes.push_back(c);
      } else {
        runs(c, p, bold, boxes, depth + 1);  // hyperlink, ins, smartTag, sdt, fldSimple, AlternateContent ...
      }
    }
  }

  // The style's heading level, following basedOn; -1 when not a heading.
  int style_level(const std::string& id, bool& title, bool& bold) const {
    std::string cur = id;
    for (int hop = 0; hop < 10 && !cur.empty(); ++hop) {
      std::string lid = lower(cur);
      if (lid == "title") {
        title = true;
        return 0;
      }
      if (lid.size() >= 8 && lid.rfind("heading", 0) == 0 && std::isdigit(static_cast<unsigned char>(lid.back())))
        return lid.back() - '1';
      auto it = styles_.find(cur);
      if (it == styles_.end()) return -1;
      const Style& s = it->second;
      bold = bold || s.bold;
      if (s.name == "title") {
        title = true;
        return 0;
      }
      if (s.name.rfind("heading ", 0) == 0 && s.name.size() == 9 && std::isdigit(static_cast<unsigned char>(s.name[8])))
        return s.name[8] - '1';
      if (s.outline >= 0 && s.outline <= 8) return s.outline;
      cur = s.based_on;
    }
    return -1;
  }

  void paragraph(const pugi::xml_node& p, int depth) {
    int number = ++count_;
    Para para;
    std::vector<pugi::xml_node> boxes;
    pugi::xml_node ppr = child(p, "pPr");
    bool title = false, style_bold = false;
    int level = -1;
    if (pugi::xml_node ps = child(ppr, "pStyle")) {
      if (const char* v = attr(ps, "val")) level = style_level(v, title, style_bold);
    }
    if (pugi::xml_node ol = child(ppr, "outlineLvl")) {
      if (const char* v = attr(ol, "val")) {
        int l = std::atoi(v);
        if (l >= 0 && l <= 8) level = l;
      }
    }
    runs(p, para, style_bold, boxes, depth + 1);
    std::string text = collapse(para.text);
    if (!text.empty()) {
      sanitize_utf8(text);
      Anchor a;
      a.paragraph = number;
      a.line = 0;
      a.column = 1;
      char last = text.back();
      bool sentence = last == '.' || last == ';' || last == ',' || last == '!' || last == '?';
      std::size_t words = 1;
      for (char c : text) words += c == ' ';
      bool bold_heading = para.any_text && para.all_bold && words <= 12 && text.size() <= 100 && !sentence;
      if (title) {
        if (doc_.title.empty()) doc_.title = text;
        b_.heading(text, a, classify_heading(text) ? std::nullopt : std::optional(SectionKind::Title));
      } else if (emit_clause(text, a, doc_, b_)) {
        // numbered clause
      } else if (level >= 0 || bold_heading || looks_like_heading_line(text)) {
        b_.heading(text, a);
      } else {
        b_.paragraph(text, a);
      }
    }
    for (const pugi::xml_node& box : boxes) {
      if (local(box) == "p") paragraph(box, depth + 1);
      else block(box, depth + 1);
    }
  }

  Document& doc_;
  DocumentBuilder& b_;
  const std::map<std::string, Style>& styles_;
  int count_ = 0;
};

std::map<std::string, Style> read_styles(const ZipArchive& zip, std::size_t limit) {
  std::map<std::string, Style> out;
  std::string xml, err;
  if (!zip.has("word/styles.xml") || !zip.read("word/styles.xml", limit, xml, err)) return out;
  pugi::xml_document x;
  if (!x.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8)) return out;
  for (pugi::xml_node root : x.children()) {
    if (root.type() != pugi::node_element) continue;
    for (pugi::xml_node s : root.children()) {
      if (s.type() != pugi::node_element || local(s) != "style") continue;
      const char* id = attr(s, "styleId");
      if (!id) continue;
      Style st;
      if (const char* n = attr(child(s, "name"), "val")) st.name = lower(n);
      if (const char* b = attr(child(s, "basedOn"), "val")) st.based_on = b;
      if (const char* o = attr(child(child(s, "pPr"), "outlineLvl"), "val")) st.outline = std::atoi(o);
      st.bold = on(child(child(s, "rPr"), "b"));
      out[id] = st;
    }
  }
  return out;
}

class DocxReader final : public Reader {
 public:
  std::string_view name() const override { return "docx"; }
  std::vector<std::string> extensions() const override { return {".docx", ".docm", ".dotx"}; }
  bool sniff(std::string_view bytes) const override {
    return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4) &&
           bytes.substr(0, 64 * 1024).find("word/") != std::string_view::npos;
  }
  Result read(std::string_view bytes, const std::string& source, const Options& opts) const override {
    static const OfficeFormat kFormat{"docx", "DOCX", "word/document.xml",
                                      "word/document.xml has no w:document/w:body"};
    auto find_body = [](const pugi::xml_document& x) {
      pugi::xml_node body;
      for (pugi::xml_node root : x.children())
        if (root.type() == pugi::node_element && local(root) == "document") body = child(root, "body");
      return body;
    };
    auto walk = [&](ZipArchive& zip, pugi::xml_node body, Document& doc, DocumentBuilder& b) {
      auto styles = read_styles(zip, opts.max_member_bytes);
      DocxWalker w(doc, b, styles);
      w.block(body, 0);
    };
    return read_office(bytes, source, opts, kFormat, find_body, walk);
  }
};

}  // namespace

PEERAUDIT_REGISTER_READER(DocxReader);

}  // namespace peeraudit::ingest
