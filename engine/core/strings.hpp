// Small string helpers shared by every stage (one copy, not one per reader).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace peeraudit::text {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Without leading and trailing white space.
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// ASCII lower case.
inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Runs of white space become one space; none at either end.
inline std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

// Runs of non-space characters.
inline std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = is_space(c);
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

// 1-based line of a byte offset in `content` (0 for a negative offset).
inline int line_of(std::string_view content, std::ptrdiff_t offset) {
  if (offset < 0) return 0;
  auto end = content.begin() + std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(content.size()));
  return 1 + static_cast<int>(std::count(content.begin(), end, '\n'));
}

}  // namespace peeraudit::text
