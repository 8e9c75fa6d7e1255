#include "report/common.hpp"

#include <filesystem>
#include <system_error>

namespace peeraudit::report {

// ------------------------------------------------------------ fail-on ----

bool is_valid_fail_on(std::string_view s) { return s == "never" || verdict_from_string(s).has_value(); }

std::optional<Verdict> fail_threshold(std::string_view fail_on) {
  if (fail_on == "never") return std::nullopt;
  if (auto v = verdict_from_string(fail_on)) return *v;
  return Verdict::Conflict;
}

bool fails(Verdict v, std::string_view fail_on) {
  auto t = fail_threshold(fail_on);
  return t && static_cast<int>(v) >= static_cast<int>(*t);
}

// ------------------------------------------------------------ verdicts ----

VerdictStyle verdict_style(Verdict v) {
  // Colours chosen for contrast with their text colour (WCAG AA for the
  // badge text size).
  switch (v) {
    case Verdict::Moratorium: return {"#8b0000", "#ffffff"};  // dark red
    case Verdict::Conflict: return {"#b84700", "#ffffff"};    // orange
    case Verdict::Review: return {"#ffbf00", "#000000"};      // amber
    case Verdict::Clear: return {"#1e7b34", "#ffffff"};       // green
  }
  return {"#555555", "#ffffff"};
}

std::string_view verdict_label(Verdict v) {
  switch (v) {
    case Verdict::Moratorium: return "Moratorium applies";
    case Verdict::Conflict: return "Conflict with peer values";
    case Verdict::Review: return "Needs review";
    case Verdict::Clear: return "No concerns found";
  }
  return "?";
}

std::string_view verdict_explanation(Verdict v) {
  switch (v) {
    case Verdict::Moratorium:
      return "The position places a peer specialist in a coercive setting covered by the moratorium "
             "(inpatient, psychiatric emergency, mobile crisis, ACT, or another coercive program).";
    case Verdict::Conflict:
      return "The position asks a peer specialist to do things that conflict with peer support values "
             "(medication monitoring, reporting on people, enforcing court orders, restraint, or "
             "involuntary holds).";
    case Verdict::Review:
      return "Weaker concerns that a person should look at: non-peer tasks, working under clinical "
             "direction, or poor working conditions.";
    case Verdict::Clear: return "None of the moratorium criteria were found.";
  }
  return "";
}

std::string_view default_level(Verdict category, Sign sign) {
  if (sign == Sign::Positive) return "note";
  switch (category) {
    case Verdict::Moratorium:
    case Verdict::Conflict: return "error";
    case Verdict::Review: return "warning";
    case Verdict::Clear: return "note";
  }
  return "note";
}

Verdict most_severe(const std::vector<const Finding*>& findings) {
  Verdict v = Verdict::Clear;
  for (const Finding* f : findings)
    if (static_cast<int>(f->category) > static_cast<int>(v)) v = f->category;
  return v;
}

std::string_view context_kind_label(ContextKind k) {
  switch (k) {
    case ContextKind::Negation: return "Not negated";
    case ContextKind::Goal: return "Not a goal to prevent it";
    case ContextKind::Hypothetical: return "Not just an option";
    case ContextKind::OtherSubject: return "The peer does it, not someone else";
    case ContextKind::Mention: return "More than a mention";
    case ContextKind::Boilerplate: return "Not agency boilerplate";
    case ContextKind::Section: return "Section weight";
    case ContextKind::Exception: return "No exception applies";
  }
  return "?";
}

std::string_view outcome_label(Outcome o) {
  switch (o) {
    case Outcome::Passed: return "passed";
    case Outcome::Dropped: return "dropped";
    case Outcome::Weakened: return "weakened";
  }
  return "?";
}

std::string section_heading(const Section& s) {
  if (!s.heading.empty()) return s.heading;
  if (s.kind == SectionKind::Other) return "(before the first heading)";
  return std::string(to_string(s.kind));
}

// ------------------------------------------------------------ escaping ----

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string markdown_escape(std::string_view s) {
  // Always special inline: escapes, code, emphasis, links and images,
  // HTML, tables, strikethrough, entities.
  static constexpr std::string_view kAlways = "\\`*_[]<>|~&!";
  std::string line = one_line(s);
  std::string out;
  out.reserve(line.size() + line.size() / 4);
  // At the start of a line only: headings, list items, thematic breaks,
  // ordered lists ("1." / "1)").
  std::size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    bool start = i == 0 && (c == '#' || c == '+' || c == '-' || c == '=');
    bool ordered = digits > 0 && i == digits && (c == '.' || c == ')');
    if (start || ordered || kAlways.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string csv_field(std::string_view s, bool from_document) {
  std::string v;
  if (from_document && !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                                      s[0] == '\t' || s[0] == '\r') && s != "-")
    v = "'";
  v += s;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string xml_clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    out += c;
  }
  return out;
}

std::string path_to_uri(std::string_view path) {
  namespace fs = std::filesystem;
  std::string p(path);
  for (char& c : p)
    if (c == '\\') c = '/';
  std::string prefix;
  fs::path fp(p);
  if (fp.is_absolute()) {
    std::error_code ec;
    fs::path cwd = fs::current_path(ec);
    fs::path rel = ec ? fs::path() : fp.lexically_normal().lexically_relative(cwd);
    if (!rel.empty() && rel.native().rfind("..", 0) != 0) {
      p = rel.generic_string();
    } else {
      prefix = "file://";
      p = fp.lexically_normal().generic_string();
    }
  }
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out = prefix;
  for (char c : p) {
    unsigned char u = static_cast<unsigned char>(c);
    bool keep = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' ||
                c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

// ------------------------------------------------------------ text ----

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

EvidenceInLine evidence_in_line(const Finding& f) {
  std::string_view line = f.source_line;
  std::string_view ev = f.evidence;
  std::size_t col = f.source_line_column;
  if (!line.empty() && !ev.empty() && col <= line.size()) {
    // The evidence may run past the end of its line (a match across a line
    // break): highlight the part that is on the line.
    std::size_t n = std::min(ev.size(), line.size() - col);
    if (n > 0 && line.substr(col, n) == ev.substr(0, n))
      return {line.substr(0, col), line.substr(col, n), line.substr(col + n)};
  }
  return {{}, ev, {}};
}

std::string where(const Finding& f) {
  std::string loc = f.location.display();
  const std::string& sec = f.location.section;
  if (loc.empty()) return sec;
  if (sec.empty()) return loc;
  return loc + " in " + sec;
}

}  // namespace peeraudit::report
