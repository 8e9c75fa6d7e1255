// Byte tests on 8 bytes at a time ("SWAR"), for the loops that look at every
// byte of a file (binary sniffing, UTF-8 sanitizing): most text is printable
// ASCII, and one 64-bit test per 8 bytes is far cheaper than 8 byte tests.
// Every mask has the high bit of a byte set where that byte passes the test
// and is exact: no carry or borrow crosses from one byte into the next.
#pragma once

#include <cstdint>
#include <cstring>

namespace peeraudit::ingest::ascii_words {

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighs = 0x8080808080808080ull;

inline std::uint64_t load(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);  // unaligned; the byte order does not matter to the tests
  return w;
}

// Bytes with the high bit set (not ASCII).
inline std::uint64_t non_ascii(std::uint64_t w) { return w & kHighs; }

// Nonzero when some byte is below 0x20 (a C0 control, tab and newline
// included). Cheaper than below(w, 0x20), but only the answer "some byte or
// none" is exact: bytes above the first flagged one may be flagged wrongly.
inline std::uint64_t any_control(std::uint64_t w) { return (w - kOnes * 0x20) & ~w & kHighs; }

// For an ASCII-only w: the DEL (0x7F) bytes, the only ones that carry into
// the high bit when 1 is added.
inline std::uint64_t del_in_ascii(std::uint64_t w) { return (w + kOnes) & kHighs; }

// Bytes equal to c.
inline std::uint64_t equal(std::uint64_t w, unsigned char c) {
  std::uint64_t y = w ^ (kOnes * c);  // 0 where equal
  return ~(((y & ~kHighs) + ~kHighs) | y) & kHighs;
}

// ASCII bytes below c (c <= 0x80); bytes >= 0x80 are never flagged.
inline std::uint64_t below(std::uint64_t w, unsigned char c) {
  return ~((w | kHighs) - kOnes * c) & ~w & kHighs;
}

}  // namespace peeraudit::ingest::ascii_words
