#include "match/sentences.hpp"

#include <algorithm>
#include <array>
#include <bit>

#include "core/ascii_words.hpp"

namespace peeraudit::match {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The process keeps the "C" locale, where <cctype> classifies ASCII only;
// these say the same without a library call per byte.
bool is_alpha(char c) { return static_cast<unsigned>((static_cast<unsigned char>(c) | 0x20) - 'a') < 26u; }
bool is_lower(char c) { return static_cast<unsigned>(static_cast<unsigned char>(c) - 'a') < 26u; }
bool is_upper(char c) { return static_cast<unsigned>(static_cast<unsigned char>(c) - 'A') < 26u; }
bool is_digit(char c) { return static_cast<unsigned>(static_cast<unsigned char>(c) - '0') < 10u; }

bool abbreviation_before(std::string_view text, std::size_t dot) {
  static const std::array<std::string_view, 16> abbr = {"e.g", "i.e", "dr", "mr", "ms", "mrs", "st", "no",
                                                         "vs", "etc", "inc", "approx", "dept", "sr", "jr", "ft"};
  // The word before the dot: letters and dots. No abbreviation is longer
  // than "approx", so the walk stops at 7 bytes: a longer word is none.
  std::size_t b = dot;
  while (b > 0 && dot - b < 7 && (is_alpha(text[b - 1]) || text[b - 1] == '.')) --b;
  std::size_t len = dot - b;
  if (len == 1) return true;  // initials: "J. Smith", "U.S."
  if (len == 0 || len > 6) return false;
  char word[6];
  for (std::size_t i = 0; i < len; ++i) word[i] = static_cast<char>(text[b + i] | 0x20);  // letters and '.' only
  return std::find(abbr.begin(), abbr.end(), std::string_view(word, len)) != abbr.end();
}

// Bytes the splitter stops at; everything between two of them is skipped a
// block at a time (16 bytes with SSE2, else 8).
constexpr std::array<bool, 256> kStops = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>('\n')] = t[static_cast<unsigned char>('.')] = t[static_cast<unsigned char>('!')] =
      t[static_cast<unsigned char>('?')] = true;
  return t;
}();

// The first stop byte at or after i, or n.
std::size_t next_stop(const char* p, std::size_t i, std::size_t n) {
  namespace blocks = ascii_words::blocks;
  for (; i + blocks::kBlock <= n; i += blocks::kBlock)
    if (unsigned m = blocks::bytes_mask<'\n', '.', '!', '?'>(p + i)) return i + static_cast<std::size_t>(std::countr_zero(m));
  while (i < n && !kStops[static_cast<unsigned char>(p[i])]) ++i;
  return i;
}

}  // namespace

std::vector<Span> split_sentences(std::string_view text) {
  std::vector<Span> out;
  out.reserve(text.size() / 32 + 1);  // sentences run ~40 bytes: rarely a regrowth
  std::size_t start = 0;
  auto push = [&](std::size_t end) {
    std::size_t b = start, e = end;
    while (b < e && (is_space(text[b]) || text[b] == '\n')) ++b;
    while (e > b && (is_space(text[e - 1]) || text[e - 1] == '\n')) --e;
    if (e > b) out.push_back({b, e});
    start = end;
  };
  const std::size_t n = text.size();
  for (std::size_t i = 0;; ++i) {
    i = next_stop(text.data(), i, n);
    if (i >= n) break;
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
      bool lower_next = j < n && is_lower(text[j]);
      if (!blank_next && !ends && lower_next) continue;
      push(i);
      continue;
    }
    // '.', '!' or '?'
    std::size_t j = i + 1;
    while (j < n && (text[j] == '"' || text[j] == '\'' || text[j] == ')')) ++j;
    if (j < n && !is_space(text[j]) && text[j] != '\n') continue;
    std::size_t k = j;
    while (k < n && is_space(text[k])) ++k;
    if (k < n && text[k] != '\n') {
      char nc = text[k];
      bool starts = is_upper(nc) || is_digit(nc) || nc == '-' || nc == '*' || nc == '"' ||
                    static_cast<unsigned char>(nc) >= 0x80;
      if (!starts) continue;
    }
    if (c == '.' && abbreviation_before(text, i)) continue;
    push(j);
    i = j - 1;
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
