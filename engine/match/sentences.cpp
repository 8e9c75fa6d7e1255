#include "match/sentences.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace peeraudit::match {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The process keeps the "C" locale, where <cctype> classifies ASCII only;
// these say the same without a library call per byte.
bool is_alpha(char c) { return static_cast<unsigned>((static_cast<unsigned char>(c) | 0x20) - 'a') < 26u; }

bool abbreviation_before(std::string_view text, std::size_t dot) {
  static const std::array<std::string_view, 16> abbr = {"e.g", "i.e", "dr", "mr", "ms", "mrs", "st", "no",
                                                         "vs", "etc", "inc", "approx", "dept", "sr", "jr", "ft"};
  std::size_t b = dot;
  while (b > 0 && (is_alpha(text[b - 1]) || text[b - 1] == '.')) --b;
  std::size_t len = dot - b;
  if (len == 1) return true;  // initials: "J. Smith", "U.S."
  // No abbreviation is longer than "approx": longer words need no copy.
  if (len == 0 || len > 6) return false;
  char word[6];
  for (std::size_t i = 0; i < len; ++i) word[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[b + i])));
  return std::find(abbr.begin(), abbr.end(), std::string_view(word, len)) != abbr.end();
}

// Bytes the splitter stops at; every other byte is skipped in a tight loop.
constexpr std::array<bool, 256> kStops = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>('\n')] = t[static_cast<unsigned char>('.')] = t[static_cast<unsigned char>('!')] =
      t[static_cast<unsigned char>('?')] = true;
  return t;
}();

}  // namespace

std::vector<Span> split_sentences(std::string_view text) {
  std::vector<Span> out;
  std::size_t start = 0;
  auto push = [&](std::size_t end) {
    std::size_t b = start, e = end;
    while (b < e && (is_space(text[b]) || text[b] == '\n')) ++b;
    while (e > b && (is_space(text[e - 1]) || text[e - 1] == '\n')) --e;
    if (e > b) out.push_back({b, e});
    start = end;
  };
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    while (i < n && !kStops[static_cast<unsigned char>(text[i])]) ++i;
    if (i == n) break;
    char c = text[i];
    if (c == '\n') {
      // Join a wrapped line: this line does not end a sentence and the next
      // one starts in lower case.
      std::size_t j = i + 1;
      while (j < n && is_space(text[j])) ++j;
      std::size_t k = i;
      while (k > start && is_space(text[k - 1])) --k;
      bool blank_next = j >= n || text[j] == '\n';
      bool ends = k == start || text[k - 1] == '.' || text[k - 1] == ':' || text[k - 1] == '!' || text[k - 1] == '?' ||
                  text[k - 1] == ';';
      bool lower_next = j < n && std::islower(static_cast<unsigned char>(text[j]));
      if (!blank_next && !ends && lower_next) continue;
      push(i);
      continue;
    }
    if (c == '.' || c == '!' || c == '?') {
      std::size_t j = i + 1;
      while (j < n && (text[j] == '"' || text[j] == '\'' || text[j] == ')')) ++j;
      if (j < n && !is_space(text[j]) && text[j] != '\n') continue;
      std::size_t k = j;
      while (k < n && is_space(text[k])) ++k;
      if (k < n && text[k] != '\n') {
        unsigned char nc = static_cast<unsigned char>(text[k]);
        bool starts = std::isupper(nc) || std::isdigit(nc) || nc == '-' || nc == '*' || nc == '"' || nc >= 0x80;
        if (!starts) continue;
      }
      if (c == '.' && abbreviation_before(text, i)) continue;
      push(j);
      i = j - 1;
    }
  }
  push(n);
  return out;
}

Span sentence_at(const std::vector<Span>& sentences, std::size_t offset) {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), offset,
                             [](std::size_t o, const Span& s) { return o < s.begin; });
  if (it == sentences.begin()) return sentences.empty() ? Span{offset, offset} : sentences.front();
  --it;
  return *it;
}

}  // namespace peeraudit::match
