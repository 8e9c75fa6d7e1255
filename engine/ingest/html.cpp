// HTML reader (gumbo). Visible text only; h1-h6 and bold-only blocks become
// headings; p/li/td/div/br make separate lines; a schema.org JobPosting in
// JSON-LD is preferred over the page text when it has a description.
// Anchors are line:column (1-based, columns in UTF-8 characters) and byte
// offsets in the HTML source: one per line, plus one wherever the text stops
// following the source one for one (collapsed white space, an entity, a new
// text node), so a match inside a line still maps to its exact place.
#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <nlohmann/json.hpp>
#include <limits>
#include <regex>
#include <utility>
#include <vector>

#include "core/strings.hpp"
#include "ingest/builder.hpp"
#include "ingest/html_text.hpp"
#include "ingest/reader.hpp"

namespace peeraudit::ingest {

namespace {

constexpr std::size_t npos = std::string::npos;
constexpr int kMaxDepth = 400;

using text::lower;
using text::trim;
std::size_t utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

using text::word_count;

// Byte offset -> 1-based line and column (UTF-8 characters). Offsets mostly
// arrive in increasing order, so it walks forward from the last answer.
class SourcePositions {
 public:
  explicit SourcePositions(std::string_view src) : src_(src) {}
  std::pair<int, int> at(std::size_t off) {
    off = std::min(off, src_.size());
    if (off < off_) {
      off_ = 0;
      line_ = 1;
      col_ = 1;
    }
    for (; off_ < off; ++off_) {
      unsigned char c = static_cast<unsigned char>(src_[off_]);
      if (c == '\n') {
        ++line_;
        col_ = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++col_;
      }
    }
    return {line_, col_};
  }

 private:
  std::string_view src_;
  std::size_t off_ = 0;
  int line_ = 1, col_ = 1;
};

const char* attr(const GumboNode* n, const char* name) {
  if (n->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

bool is_hidden(const GumboNode* n) {
  if (attr(n, "hidden")) return true;
  if (const char* v = attr(n, "aria-hidden"); v && lower(trim(v)) == "true") return true;
  if (const char* v = attr(n, "style")) {
    std::string s;
    for (char c : lower(v))
      if (!std::isspace(static_cast<unsigned char>(c))) s += c;
    if (s.find("display:none") != npos || s.find("visibility:hidden") != npos) return true;
  }
  return false;
}

bool skipped_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NAV: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_HEAD:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_SVG: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_MATH: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_MAP:
      return true;
    default:
      return false;
  }
}

bool block_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FORM: case GUMBO_TAG_HR: case GUMBO_TAG_HTML:
    case GUMBO_TAG_LI: case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_OL:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TH: case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_UL:
    case GUMBO_TAG_BR: case GUMBO_TAG_OPTION: case GUMBO_TAG_LEGEND: case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_LISTING: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_XMP:
      return true;
    default:
      return false;
  }
}

bool heading_tag(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 ||
         t == GUMBO_TAG_H6;
}

struct GumboDoc {
  GumboOutput* out = nullptr;
  explicit GumboDoc(std::string_view s) {
    GumboOptions o = kGumboDefaultOptions;
    o.max_errors = 0;  // do not collect parse errors: we do not report them
    out = gumbo_parse_with_options(&o, s.data(), s.size());
  }
  ~GumboDoc() {
    if (out) gumbo_destroy_output(&kGumboDefaultOptions, out);
  }
  GumboDoc(const GumboDoc&) = delete;
  GumboDoc& operator=(const GumboDoc&) = delete;
};

// Walks the tree and turns blocks into builder lines.
class Walker {
 public:
  Walker(std::string_view src, Document& doc, DocumentBuilder& b, const std::optional<Anchor>& fixed)
      : src_(src), pos_(src), doc_(doc), b_(b), fixed_(fixed) {}

  void walk(const GumboNode* n, int depth) {
    if (depth > kMaxDepth) {
      // Pathologically deep markup: keep the subtree's text, flattened,
      // without recursing further.
      std::string t = collect_text(n);
      for (std::size_t j = 0; j < t.size();) {
        std::size_t len = std::min(utf8_len(static_cast<unsigned char>(t[j])), t.size() - j);
        put(std::string_view(t).substr(j, len), npos);
        j += len;
      }
      put(" ", npos);
      return;
    }
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        text(n);
        return;
      case GUMBO_NODE_DOCUMENT:
        children(&n->v.document.children, depth);
        return;
      case GUMBO_NODE_ELEMENT:
        break;
      default:
        return;  // comments, templates
    }
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_TITLE) {
      if (title_.empty()) title_ = collect_text(n);
      return;
    }
    if (skipped_tag(t) || is_hidden(n)) {
      if (t == GUMBO_TAG_HEAD) find_title(n);
      return;
    }
    if (heading_tag(t)) {
      flush();
      ++heading_;
      // The first h1, before any text, names the posting: a Title section.
      h1_title_ = t == GUMBO_TAG_H1 && doc_.text.empty();
      children(&n->v.element.children, depth);
      flush();
      h1_title_ = false;
      --heading_;
      return;
    }
    if (t == GUMBO_TAG_PRE) pre_++;
    bool block = block_tag(t);
    bool bold = t == GUMBO_TAG_B || t == GUMBO_TAG_STRONG;
    if (block) flush();
    if (bold) ++bold_;
    children(&n->v.element.children, depth);
    if (bold) --bold_;
    if (block) flush();
    if (t == GUMBO_TAG_PRE) pre_--;
  }

  void finish() { flush(); }
  const std::string& title() const { return title_.empty() ? h1_text_ : title_; }

 private:
  struct Mark {
    std::size_t at;   // byte in the block text
    std::size_t src;  // byte in the source
  };

  void children(const GumboVector* v, int depth) {
    for (unsigned i = 0; i < v->length; ++i) walk(static_cast<const GumboNode*>(v->data[i]), depth + 1);
  }

  void find_title(const GumboNode* head) {
    const GumboVector* v = &head->v.element.children;
    for (unsigned i = 0; i < v->length; ++i) {
      auto* c = static_cast<const GumboNode*>(v->data[i]);
      if (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == GUMBO_TAG_TITLE && title_.empty())
        title_ = collect_text(c);
    }
  }

  static std::string collect_text(const GumboNode* n) {
    std::string raw;
    std::vector<const GumboNode*> stack{n};
    while (!stack.empty()) {
      const GumboNode* x = stack.back();
      stack.pop_back();
      if (x->type == GUMBO_NODE_TEXT || x->type == GUMBO_NODE_WHITESPACE || x->type == GUMBO_NODE_CDATA) {
        raw += x->v.text.text;
      } else if (x->type == GUMBO_NODE_ELEMENT) {
        const GumboVector* v = &x->v.element.children;
        for (unsigned i = v->length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(v->data[i]));
      }
    }
    return text::collapse_spaces(raw);
  }

  // One character (1-4 bytes) of decoded text; `src` is its source offset
  // or npos when unknown.
  void put(std::string_view ch, std::size_t src) {
    bool ws = ch == " " || ch == "\t" || ch == "\n" || ch == "\r" || ch == "\f" || ch == "\xC2\xA0";
    if (ch == "\n" && pre_ > 0) {
      flush();
      need_mark_ = true;
      return;
    }
    if (ws) {
      if (pending_space_ || ch != " ") need_mark_ = true;
      pending_space_ = !text_.empty();
      if (text_.empty()) need_mark_ = true;
      return;
    }
    if (pending_space_) text_ += ' ';
    pending_space_ = false;
    if (need_mark_) {
      if (src != npos) marks_.push_back({text_.size(), src});
      need_mark_ = false;
    }
    text_ += ch;
    if (bold_ > 0 || heading_ > 0) {
      if (!any_plain_) bold_end_ = text_.size();
    } else {
      any_plain_ = true;
    }
  }

  void text(const GumboNode* n) {
    std::string_view dec = n->v.text.text ? n->v.text.text : "";
    const GumboStringPiece& o = n->v.text.original_text;
    std::string_view raw;
    std::size_t base = n->v.text.start_pos.offset;
    if (o.data && o.data >= src_.data() && o.data + o.length <= src_.data() + src_.size()) {
      raw = std::string_view(o.data, o.length);
      base = static_cast<std::size_t>(o.data - src_.data());
    }
    need_mark_ = true;
    bool aligned = !raw.empty();
    std::size_t i = 0, j = 0;
    while (j < dec.size()) {
      std::size_t len = std::min(utf8_len(static_cast<unsigned char>(dec[j])), dec.size() - j);
      std::string_view ch = dec.substr(j, len);
      if (aligned && i < raw.size()) {
        if (raw[i] == '&' && entity_end(raw, i) != npos) {
          std::size_t k = entity_end(raw, i);
          put(ch, base + i);
          need_mark_ = true;
          i = k;
          j += len;
          continue;
        }
        if (raw.substr(i, len) == ch) {
          put(ch, base + i);
          i += len;
          j += len;
          continue;
        }
        if (raw[i] == '\r' && ch == "\n") {
          put(ch, base + i);
          i += (i + 1 < raw.size() && raw[i + 1] == '\n') ? 2 : 1;
          j += len;
          continue;
        }
        aligned = false;
      }
      put(ch, npos);
      j += len;
    }
    if (block_src_ == npos) block_src_ = base;
  }

  // End of a character reference starting at raw[i] == '&', or npos.
  static std::size_t entity_end(std::string_view raw, std::size_t i) {
    std::size_t k = i + 1;
    if (k < raw.size() && raw[k] == '#') {
      ++k;
      if (k < raw.size() && (raw[k] == 'x' || raw[k] == 'X')) ++k;
      std::size_t d = k;
      while (k < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[k]))) ++k;
      if (k == d) return npos;
    } else {
      std::size_t d = k;
      while (k < raw.size() && k - d < 40 && std::isalnum(static_cast<unsigned char>(raw[k]))) ++k;
      if (k == d) return npos;
      if (k >= raw.size() || raw[k] != ';') return npos;  // bare "&word": leave it to the fallback
    }
    if (k < raw.size() && raw[k] == ';') ++k;
    return k;
  }

  Anchor anchor_at(std::size_t src) {
    if (fixed_) return *fixed_;
    Anchor a;
    a.source_offset = src;
    auto [line, col] = pos_.at(src);
    a.line = line;
    a.column = col;
    return a;
  }

  // Emits block text [from, to) with the marks inside it.
  void emit(bool as_heading, std::size_t from, std::size_t to) {
    std::string_view s = std::string_view(text_).substr(from, to - from);
    while (!s.empty() && s.front() == ' ') {
      s.remove_prefix(1);
      ++from;
    }
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (s.empty()) return;
    // The source of the first byte: the last mark at or before it.
    // Between two marks the text follows the source byte for byte.
    std::size_t src = block_src_ == npos ? 0 : block_src_;
    for (const Mark& m : marks_)
      if (m.at <= from) src = m.src + (from - m.at);
    Anchor a = anchor_at(src);
    std::size_t before = doc_.map.anchors.size();
    std::string line(s);
    sanitize_utf8(line);
    if (as_heading && h1_title_ && !classify_heading(line)) {
      b_.heading(line, a, SectionKind::Title);
      if (h1_text_.empty()) h1_text_ = line;
    } else if (!emit_clause(line, a, doc_, b_)) {
      if (as_heading) b_.heading(line, a);
      else b_.paragraph(line, a);
    }
    if (fixed_ || doc_.map.anchors.size() == before) return;
    std::size_t base = doc_.map.anchors.back().text_offset;
    for (const Mark& m : marks_) {
      if (m.at <= from || m.at >= from + s.size()) continue;
      Anchor x = anchor_at(m.src);
      x.text_offset = base + (m.at - from);
      doc_.map.anchors.push_back(x);
    }
  }

  void flush() {
    pending_space_ = false;
    if (!text_.empty()) {
      std::string_view t = text_;
      bool all_bold = !any_plain_;
      bool short_line = word_count(t) <= 12 && t.size() <= 100;
      char last = t.back();
      bool sentence = last == '.' || last == ';' || last == ',' || last == '!' || last == '?';
      if (heading_ > 0) {
        emit(true, 0, t.size());
      } else if (all_bold && short_line && !sentence) {
        emit(true, 0, t.size());
      } else if (any_plain_ && bold_end_ > 0) {
        // "<b>Duties:</b> Provides ..." -> a heading and its paragraph, when
        // the lead-in names a known section.
        std::string_view lead = trim(t.substr(0, bold_end_));
        std::string_view rest = trim(t.substr(bold_end_));
        bool colon = (!lead.empty() && lead.back() == ':') || (!rest.empty() && rest.front() == ':');
        if (colon && !rest.empty() && word_count(lead) <= 6 && classify_heading(lead).has_value()) {
          std::size_t rest_from = bold_end_;
          while (rest_from < t.size() && (t[rest_from] == ' ' || t[rest_from] == ':')) ++rest_from;
          emit(true, 0, bold_end_);
          emit(false, rest_from, t.size());
        } else {
          emit(false, 0, t.size());
        }
      } else {
        emit(false, 0, t.size());
      }
    }
    text_.clear();
    marks_.clear();
    any_plain_ = false;
    bold_end_ = 0;
    block_src_ = npos;
    need_mark_ = true;
  }

  std::string_view src_;
  SourcePositions pos_;
  Document& doc_;
  DocumentBuilder& b_;
  std::optional<Anchor> fixed_;
  std::string title_;
  std::string text_;
  std::vector<Mark> marks_;
  std::size_t block_src_ = npos;
  bool pending_space_ = false;
  bool h1_title_ = false;
  std::string h1_text_;
  bool need_mark_ = true;
  bool any_plain_ = false;
  std::size_t bold_end_ = 0;
  int bold_ = 0, heading_ = 0, pre_ = 0;
};

// ------------------------------------------------------------ JSON-LD -------

bool is_job_posting(const nlohmann::json& j) {
  if (!j.is_object()) return false;
  auto it = j.find("@type");
  if (it == j.end()) return false;
  auto ends = [](const std::string& s) {
    return s.size() >= 10 && s.compare(s.size() - 10, 10, "JobPosting") == 0;
  };
  if (it->is_string()) return ends(it->get<std::string>());
  if (it->is_array())
    for (const auto& t : *it)
      if (t.is_string() && ends(t.get<std::string>())) return true;
  return false;
}

const nlohmann::json* find_job_posting(const nlohmann::json& j, int depth = 0) {
  if (depth > 20) return nullptr;
  if (is_job_posting(j)) return &j;
  if (j.is_array()) {
    for (const auto& x : j)
      if (auto* p = find_job_posting(x, depth + 1)) return p;
  } else if (j.is_object()) {
    if (auto it = j.find("@graph"); it != j.end())
      if (auto* p = find_job_posting(*it, depth + 1)) return p;
    for (const auto& [k, v] : j.items())
      if (k != "@graph" && (v.is_object() || v.is_array()))
        if (auto* p = find_job_posting(v, depth + 1)) return p;
  }
  return nullptr;
}

std::string json_text(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {
    for (const char* k : {"name", "description", "text"})
      if (auto n = it->find(k); n != it->end() && n->is_string()) return n->get<std::string>();
  }
  if (it->is_array()) {
    std::string out;
    for (const auto& x : *it)
      if (x.is_string()) out += (out.empty() ? "" : "\n") + x.get<std::string>();
    return out;
  }
  return {};
}

struct LdScript {
  std::string_view raw;  // the script text, in the source
  std::size_t offset = 0;
};

void find_ld_scripts(const GumboNode* root, std::string_view src, std::vector<LdScript>& out) {
  std::vector<std::pair<const GumboNode*, int>> stack{{root, 0}};
  while (!stack.empty()) {
    auto [n, d] = stack.back();
    stack.pop_back();
    if (d > kMaxDepth) continue;
    const GumboVector* kids = nullptr;
    if (n->type == GUMBO_NODE_DOCUMENT) kids = &n->v.document.children;
    if (n->type == GUMBO_NODE_ELEMENT) {
      if (n->v.element.tag == GUMBO_TAG_SCRIPT) {
        const char* t = attr(n, "type");
        if (t && lower(trim(t)) == "application/ld+json" && n->v.element.children.length > 0) {
          auto* c = static_cast<const GumboNode*>(n->v.element.children.data[0]);
          if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_CDATA) {
            const GumboStringPiece& o = c->v.text.original_text;
            LdScript s;
            s.raw = c->v.text.text;
            s.offset = c->v.text.start_pos.offset;
            if (o.data && o.data >= src.data() && o.data + o.length <= src.data() + src.size()) {
              s.raw = std::string_view(o.data, o.length);
              s.offset = static_cast<std::size_t>(o.data - src.data());
            }
            out.push_back(s);
          }
        }
        continue;
      }
      kids = &n->v.element.children;
    }
    if (kids)
      for (unsigned i = kids->length; i-- > 0;) stack.push_back({static_cast<const GumboNode*>(kids->data[i]), d + 1});
  }
}

// Entity-escaped HTML inside JSON ("&lt;p&gt;") -> HTML.
std::string unescape_html_text(const std::string& s) {
  GumboDoc g(s);
  std::string out;
  std::vector<const GumboNode*> stack{g.out->root};
  while (!stack.empty()) {
    const GumboNode* x = stack.back();
    stack.pop_back();
    if (x->type == GUMBO_NODE_TEXT || x->type == GUMBO_NODE_WHITESPACE || x->type == GUMBO_NODE_CDATA) {
      out += x->v.text.text;
    } else if (x->type == GUMBO_NODE_ELEMENT) {
      const GumboVector* v = &x->v.element.children;
      for (unsigned i = v->length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(v->data[i]));
    }
  }
  return out;
}

void add_field_text(const std::string& value, Document& doc, DocumentBuilder& b, const Anchor& a) {
  field_to_document(value, doc, b, [&](std::size_t) { return a; });
}

// Fills doc from a JobPosting; false when it has no description to audit.
bool read_job_posting(std::string_view src, Document& doc, DocumentBuilder& b) {
  std::vector<LdScript> scripts;
  {
    GumboDoc g(src);
    find_ld_scripts(g.out->root, src, scripts);
  }
  SourcePositions pos(src);
  for (const LdScript& s : scripts) {
    nlohmann::json j = nlohmann::json::parse(s.raw.begin(), s.raw.end(), nullptr, false);
    if (j.is_discarded()) continue;
    const nlohmann::json* jp = find_job_posting(j);
    if (!jp) continue;
    std::string description = json_text(*jp, "description");
    std::string responsibilities = json_text(*jp, "responsibilities");
    if (trim(description).empty() && trim(responsibilities).empty()) continue;
    auto anchor_for = [&](const char* key) {
      std::string needle = std::string("\"") + key + "\"";
      std::size_t at = s.raw.find(needle);
      Anchor a;
      a.source_offset = s.offset + (at == npos ? 0 : at);
      auto [line, col] = pos.at(a.source_offset);
      a.line = line;
      a.column = col;
      return a;
    };
    std::string title = json_text(*jp, "title");
    if (!trim(title).empty()) {
      doc.title = std::string(trim(title));
      sanitize_utf8(doc.title);
      b.heading(doc.title, anchor_for("title"), SectionKind::Title);
    }
    std::string org = json_text(*jp, "hiringOrganization");
    if (!trim(org).empty()) {
      sanitize_utf8(org);
      b.paragraph(org, anchor_for("hiringOrganization"));
    }
    if (!trim(description).empty()) add_field_text(description, doc, b, anchor_for("description"));
    struct Extra {
      const char* key;
      const char* heading;
    };
    for (const Extra& e : {Extra{"responsibilities", "Responsibilities"}, Extra{"qualifications", "Qualifications"},
                           Extra{"skills", "Skills"}, Extra{"experienceRequirements", "Experience Requirements"},
                           Extra{"educationRequirements", "Education Requirements"},
                           Extra{"jobBenefits", "Benefits"}}) {
      std::string v = json_text(*jp, e.key);
      if (trim(v).empty()) continue;
      Anchor a = anchor_for(e.key);
      b.heading(e.heading, a);
      add_field_text(v, doc, b, a);
    }
    return true;
  }
  return false;
}

class HtmlReader final : public Reader {
 public:
  std::string_view name() const override { return "html"; }
  std::vector<std::string> extensions() const override { return {".html", ".htm", ".xhtml"}; }
  bool sniff(std::string_view bytes) const override {
    if (bytes.substr(0, 5) == "%PDF-" || bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return false;
    // "<!doctype html" or "<html", in any case, within the first KB. Every
    // file is sniffed, so look only at each '<' instead of lower-casing a copy.
    std::string_view head = bytes.substr(0, 1024);
    auto at = [&](std::size_t i, std::string_view word) {  // word is lower case
      if (head.size() - i < word.size()) return false;
      for (std::size_t k = 0; k < word.size(); ++k) {
        char c = head[i + k];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != word[k]) return false;
      }
      return true;
    };
    for (std::size_t i = head.find('<'); i != npos; i = head.find('<', i + 1))
      if (at(i, "<!doctype html") || at(i, "<html")) return true;
    return false;
  }
  Result read(std::string_view bytes, const std::string& source, const Options&) const override {
    Result res;
    try {
      std::size_t skip = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
      if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
        res.errors.push_back({source, 0, "UTF-16 HTML is not supported; save it as UTF-8"});
        return res;
      }
      // Same length as the input: gumbo's offsets stay file offsets.
      std::string src(bytes);
      for (std::size_t i = 0; i < skip; ++i) src[i] = ' ';
      std::size_t bad = sanitize_utf8(src);
      if (src.size() > std::numeric_limits<unsigned int>::max()) {
        res.errors.push_back({source, 0, "HTML file too large"});
        return res;
      }
      Document doc;
      doc.id = source;
      doc.source = source;
      doc.format = "html";
      DocumentBuilder b(doc);
      // A JobPosting in JSON-LD is the posting as its publisher meant it;
      // otherwise the visible page text.
      if (!read_job_posting(src, doc, b)) {
        GumboDoc g(src);
        Walker w(src, doc, b, std::nullopt);
        w.walk(g.out->document, 0);
        w.finish();
        doc.title = w.title();
        sanitize_utf8(doc.title);
      }
      b.finish();
      if (bad > 0) res.errors.push_back({source, 0, "invalid UTF-8: " + std::to_string(bad) + " byte(s) replaced by '?'"});
      if (trim(doc.text).empty()) {
        res.errors.push_back({source, 0, "no visible text in the HTML"});
        return res;
      }
      res.documents.push_back(std::move(doc));
    } catch (const std::exception& e) {
      res.errors.push_back({source, 0, std::string("html: ") + e.what()});
    }
    return res;
  }
};

}  // namespace

// ------------------------------------------------------ shared helpers -----

bool looks_like_html(std::string_view t) {
  return t.find("<p") != npos || t.find("<li") != npos || t.find("<br") != npos || t.find("</") != npos ||
         t.find("<P") != npos || t.find("<LI") != npos || t.find("<BR") != npos;
}

void html_to_document(std::string_view html, Document& doc, DocumentBuilder& builder, const std::optional<Anchor>& fixed) {
  std::string src(html);
  sanitize_utf8(src);
  GumboDoc g(src);
  Walker w(src, doc, builder, fixed);
  w.walk(g.out->document, 0);
  w.finish();
}

void field_to_document(std::string_view value, Document& doc, DocumentBuilder& b,
                       const std::function<Anchor(std::size_t)>& anchor_for) {
  std::string v(value);
  if (!looks_like_html(v) && v.find("&lt;") != npos) v = unescape_html_text(v);
  if (looks_like_html(v)) {
    html_to_document(v, doc, b, anchor_for(0));
  } else {
    text_to_document(value, doc, b, anchor_for);
  }
}

bool looks_like_heading_line(std::string_view raw) {
  std::string_view line = trim(raw);
  if (line.empty()) return false;
  bool md = line.front() == '#';
  bool bold = line.size() > 4 && line.substr(0, 2) == "**" && line.substr(line.size() - 2) == "**";
  std::string h;
  for (char c : line)
    if (c != '*' && c != '_' && c != '#') h += c;
  std::string_view hv = trim(h);
  while (!hv.empty() && (hv.back() == ':' || hv.back() == '-')) hv.remove_suffix(1);
  hv = trim(hv);
  if (hv.empty()) return false;
  std::size_t words = word_count(hv);
  bool short_line = words <= 8 && hv.size() <= 70;
  char last = line.back();
  bool sentence = last == '.' || last == ',' || last == ';' || last == '!' || last == '?';
  if (md) return true;
  if (!short_line || sentence) return false;
  int upper = 0;
  bool lower_seen = false;
  for (char c : hv) {
    if (std::islower(static_cast<unsigned char>(c))) lower_seen = true;
    if (std::isupper(static_cast<unsigned char>(c))) ++upper;
  }
  bool caps = !lower_seen && upper >= 3;
  return last == ':' || bold || caps || classify_heading(hv).has_value();
}

void text_to_document(std::string_view text, Document& doc, DocumentBuilder& b,
                      const std::function<Anchor(std::size_t)>& anchor_for) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    std::size_t end = nl == npos ? text.size() : nl;
    std::string_view raw = text.substr(start, end - start);
    std::size_t lead = 0;
    while (lead < raw.size() && std::isspace(static_cast<unsigned char>(raw[lead]))) ++lead;
    std::string line(trim(raw));
    if (!line.empty()) {
      sanitize_utf8(line);
      Anchor a = anchor_for(start + lead);
      if (looks_like_heading_line(line)) {
        if (!emit_clause(line, a, doc, b)) b.heading(line, a);
      } else if (!emit_clause(line, a, doc, b)) {
        b.paragraph(line, a);
      }
    }
    if (nl == npos) break;
    start = nl + 1;
  }
}

std::optional<Clause> parse_clause(std::string_view line) {
  // Only the head of the line goes through std::regex (it recurses per
  // character); the words after the number are taken from the line itself.
  static const std::regex named(
      R"(\s*(article|section|clause|part|schedule|appendix|exhibit|annex|§)\s*([0-9]+(?:\.[0-9]+)*|[ivxlcdm]+|[a-z])(?=[\s.:)—–-]|$)\.?\)?\s*(?:[—–:-]+\s*)?)",
      std::regex::icase | std::regex::ECMAScript | std::regex::optimize);
  static const std::regex multi(R"(\s*([0-9]{1,3}(?:\.[0-9]{1,3}){1,5})\.?\)?\s+(?=\S))",
                                std::regex::ECMAScript | std::regex::optimize);
  static const std::regex single(R"(\s*([0-9]{1,3})[.)]\s+(?=\S))", std::regex::ECMAScript | std::regex::optimize);
  {
    // Cheap test first: most lines start with neither a digit nor a label.
    std::string_view t = trim(line);
    if (t.empty()) return std::nullopt;
    if (!std::isdigit(static_cast<unsigned char>(t[0])) && t.substr(0, 2) != "\xC2\xA7") {
      std::size_t w = 0;
      while (w < t.size() && w < 10 && std::isalpha(static_cast<unsigned char>(t[w]))) ++w;
      std::string word = lower(t.substr(0, w));
      static const char* const labels[] = {"article", "section", "clause", "part", "schedule",
                                           "appendix", "exhibit", "annex"};
      if (std::none_of(std::begin(labels), std::end(labels), [&](const char* l) { return word == l; }))
        return std::nullopt;
    }
  }
  std::string head(line.substr(0, 160));
  std::smatch m;
  Clause c;
  auto rest_after = [&](std::size_t n) { return std::string(trim(line.substr(std::min(n, line.size())))); };
  auto upper_start = [](const std::string& r) {
    unsigned char f = r.empty() ? 0 : static_cast<unsigned char>(r[0]);
    return std::isupper(f) || std::isdigit(f) || f == '(' || f == '"' || f >= 0x80;
  };
  auto flags = std::regex_constants::match_continuous;
  if (std::regex_search(head, m, named, flags)) {
    c.named = true;
    c.number = m[2].str();
    std::string word = m[1].str();
    c.label = word + (word == "§" ? "" : " ") + c.number;
    c.rest = rest_after(static_cast<std::size_t>(m.length(0)));
    if (!c.rest.empty() && !upper_start(c.rest)) return std::nullopt;  // "section 4 of the act says ..."
    return c;
  }
  if (std::regex_search(head, m, multi, flags)) {
    c.number = m[1].str();
    c.label = c.number;
    c.rest = rest_after(static_cast<std::size_t>(m.length(0)));
    if (!upper_start(c.rest) || std::isdigit(static_cast<unsigned char>(c.rest[0]))) return std::nullopt;
    return c;
  }
  if (std::regex_search(head, m, single, flags)) {
    c.number = m[1].str();
    c.label = c.number + ".";
    c.rest = rest_after(static_cast<std::size_t>(m.length(0)));
    if (!upper_start(c.rest) || std::isdigit(static_cast<unsigned char>(c.rest[0]))) return std::nullopt;
    return c;
  }
  return std::nullopt;
}

bool emit_clause(std::string_view line, const Anchor& where, Document& doc, DocumentBuilder& b) {
  std::optional<Clause> c = parse_clause(line);
  if (!c) return false;
  std::string_view rest = trim(c->rest);
  char last = rest.empty() ? ' ' : rest.back();
  bool sentence = last == '.' || last == ';' || last == ',' || last == '!' || last == '?';
  bool short_heading = word_count(rest) <= 10 && rest.size() <= 80 && !sentence;
  std::optional<SectionKind> kind;
  if (short_heading && !rest.empty()) kind = classify_heading(rest);
  if (!kind) {
    // The parent clause: the nearest earlier numbered section whose number
    // is a prefix ("12" for "12.3").
    for (auto it = doc.sections.rbegin(); it != doc.sections.rend(); ++it) {
      if (it->number.empty() || it->number.size() >= c->number.size()) continue;
      if (c->number.compare(0, it->number.size(), it->number) == 0 && c->number[it->number.size()] == '.') {
        kind = it->kind;
        break;
      }
    }
  }
  if (!kind && !(c->named && short_heading)) kind = doc.sections.empty() ? SectionKind::Other : doc.sections.back().kind;
  if (!kind || *kind == SectionKind::Title) kind = SectionKind::Other;
  b.heading(line, where, kind, c->number);
  if (!short_heading && !doc.sections.empty() && doc.sections.back().number == c->number) doc.sections.back().heading = c->label;
  return true;
}

PEERAUDIT_REGISTER_READER(HtmlReader);

}  // namespace peeraudit::ingest
