// Byte tests on 8 bytes at a time ("SWAR"), for the loops that look at every
// byte of a file (binary sniffing, UTF-8 sanitizing, line and sentence
// scanning): most text is printable ASCII, and one 64-bit test per 8 bytes
// is far cheaper than 8 byte tests. Block masks (below) add 16-byte SSE2
// versions where the CPU has them.
// Every mask has the high bit of a byte set where that byte passes the test
// and is exact: no carry or borrow crosses from one byte into the next.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace peeraudit::ascii_words {

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

// Bytes that are not printable ASCII: every C0 control (tab, newline and CR
// too), DEL and every byte >= 0x80. (b | 0x80) - 0x20 keeps its high bit
// exactly when b & 0x7F >= 0x20, and (b & 0x7F) + 1 reaches it exactly when
// b & 0x7F == 0x7F; neither borrows nor carries into the next byte.
inline std::uint64_t not_printable(std::uint64_t w) {
  return (w | ~((w | kHighs) - kOnes * 0x20) | ((w & ~kHighs) + kOnes)) & kHighs;
}

// ---- Block masks: bit k set when byte p[k] of a block passes a test ----
// Scanners walk a block at a time and visit only the set bits (with
// std::countr_zero), so the bytes between two hits cost nothing each.

// A mask of high bits (one per byte, as above) as bit k for the byte at
// p + k. The multiply gathers byte j's bit into bit 56 + j; no two
// products land on the same bit, so nothing carries.
inline unsigned compact(std::uint64_t highs) {
  if constexpr (std::endian::native == std::endian::big) highs = __builtin_bswap64(highs);
  return static_cast<unsigned>(((highs >> 7) * 0x0102040810204080ull) >> 56);
}

// 8 bytes at a time in a 64-bit word: any CPU.
namespace swar {
inline constexpr std::size_t kBlock = 8;
inline unsigned not_printable_mask(const char* p) {
  std::uint64_t m = not_printable(load(p));
  return m ? compact(m) : 0u;
}
template <unsigned char... Cs>
inline unsigned bytes_mask(const char* p) {
  std::uint64_t w = load(p);
  std::uint64_t m = (equal(w, Cs) | ...);
  return m ? compact(m) : 0u;
}
}  // namespace swar

#if defined(__SSE2__)
// 16 bytes at a time: every x86-64 has SSE2.
namespace sse2 {
inline constexpr std::size_t kBlock = 16;
inline __m128i load16(const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline unsigned not_printable_mask(const char* p) {
  __m128i x = load16(p);
  // The signed compare takes the bytes >= 0x80 (negative) with the controls.
  __m128i m = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
  return static_cast<unsigned>(_mm_movemask_epi8(m));
}
template <unsigned char... Cs>
inline unsigned bytes_mask(const char* p) {
  __m128i x = load16(p);
  __m128i m = _mm_setzero_si128();
  ((m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(static_cast<char>(Cs))))), ...);
  return static_cast<unsigned>(_mm_movemask_epi8(m));
}
}  // namespace sse2
namespace blocks = sse2;
#else
namespace blocks = swar;
#endif

// True when one of the bytes Cs occurs in [p, p + n): a block at a time,
// the last (partial) block as the block that ends at p + n.
template <unsigned char... Cs>
inline bool contains_any(const char* p, std::size_t n) {
  if (n < blocks::kBlock) {
    for (std::size_t i = 0; i < n; ++i)
      if (((p[i] == static_cast<char>(Cs)) || ...)) return true;
    return false;
  }
  for (std::size_t i = 0; i + blocks::kBlock <= n; i += blocks::kBlock)
    if (blocks::bytes_mask<Cs...>(p + i)) return true;
  return blocks::bytes_mask<Cs...>(p + n - blocks::kBlock) != 0;
}

// ---- UTF-8 ----

// The length of the well-formed UTF-8 character starting with the byte
// p[0] >= 0x80, of the `avail` bytes at p; 0 when it is not one (a stray
// continuation byte, an overlong form, a surrogate, past U+10FFFF, cut off).
inline std::size_t utf8_length(const char* p, std::size_t avail) {
  unsigned char c = static_cast<unsigned char>(p[0]);
  std::size_t len = (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
  if (len == 0 || len > avail) return 0;
  for (std::size_t k = 1; k < len; ++k)
    if ((static_cast<unsigned char>(p[k]) & 0xC0) != 0x80) return 0;
  unsigned char c1 = static_cast<unsigned char>(p[1]);
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90))
    return 0;
  return len;
}

}  // namespace peeraudit::ascii_words
