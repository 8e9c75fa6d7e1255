#include "core/types.hpp"

#include <algorithm>
#include <array>
#include <chrono>

namespace peeraudit {

namespace {
constexpr std::array<std::string_view, 9> kSectionNames = {
    "title", "summary", "duties", "qualifications", "supervision", "about", "benefits", "eeo", "other"};
constexpr std::array<std::string_view, 4> kVerdictNames = {"clear", "review", "conflict", "moratorium"};

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
}  // namespace

bool Deadline::passed() const {
  if (at_ns == 0) return false;
  auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch());
  return now.count() > at_ns;
}

std::string_view to_string(SectionKind k) { return kSectionNames[static_cast<int>(k)]; }

std::optional<SectionKind> section_kind_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kSectionNames.size(); ++i)
    if (kSectionNames[i] == s) return static_cast<SectionKind>(i);
  return std::nullopt;
}

std::string_view to_string(ContextKind k) {
  switch (k) {
    case ContextKind::Negation: return "negation";
    case ContextKind::Goal: return "goal";
    case ContextKind::Hypothetical: return "hypothetical";
    case ContextKind::OtherSubject: return "other_subject";
    case ContextKind::Mention: return "mention";
    case ContextKind::Boilerplate: return "boilerplate";
    case ContextKind::Section: return "section";
    case ContextKind::Exception: return "exception";
  }
  return "?";
}

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::Passed: return "passed";
    case Outcome::Dropped: return "dropped";
    case Outcome::Weakened: return "weakened";
  }
  return "?";
}

std::string_view to_string(Verdict v) { return kVerdictNames[static_cast<int>(v)]; }

std::optional<Verdict> verdict_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kVerdictNames.size(); ++i)
    if (kVerdictNames[i] == s) return static_cast<Verdict>(i);
  return std::nullopt;
}

std::string_view to_string(Level l) {
  switch (l) {
    case Level::Note: return "note";
    case Level::Warning: return "warning";
    case Level::Error: return "error";
  }
  return "?";
}

std::string_view to_string(Sign s) {
  switch (s) {
    case Sign::None: return "none";
    case Sign::Positive: return "positive";
    case Sign::Negative: return "negative";
  }
  return "?";
}

std::string Location::display() const {
  std::string out;
  if (row > 0) out += "row " + std::to_string(row) + (line > 0 ? ", " : "");
  if (page > 0) {
    out += "p. " + std::to_string(page);
    if (line > 0) out += ", line " + std::to_string(line);
    return out;
  }
  if (paragraph > 0) return out + "¶ " + std::to_string(paragraph);
  if (line > 0) out += std::to_string(line) + ":" + std::to_string(column);
  return out;
}

std::string Location::plain() const {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (row > 0) add("row " + std::to_string(row));
  if (page > 0) {
    add("page " + std::to_string(page));
    if (line > 0) add("line " + std::to_string(line));
    return out;
  }
  if (paragraph > 0) {
    add("paragraph " + std::to_string(paragraph));
    return out;
  }
  if (line > 0) add("line " + std::to_string(line) + ", column " + std::to_string(column));
  return out;
}

std::string IngestError::display() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  return out + ": " + message;
}

const Section* Document::section_at(std::size_t off) const {
  auto it = std::upper_bound(sections.begin(), sections.end(), off,
                             [](std::size_t o, const Section& s) { return o < s.begin; });
  if (it == sections.begin()) return nullptr;
  --it;
  return off < it->end || (off == it->end && off == text.size()) ? &*it : nullptr;
}

Location Document::locate(std::size_t off) const {
  Location loc;
  loc.file = source;
  off = std::min(off, text.size());
  if (const Section* s = section_at(off)) {
    loc.section_kind = std::string(to_string(s->kind));
    loc.section = s->heading.empty() ? loc.section_kind : s->heading;
  }
  const auto& a = map.anchors;
  auto it = std::upper_bound(a.begin(), a.end(), off,
                             [](std::size_t o, const Anchor& x) { return o < x.text_offset; });
  if (it == a.begin()) {
    loc.byte_offset = off;
    return loc;
  }
  const Anchor& an = *std::prev(it);
  loc.page = an.page;
  loc.paragraph = an.paragraph;
  loc.row = an.row;
  loc.line = an.line;
  loc.column = an.column;
  std::size_t src = an.source_offset;
  for (std::size_t i = an.text_offset; i < off; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    ++src;
    if (c == '\n' && map.lines_follow_text) {
      if (loc.line > 0) ++loc.line;
      loc.column = 1;
    } else if (!is_continuation(c)) {
      ++loc.column;
    }
  }
  loc.byte_offset = src;
  return loc;
}

}  // namespace peeraudit
