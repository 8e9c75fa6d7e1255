#include "core/strings.hpp"
#include "ingest/builder.hpp"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace peeraudit::ingest {

namespace {

using text::trim;
std::string lower_ascii(std::string_view s) { return text::lower(s); }
// Heading words -> section kind. Checked in order: the first key found in the
// heading wins, so the more specific keys come first.
const std::vector<std::pair<std::string_view, SectionKind>>& heading_words() {
  static const std::vector<std::pair<std::string_view, SectionKind>> words = {
      {"equal opportunity", SectionKind::Eeo},
      {"equal employment", SectionKind::Eeo},
      {"eeo", SectionKind::Eeo},
      {"non-discrimination", SectionKind::Eeo},
      {"nondiscrimination", SectionKind::Eeo},
      {"accommodation", SectionKind::Eeo},
      {"benefit", SectionKind::Benefits},
      {"compensation", SectionKind::Benefits},
      {"salary", SectionKind::Benefits},
      {"pay ", SectionKind::Benefits},
      {"perks", SectionKind::Benefits},
      {"what we offer", SectionKind::Benefits},
      {"why work", SectionKind::Benefits},
      {"why join", SectionKind::Benefits},
      {"why the state", SectionKind::Benefits},
      {"supervis", SectionKind::Supervision},
      {"reports to", SectionKind::Supervision},
      {"reporting to", SectionKind::Supervision},
      {"reporting relationship", SectionKind::Supervision},
      {"qualification", SectionKind::Qualifications},
      {"requirement", SectionKind::Qualifications},
      {"skills", SectionKind::Qualifications},
      {"knowledge", SectionKind::Qualifications},
      {"experience and training", SectionKind::Qualifications},
      {"education", SectionKind::Qualifications},
      {"minimum", SectionKind::Qualifications},
      {"preferred", SectionKind::Qualifications},
      {"licens", SectionKind::Qualifications},
      {"certification", SectionKind::Qualifications},
      {"who you are", SectionKind::Qualifications},
      {"what you bring", SectionKind::Qualifications},
      {"about us", SectionKind::About},
      {"about the", SectionKind::About},
      {"about our", SectionKind::About},
      {"who we are", SectionKind::About},
      {"our mission", SectionKind::About},
      {"mission", SectionKind::About},
      {"our agency", SectionKind::About},
      {"our organization", SectionKind::About},
      {"company", SectionKind::About},
      {"organization", SectionKind::About},
      {"agency", SectionKind::About},
      {"duties", SectionKind::Duties},
      {"duty", SectionKind::Duties},
      {"responsibilit", SectionKind::Duties},
      {"what you'll do", SectionKind::Duties},
      {"what you will do", SectionKind::Duties},
      {"the role", SectionKind::Duties},
      {"tasks", SectionKind::Duties},
      {"functions", SectionKind::Duties},
      {"examples of work", SectionKind::Duties},
      {"scope of", SectionKind::Duties},
      {"summary", SectionKind::Summary},
      {"overview", SectionKind::Summary},
      {"introduction", SectionKind::Summary},
      {"description", SectionKind::Summary},
      {"purpose", SectionKind::Summary},
      {"definition", SectionKind::Summary},
      {"position", SectionKind::Summary},
      {"the opportunity", SectionKind::Summary},
  };
  return words;
}

using text::word_count;

bool all_caps(std::string_view s) {
  int letters = 0;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::islower(u)) return false;
    if (std::isupper(u)) ++letters;
  }
  return letters >= 3;
}

// Strips Markdown heading marks, bold markers and a trailing colon.
std::string heading_text(std::string_view line) {
  std::string_view s = trim(line);
  while (!s.empty() && s.front() == '#') s.remove_prefix(1);
  s = trim(s);
  std::string out(s);
  std::string cleaned;
  for (char c : out)
    if (c != '*' && c != '_') cleaned += c;
  std::string_view t = trim(cleaned);
  while (!t.empty() && (t.back() == ':' || t.back() == '-')) t.remove_suffix(1);
  return std::string(trim(t));
}

struct Line {
  std::size_t begin, end;  // without the newline
};

}  // namespace

std::optional<SectionKind> classify_heading(std::string_view heading) {
  std::string h = " " + lower_ascii(heading) + " ";
  for (const auto& [key, kind] : heading_words())
    if (h.find(key) != std::string::npos) return kind;
  return std::nullopt;
}

std::size_t sanitize_utf8(std::string& s) {
  std::size_t replaced = 0;
  std::size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        s[i] = ' ';
        ++replaced;
      }
      ++i;
      continue;
    }
    std::size_t len = (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
    bool ok = len > 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len == 3) {
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) ok = false;
    }
    if (ok && len == 4) {
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) ok = false;
    }
    if (!ok) {
      s[i] = '?';
      ++replaced;
      ++i;
      continue;
    }
    i += len;
  }
  return replaced;
}

void detect_sections(Document& doc) {
  const std::string& t = doc.text;
  std::vector<Line> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= t.size(); ++i) {
    if (i == t.size() || t[i] == '\n') {
      lines.push_back({start, i});
      start = i + 1;
    }
  }
  doc.sections.clear();
  auto open = [&](SectionKind kind, std::string heading, std::size_t begin) {
    if (!doc.sections.empty()) doc.sections.back().end = begin;
    Section s;
    s.kind = kind;
    s.heading = std::move(heading);
    s.begin = begin;
    s.end = t.size();
    doc.sections.push_back(std::move(s));
  };
  bool seen_text = false;
  for (std::size_t li = 0; li < lines.size(); ++li) {
    std::string_view raw(t.data() + lines[li].begin, lines[li].end - lines[li].begin);
    std::string_view line = trim(raw);
    if (line.empty()) continue;
    bool md_heading = line.front() == '#';
    bool bold_line = line.size() > 4 && line.substr(0, 2) == "**" && line.substr(line.size() - 2) == "**";
    std::string h = heading_text(line);
    std::size_t words = word_count(h);
    bool short_line = !h.empty() && words <= 8 && h.size() <= 70;
    char last = line.back();
    bool ends_sentence = last == '.' || last == ',' || last == ';' || last == '!' || last == '?';
    std::optional<SectionKind> kind = short_line ? classify_heading(h) : std::nullopt;
    bool is_heading = md_heading || (short_line && !ends_sentence &&
                                     (last == ':' || bold_line || all_caps(h) || kind.has_value()));
    if (!seen_text && !is_heading && words <= 14 && !ends_sentence) {
      // The first short line names the document: a job title.
      open(SectionKind::Title, std::string(h), lines[li].begin);
      seen_text = true;
      continue;
    }
    seen_text = true;
    if (is_heading) open(kind.value_or(SectionKind::Other), h, lines[li].begin);
  }
  if (doc.sections.empty() || doc.sections.front().begin > 0) {
    Section s;
    s.kind = SectionKind::Other;
    s.begin = 0;
    s.end = doc.sections.empty() ? t.size() : doc.sections.front().begin;
    doc.sections.insert(doc.sections.begin(), s);
  }
}

void DocumentBuilder::append_line(std::string_view text, const Anchor& where) {
  if (!doc_.text.empty() && doc_.text.back() != '\n') doc_.text += '\n';
  Anchor a = where;
  a.text_offset = doc_.text.size();
  doc_.map.anchors.push_back(a);
  std::string clean(text);
  for (char& c : clean)
    if (c == '\n' || c == '\r') c = ' ';
  doc_.text += clean;
  doc_.text += '\n';
}

void DocumentBuilder::paragraph(std::string_view text, const Anchor& where) {
  if (trim(text).empty()) return;
  if (!open_) {
    Section s;
    s.kind = SectionKind::Other;
    s.begin = doc_.text.size();
    doc_.sections.push_back(s);
    open_ = true;
  }
  append_line(text, where);
}

void DocumentBuilder::heading(std::string_view text, const Anchor& where, std::optional<SectionKind> kind,
                              std::string number) {
  std::string h = heading_text(text);
  if (h.empty()) return;
  if (!doc_.sections.empty()) doc_.sections.back().end = doc_.text.size();
  Section s;
  s.kind = kind ? *kind : classify_heading(h).value_or(SectionKind::Other);
  s.heading = h;
  s.number = std::move(number);
  s.begin = doc_.text.size();
  doc_.sections.push_back(std::move(s));
  open_ = true;
  append_line(text, where);
}

void DocumentBuilder::finish() {
  doc_.map.lines_follow_text = false;
  if (!doc_.sections.empty()) doc_.sections.back().end = doc_.text.size();
  // Drop empty sections (a heading followed directly by another keeps its line).
  std::erase_if(doc_.sections, [](const Section& s) { return s.end <= s.begin; });
  if (doc_.sections.empty()) {
    Section s;
    s.begin = 0;
    s.end = doc_.text.size();
    doc_.sections.push_back(s);
  }
}

}  // namespace peeraudit::ingest
