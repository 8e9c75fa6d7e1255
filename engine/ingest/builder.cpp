#include "core/strings.hpp"
#include "core/ascii_words.hpp"
#include "ingest/builder.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <utility>
#include <vector>

namespace peeraudit::ingest {

// Heading words -> section kind. Checked in order: the first key found in the
// heading wins, so the more specific keys come first. Keys are matched
// anywhere in " " + heading + " ", so a key that is also the tail of a
// longer word starts with a space (" mission" is not in "Admissions", nor
// " company" in "Accompany").
const std::vector<std::pair<std::string_view, SectionKind>>& heading_keys() {
  static const std::vector<std::pair<std::string_view, SectionKind>> words = {
      {"equal opportunit", SectionKind::Eeo},
      {"equal employment", SectionKind::Eeo},
      {"eeo", SectionKind::Eeo},
      {"non-discrimination", SectionKind::Eeo},
      {"nondiscrimination", SectionKind::Eeo},
      // Accommodation for applicants or staff with a disability; not
      // housing ("Supported Accommodation", "Accommodation Services"), so
      // the bare singular is no key.
      {"reasonable accommodation", SectionKind::Eeo},
      {"accommodations", SectionKind::Eeo},
      {"an accommodation", SectionKind::Eeo},
      {"accommodation request", SectionKind::Eeo},
      {"request accommodation", SectionKind::Eeo},
      {"requesting accommodation", SectionKind::Eeo},
      {"disability accommodation", SectionKind::Eeo},
      {"ada accommodation", SectionKind::Eeo},
      {"applicant accommodation", SectionKind::Eeo},
      {"accommodation statement", SectionKind::Eeo},
      {"accommodation notice", SectionKind::Eeo},
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
      {"what you will bring", SectionKind::Qualifications},
      // "you'll" with either apostrophe (a curly one would take three more
      // byte classes than a row holds).
      {"ll bring", SectionKind::Qualifications},
      {"about you ", SectionKind::Qualifications},
      // "About the role" is about the job, "About the team / the agency /
      // the program" about the employer: the job's words come before
      // "about the".
      {"about the role", SectionKind::Summary},
      {"about the job", SectionKind::Summary},
      {"about the post ", SectionKind::Summary},
      {"about the position", SectionKind::Summary},
      {"about the vacancy", SectionKind::Summary},
      {"about the opportunity", SectionKind::Summary},
      {"about this role", SectionKind::Summary},
      {"about this job", SectionKind::Summary},
      {"about this post ", SectionKind::Summary},
      {"about this position", SectionKind::Summary},
      {"about this vacancy", SectionKind::Summary},
      {"about this opportunity", SectionKind::Summary},
      {"about us", SectionKind::About},
      {"about the", SectionKind::About},
      {"about our", SectionKind::About},
      {"who we are", SectionKind::About},
      {"our mission", SectionKind::About},
      {" mission", SectionKind::About},
      {"our agency", SectionKind::About},
      {"our organization", SectionKind::About},
      {"our organisation", SectionKind::About},
      {" company", SectionKind::About},
      {" organization", SectionKind::About},
      {" organisation", SectionKind::About},
      {" agency", SectionKind::About},
      {"duties", SectionKind::Duties},
      {"duty", SectionKind::Duties},
      {"responsibilit", SectionKind::Duties},
      {"accountabilit", SectionKind::Duties},
      {"what you will do", SectionKind::Duties},
      {"you will do", SectionKind::Duties},
      {"you will be doing", SectionKind::Duties},
      {"ll do ", SectionKind::Duties},  // "you'll do", "you’ll do"
      {"ll be doing", SectionKind::Duties},
      {"job involves", SectionKind::Duties},
      {"role involves", SectionKind::Duties},
      {"post involves", SectionKind::Duties},
      {"position involves", SectionKind::Duties},
      {"what's involved", SectionKind::Duties},
      {"what is involved", SectionKind::Duties},
      {"the role", SectionKind::Duties},
      {"your role", SectionKind::Duties},
      {"in this role", SectionKind::Duties},
      {"day to day", SectionKind::Duties},
      {"day-to-day", SectionKind::Duties},
      {"typical day", SectionKind::Duties},
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
      {" position", SectionKind::Summary},
      {"the opportunity", SectionKind::Summary},
  };
  return words;
}

namespace {

using text::trim;

// text::word_count (runs of non-space bytes), with a table lookup a byte
// instead of text::is_space's six compares.
std::size_t word_count(std::string_view s) {
  static constexpr auto space = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v'}) t[c] = true;
    return t;
  }();
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = space[static_cast<unsigned char>(c)];
    n += !sp && !in;
    in = !sp;
  }
  return n;
}

// At least 3 capitals and no lower-case letter (ASCII: the "C" locale).
bool all_caps(std::string_view s) {
  int letters = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') ++letters;
  }
  return letters >= 3;
}

// Strips Markdown heading marks, bold markers and a trailing colon. Writes
// the cleaned words into `buf` (reused across lines, so a document's lines
// cost no allocation) and returns a view into it, or into `line` when there
// was nothing to drop.
std::string_view heading_text_into(std::string_view line, std::string& buf) {
  std::string_view s = trim(line);
  while (!s.empty() && s.front() == '#') s.remove_prefix(1);
  s = trim(s);
  std::string_view t = s;
  // Most headings have no marker to drop: then the words are a view of the
  // line itself, with no copy.
  if (ascii_words::contains_any<'*', '_'>(s.data(), s.size())) {
    buf.resize(s.size());
    char* out = buf.data();
    for (char c : s)
      if (c != '*' && c != '_') *out++ = c;
    t = trim(std::string_view(buf.data(), static_cast<std::size_t>(out - buf.data())));
  }
  while (!t.empty() && (t.back() == ':' || t.back() == '-')) t.remove_suffix(1);
  return trim(t);
}

std::string heading_text(std::string_view line) {
  std::string buf;
  return std::string(heading_text_into(line, buf));
}

}  // namespace

namespace {

// The heading keys as one automaton (Aho-Corasick), so that a heading is
// read once, a byte at a time, whatever the number of keys: a state is the
// longest key prefix that ends the text read so far, and `first` says the
// smallest index of a key ending there (itself or a shorter suffix). The
// bytes are mapped to classes first: one per byte that occurs in a key
// (upper-case letters fold to lower case) and class 0 for all others, so
// the transition table is states x classes, about 550 x 30 (rows of 32,
// so that a row starts at state << 5).
class HeadingKeys {
 public:
  HeadingKeys() {
    const auto& words = heading_keys();
    assert(words.size() < kNone);
    for (const auto& w : words)
      for (char c : w.first) {
        auto u = static_cast<unsigned char>(c);
        assert(!(c >= 'A' && c <= 'Z'));  // keys are lower case
        if (class_[u] == 0) class_[u] = static_cast<std::uint8_t>(classes_++);
      }
    assert(classes_ <= kRow);
    for (char c = 'A'; c <= 'Z'; ++c)
      class_[static_cast<unsigned char>(c)] = class_[static_cast<unsigned char>(c - 'A' + 'a')];
    // The trie of the keys (0: no child yet; the root is state 0).
    std::vector<std::uint16_t> child(kRow, 0);
    first_.push_back(kNone);
    for (std::size_t k = 0; k < words.size(); ++k) {
      std::size_t s = 0;
      for (char c : words[k].first) {
        std::size_t at = s * kRow + class_[static_cast<unsigned char>(c)];
        if (child[at] == 0) {
          child[at] = static_cast<std::uint16_t>(first_.size());
          first_.push_back(kNone);
          child.resize(child.size() + kRow, 0);
        }
        s = child[at];
      }
      first_[s] = std::min(first_[s], static_cast<std::uint8_t>(k));
    }
    // Breadth first, so a state's suffix link is done before the state: a
    // missing child goes where the suffix link's child goes.
    next_.assign(first_.size() * kRow, 0);
    std::vector<std::uint16_t> link(first_.size(), 0), queue;
    for (std::size_t c = 0; c < classes_; ++c)
      if (std::uint16_t to = child[c]) {
        next_[c] = to;
        queue.push_back(to);
      }
    for (std::size_t q = 0; q < queue.size(); ++q) {
      std::size_t s = queue[q];
      first_[s] = std::min(first_[s], first_[link[s]]);
      for (std::size_t c = 0; c < classes_; ++c) {
        std::uint16_t to = child[s * kRow + c];
        if (to == 0) {
          next_[s * kRow + c] = next_[link[s] * kRow + c];
          continue;
        }
        next_[s * kRow + c] = to;
        link[to] = next_[link[s] * kRow + c];
        queue.push_back(to);
      }
    }
  }

  // The index of the first key (in list order) found anywhere in
  // " " + heading + " " (any case), or kNone.
  std::size_t first_key(std::string_view heading) const {
    std::size_t s = step(0, ' ');
    std::uint8_t best = first_[s];
    for (char c : heading) {
      s = step(s, c);
      best = std::min(best, first_[s]);
    }
    best = std::min(best, first_[step(s, ' ')]);
    return best;
  }

  static constexpr std::uint8_t kNone = 0xFF;

 private:
  static constexpr std::size_t kRow = 32;
  std::size_t step(std::size_t s, char c) const {
    return next_[s * kRow + class_[static_cast<unsigned char>(c)]];
  }
  std::array<std::uint8_t, 256> class_{};
  std::size_t classes_ = 1;
  std::vector<std::uint16_t> next_;
  std::vector<std::uint8_t> first_;
};

}  // namespace

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// "About Keystone", "About Harbor Peer Collective": "About" and a
// capitalised word that is not one of the job's own ("About This Role",
// "About Your Application"): the employer's name, so the agency's section.
// Case matters here, as it does for a name; a key never does.
bool about_a_name(std::string_view h) {
  h = trim(h);
  if (h.size() < 7 || h.substr(0, 6) != "About " || word_count(h) > 6) return false;
  char last = h.back();
  if (last == '.' || last == '!' || last == '?' || last == ',' || last == ';') return false;
  std::string_view rest = trim(h.substr(6));
  if (rest.empty() || !(rest.front() >= 'A' && rest.front() <= 'Z')) return false;
  std::size_t end = 0;
  while (end < rest.size() && rest[end] != ' ' && rest[end] != '\t') ++end;
  std::string word = lower_ascii(rest.substr(0, end));
  while (!word.empty() && (word.back() == ':' || word.back() == ',')) word.pop_back();
  static constexpr std::string_view kJobWords[] = {
      "the",  "this", "that",     "these", "a",   "an",    "you",     "your",     "our",         "us",
      "we",   "me",   "role",     "job",   "post", "position", "vacancy", "opportunity", "work", "working",
      "peer", "peers", "applying", "application", "how", "what", "who", "why", "where", "when", "it"};
  for (std::string_view w : kJobWords)
    if (word == w) return false;
  return true;
}

// Words that name a post in a job title ("Peer Support Worker - ...").
bool names_a_post(std::string_view h) {
  std::string l;
  l.reserve(h.size() + 2);
  l += ' ';
  l += lower_ascii(h);
  l += ' ';
  static constexpr std::string_view kPostWords[] = {
      " peer ",     "worker",      "specialist", "coordinator", "advocate", "navigator", "mentor",
      "practitioner", "supporter", "facilitator", "counsel",    " coach",   "officer",   "assistant",
      "technician", " aide",       " lead "};
  for (std::string_view w : kPostWords)
    if (l.find(w) != std::string::npos) return true;
  return false;
}

// A document's first line that names the post is its title, even when a
// word in it is a boilerplate key ("... Harbor Agency").
bool title_naming_post(std::string_view h, SectionKind kind) {
  bool boilerplate = kind == SectionKind::About || kind == SectionKind::Benefits || kind == SectionKind::Eeo;
  return boilerplate && word_count(h) >= 3 && names_a_post(h);
}

}  // namespace

std::optional<SectionKind> classify_heading(std::string_view heading) {
  static const HeadingKeys keys;
  std::size_t k = keys.first_key(heading);
  if (k != HeadingKeys::kNone) return heading_keys()[k].second;
  if (about_a_name(heading)) return SectionKind::About;
  return std::nullopt;
}

namespace {

// True when none of the 8 bytes of `w` is replaced or starts a multi-byte
// character: all ASCII, no DEL, no C0 control but tab, newline and CR. The
// exact control test runs only for words that hold a control (a newline, in
// most lines' last word).
inline bool plain_ascii_word(std::uint64_t w) {
  using namespace ascii_words;
  if (non_ascii(w)) return false;
  if ((any_control(w) | del_in_ascii(w)) == 0) return true;
  if (del_in_ascii(w)) return false;
  return (below(w, 0x20) & ~(equal(w, '\t') | equal(w, '\n') | equal(w, '\r'))) == 0;
}

// Sanitizes the character at s[i] (see sanitize_utf8); returns where the
// next one starts.
inline std::size_t sanitize_char(std::string& s, std::size_t i, std::size_t& replaced) {
  std::size_t n = s.size();
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      s[i] = ' ';
      ++replaced;
    }
    return i + 1;
  }
  std::size_t len = ascii_words::utf8_length(s.data() + i, n - i);
  if (len == 0) {
    s[i] = '?';
    ++replaced;
    return i + 1;
  }
  return i + len;
}

}  // namespace

std::size_t sanitize_utf8(std::string& s) {
  std::size_t replaced = 0;
  std::size_t i = 0, n = s.size();  // i <= n throughout: a character never runs past the end
  // Text is mostly printable ASCII: skip it 8 bytes at a time, and go
  // character by character only through the words that hold anything else
  // (a character may run past the word; the next word starts after it).
  while (n - i >= 8) {
    if (plain_ascii_word(ascii_words::load(s.data() + i))) {
      i += 8;
      continue;
    }
    for (std::size_t stop = i + 8; i < stop;) i = sanitize_char(s, i, replaced);
  }
  while (i < n) i = sanitize_char(s, i, replaced);
  return replaced;
}

void detect_sections(Document& doc) {
  const std::string& t = doc.text;
  // Sections are gathered in a per-thread buffer and moved to the document
  // once at the exact size: no regrowth per document.
  thread_local std::vector<Section> found;
  found.clear();
  auto open = [&](SectionKind kind, std::string_view heading, std::size_t begin) {
    if (!found.empty()) found.back().end = begin;
    Section& s = found.emplace_back();
    s.kind = kind;
    s.heading.assign(heading);
    s.begin = begin;
    s.end = t.size();
  };
  std::string hbuf;  // heading_text of the current line, reused
  bool seen_text = false;
  std::size_t begin = 0;
  // Every line, the last one too (empty after a final newline), found with
  // memchr rather than byte by byte.
  for (bool more = true; more;) {
    const void* nl = std::memchr(t.data() + begin, '\n', t.size() - begin);
    std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - t.data()) : t.size();
    more = nl != nullptr;
    std::size_t line_begin = begin;
    begin = end + 1;
    std::string_view line = trim(std::string_view(t.data() + line_begin, end - line_begin));
    if (line.empty()) continue;
    bool md_heading = line.front() == '#';
    char last = line.back();
    bool ends_sentence = last == '.' || last == ',' || last == ';' || last == '!' || last == '?';
    if (ends_sentence && !md_heading) {
      // Neither a heading (those must not end a sentence unless '#') nor a
      // title: skip heading_text and the rest, most body lines end here.
      seen_text = true;
      continue;
    }
    bool bold_line = line.size() > 4 && line.substr(0, 2) == "**" && line.substr(line.size() - 2) == "**";
    std::string_view h = heading_text_into(line, hbuf);
    std::size_t words = word_count(h);
    bool short_line = !h.empty() && words <= 8 && h.size() <= 70;
    std::optional<SectionKind> kind = short_line ? classify_heading(h) : std::nullopt;
    bool is_heading = md_heading || (short_line && !ends_sentence &&
                                     (last == ':' || bold_line || all_caps(h) || kind.has_value()));
    if (!seen_text && is_heading && last != ':' && !ends_sentence &&
        title_naming_post(h, kind.value_or(SectionKind::Other)))
      is_heading = false;  // a title, below
    if (!seen_text && !is_heading && words <= 14 && !ends_sentence) {
      // The first short line names the document: a job title.
      open(SectionKind::Title, h, line_begin);
      seen_text = true;
      continue;
    }
    seen_text = true;
    if (is_heading) open(kind.value_or(SectionKind::Other), h, line_begin);
  }
  doc.sections.clear();
  bool lead = found.empty() || found.front().begin > 0;
  doc.sections.reserve(found.size() + (lead ? 1 : 0));
  if (lead) {
    Section s;
    s.kind = SectionKind::Other;
    s.begin = 0;
    s.end = found.empty() ? t.size() : found.front().begin;
    doc.sections.push_back(std::move(s));
  }
  std::move(found.begin(), found.end(), std::back_inserter(doc.sections));
  if (found.capacity() > 4096) std::vector<Section>().swap(found);  // do not keep a huge file's worth
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
  if (kind) {
    s.kind = *kind;
  } else {
    std::optional<SectionKind> named = classify_heading(h);
    // The document's first heading naming the post is its title.
    bool title = doc_.text.empty() && title_naming_post(h, named.value_or(SectionKind::Other));
    s.kind = title ? SectionKind::Title : named.value_or(SectionKind::Other);
  }
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
