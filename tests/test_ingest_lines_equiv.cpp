// The text reader's one-pass line scanner, the block masks under it and the
// sentence splitter skip bytes a block at a time. These tests hold them to
// plain byte-by-byte definitions (written out again here) on adversarial
// random inputs: CRLF, lone CR, tabs, controls, valid and broken UTF-8 at
// every block offset, very long lines, empty input, no final newline, the
// 8 KiB binary sniff boundary, abbreviations, bullets and quotes.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cctype>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/ascii_words.hpp"
#include "ingest/builder.hpp"
#include "ingest/reader.hpp"
#include "match/sentences.hpp"
#include "support.hpp"

using namespace peeraudit;

namespace {

// ---- references, one byte at a time ----

std::size_t ref_utf8_length(const std::string& s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) len = 3;
  else if (c >= 0xF0 && c <= 0xF4) len = 4;
  if (len == 0 || i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
  if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
  if (c == 0xED && c1 >= 0xA0) return 0;  // surrogate
  if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
  if (c == 0xF4 && c1 >= 0x90) return 0;  // past U+10FFFF
  return len;
}

struct RefRead {
  bool binary = false, utf16 = false;
  std::string text;
  std::vector<Anchor> anchors;
  std::size_t replaced = 0;
  int bad_line = 0;
};

// What the text reader's documentation promises, done the slow way: sniff,
// strip the BOM, CR -> space, controls -> space, broken UTF-8 -> '?', an
// anchor per line and every 4 KiB in a line (column in characters).
RefRead ref_read(const std::string& bytes) {
  RefRead r;
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
    r.utf16 = true;
    return r;
  }
  std::size_t sniff = std::min<std::size_t>(bytes.size(), 8192), nul = 0, ctrl = 0;
  for (std::size_t i = 0; i < sniff; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) ++nul;
    else if (c < 0x09 || (c > 0x0d && c < 0x20)) ++ctrl;
  }
  if (nul > 0 || ctrl * 10 > sniff) {
    r.binary = true;
    return r;
  }
  std::size_t skip = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  std::string& t = r.text;
  t = bytes.substr(skip);
  int line = 1;
  for (std::size_t i = 0; i < t.size();) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    bool bad = false;
    std::size_t next = i + 1;
    if (c == '\r') t[i] = ' ';
    else if (c == '\n') ++line;
    else if ((c < 0x20 && c != '\t') || c == 0x7f) {
      t[i] = ' ';
      bad = true;
    } else if (c >= 0x80) {
      std::size_t len = ref_utf8_length(t, i);
      if (len == 0) {
        t[i] = '?';
        bad = true;
      } else {
        next = i + len;
      }
    }
    if (bad && r.replaced++ == 0) r.bad_line = line;
    i = next;
  }
  r.anchors = testing::reference_anchors(t, skip);
  return r;
}

// split_sentences as it was written byte by byte, with <cctype>.
std::vector<Span> ref_sentences(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  auto abbreviation_before = [](std::string_view t, std::size_t dot) {
    static const std::vector<std::string> abbr = {"e.g", "i.e", "dr", "mr", "ms", "mrs", "st", "no",
                                                  "vs", "etc", "inc", "approx", "dept", "sr", "jr", "ft"};
    std::size_t b = dot;
    while (b > 0 && (std::isalpha(static_cast<unsigned char>(t[b - 1])) || t[b - 1] == '.')) --b;
    std::string word;
    for (std::size_t i = b; i < dot; ++i) word += static_cast<char>(std::tolower(static_cast<unsigned char>(t[i])));
    if (word.size() == 1) return true;
    return std::find(abbr.begin(), abbr.end(), word) != abbr.end();
  };
  std::vector<Span> out;
  std::size_t start = 0;
  auto push = [&](std::size_t end) {
    std::size_t b = start, e = end;
    while (b < e && (space(text[b]) || text[b] == '\n')) ++b;
    while (e > b && (space(text[e - 1]) || text[e - 1] == '\n')) --e;
    if (e > b) out.push_back({b, e});
    start = end;
  };
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    char c = text[i];
    if (c == '\n') {
      std::size_t j = i + 1;
      while (j < n && space(text[j])) ++j;
      std::size_t k = i;
      while (k > start && space(text[k - 1])) --k;
      bool blank_next = j >= n || text[j] == '\n';
      bool ends = k == start || std::string_view(".:!?;").find(text[k - 1]) != std::string_view::npos;
      bool lower_next = j < n && std::islower(static_cast<unsigned char>(text[j]));
      if (!blank_next && !ends && lower_next) continue;
      push(i);
    } else if (c == '.' || c == '!' || c == '?') {
      std::size_t j = i + 1;
      while (j < n && (text[j] == '"' || text[j] == '\'' || text[j] == ')')) ++j;
      if (j < n && !space(text[j]) && text[j] != '\n') continue;
      std::size_t k = j;
      while (k < n && space(text[k])) ++k;
      if (k < n && text[k] != '\n') {
        unsigned char nc = static_cast<unsigned char>(text[k]);
        if (!(std::isupper(nc) || std::isdigit(nc) || nc == '-' || nc == '*' || nc == '"' || nc >= 0x80)) continue;
      }
      if (c == '.' && abbreviation_before(text, i)) continue;
      push(j);
      i = j - 1;
    }
  }
  push(n);
  return out;
}

// ---- adversarial random inputs ----

std::string pieces(std::mt19937& rng, std::size_t n, const std::vector<std::string>& odd, unsigned odd_one_in) {
  std::string s;
  while (s.size() < n) {
    if (rng() % odd_one_in == 0) s += odd[rng() % odd.size()];
    else s += static_cast<char>(0x20 + rng() % 0x5f);
  }
  return s;
}

const std::vector<std::string> kOddBytes = {
    "\n", "\n", "\r\n", "\r", "\t", " ", "\x7f", std::string(1, '\0'), "\x01", "\x0b", "\x0c", "\x1f",
    "\xC3\xA9", "\xE2\x80\x94", "\xF0\x9F\x99\x82", "\x80", "\xBF", "\xC3", "\xE2\x80", "\xF0\x9F\x99",
    "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xFF", "\xC0\xAF", "\xC2\x80"};

std::string random_file(std::mt19937& rng) {
  std::string s = rng() % 8 == 0 ? "\xEF\xBB\xBF" : "";
  switch (rng() % 6) {
    case 0:  // short, dense with odd bytes (NUL-free most of the time)
      s += pieces(rng, rng() % 64, kOddBytes, 3);
      break;
    case 1:  // lines over 4 KiB, one of them maybe the last without a newline
      for (int k = 0, m = 1 + static_cast<int>(rng() % 3); k < m; ++k) {
        s += pieces(rng, 4000 + rng() % 9000, {"\xC3\xA9", "\xE2\x80\x94", "\t", "\x80"}, 7);
        if (rng() % 3) s += rng() % 2 ? "\n" : "\r\n";
      }
      break;
    case 2:  // around the 8 KiB sniff: controls just before and after it
      s += pieces(rng, 8180 + rng() % 24, {"\n", "\t", "\xC3\xA9"}, 40);
      for (int k = 0; k < 40; ++k) s += static_cast<char>(1 + rng() % 8);
      s += "\nmore\n";
      break;
    case 3:  // many short lines, CRLF or LF
      for (int k = 0, m = static_cast<int>(rng() % 200); k < m; ++k) {
        s += pieces(rng, rng() % 30, kOddBytes, 12);
        s += rng() % 4 ? "\n" : "\r\n";
      }
      break;
    default:  // text with a sprinkling of everything
      s += pieces(rng, rng() % 3000, kOddBytes, 10);
  }
  // Rarely a NUL or a run of controls, which makes it binary.
  if (rng() % 20 == 0) s.insert(rng() % (s.size() + 1), 1, '\0');
  return s;
}

}  // namespace

TEST_CASE("block masks flag exactly the bytes their scalar tests name", "[ingest][lines]") {
  using namespace ascii_words;
  std::mt19937 rng(11);
  auto check = [](const char* p, std::size_t width, unsigned np, unsigned stops) {
    for (std::size_t k = 0; k < width; ++k) {
      unsigned char c = static_cast<unsigned char>(p[k]);
      bool want_np = c < 0x20 || c >= 0x7f;
      bool want_stop = c == '\n' || c == '.' || c == '!' || c == '?';
      INFO("byte " << k << " = " << static_cast<int>(c));
      REQUIRE(((np >> k) & 1u) == (want_np ? 1u : 0u));
      REQUIRE(((stops >> k) & 1u) == (want_stop ? 1u : 0u));
    }
    REQUIRE((np >> width) == 0u);
    REQUIRE((stops >> width) == 0u);
  };
  char buf[16];
  for (int round = 0; round < 20000; ++round) {
    for (char& c : buf) c = static_cast<char>(round < 256 ? round : static_cast<int>(rng() % 256));
    // A single odd byte in plain text at every position, too.
    if (round >= 256 && round < 512) {
      std::fill(std::begin(buf), std::end(buf), 'a');
      buf[rng() % 16] = static_cast<char>(round - 256);
    }
    check(buf, swar::kBlock, swar::not_printable_mask(buf), swar::bytes_mask<'\n', '.', '!', '?'>(buf));
    check(buf, blocks::kBlock, blocks::not_printable_mask(buf), blocks::bytes_mask<'\n', '.', '!', '?'>(buf));
  }
}

TEST_CASE("utf8_length accepts exactly the well-formed characters", "[ingest][lines]") {
  std::mt19937 rng(5);
  for (int round = 0; round < 200000; ++round) {
    std::string s(1 + rng() % 4, '\0');
    s[0] = static_cast<char>(0x80 + rng() % 0x80);
    for (std::size_t k = 1; k < s.size(); ++k)
      s[k] = static_cast<char>(rng() % 4 ? 0x80 + rng() % 0x40 : rng() % 256);
    INFO("round " << round);
    REQUIRE(ascii_words::utf8_length(s.data(), s.size()) == ref_utf8_length(s, 0));
  }
}

TEST_CASE("text reader: one-pass scanner matches the byte-by-byte definition", "[ingest][lines]") {
  const ingest::Reader* reader = ingest::reader_by_name("text");
  REQUIRE(reader);
  std::mt19937 rng(20250101);
  std::vector<std::string> inputs = {"", "\n", "\r", "\r\n", "a", "a\n", "\n\n\n", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n",
                                     "no final newline", "tab\there\n", "caf\xC3\xA9\n\xE2\x80", std::string(5000, 'x'),
                                     std::string(4097, 'y') + "\n" + std::string(4096, 'z') + "\n",
                                     std::string(8191, 'a') + "\x01\x01", std::string("\0", 1)};
  // The edge of the 8 KiB sniff, with and without a BOM: a NUL just inside
  // or just outside it, and one control byte short of or at the 1-in-10 limit.
  for (std::string bom : {"", "\xEF\xBB\xBF"})
    for (std::size_t at = 8186; at < 8198; ++at) {
      std::string nul = bom + std::string(9000, 'a');
      nul[at] = '\0';
      inputs.push_back(nul);
      std::string ctrl = bom + std::string(818, '\x02') + std::string(9000, 'a');
      ctrl[at] = '\x03';
      inputs.push_back(ctrl);
      inputs.push_back(bom + std::string(at - 8000, '\x04') + std::string(at, 'b'));  // short files: 1 in 10 of their size
    }
  // Every odd byte sequence at every offset of a 16-byte block.
  for (const std::string& odd : kOddBytes)
    for (std::size_t at = 0; at < 20; ++at) inputs.push_back(std::string(at, 'b') + odd + std::string(20, 'c'));
  for (int k = 0; k < 1500; ++k) inputs.push_back(random_file(rng));
  int docs = 0, binaries = 0, warned = 0;
  for (std::size_t round = 0; round < inputs.size(); ++round) {
    const std::string& bytes = inputs[round];
    INFO("input " << round << " of size " << bytes.size());
    RefRead want = ref_read(bytes);
    ingest::Result got = reader->read(bytes, "mem.txt", ingest::Options{});
    if (want.utf16 || want.binary) {
      REQUIRE(got.documents.empty());
      REQUIRE(got.errors.size() == 1);
      REQUIRE(got.errors[0].message ==
              (want.utf16 ? "UTF-16 text is not supported; save it as UTF-8" : "binary file (NUL or control bytes), not text"));
      binaries += want.binary;
      continue;
    }
    REQUIRE(got.documents.size() == 1);
    const Document& d = got.documents[0];
    REQUIRE(d.text == want.text);
    REQUIRE(d.map.anchors.size() == want.anchors.size());
    for (std::size_t i = 0; i < want.anchors.size(); ++i) {
      INFO("anchor " << i);
      REQUIRE(d.map.anchors[i].text_offset == want.anchors[i].text_offset);
      REQUIRE(d.map.anchors[i].source_offset == want.anchors[i].source_offset);
      REQUIRE(d.map.anchors[i].line == want.anchors[i].line);
      REQUIRE(d.map.anchors[i].column == want.anchors[i].column);
    }
    if (want.replaced == 0) {
      REQUIRE(got.errors.empty());
    } else {
      REQUIRE(got.errors.size() == 1);
      REQUIRE(got.errors[0].warning);
      REQUIRE(got.errors[0].line == want.bad_line);
      REQUIRE(got.errors[0].message == "invalid UTF-8: " + std::to_string(want.replaced) + " byte(s) replaced by '?'");
      ++warned;
    }
    ++docs;
  }
  // The generator reaches every branch.
  CHECK(docs > 1000);
  CHECK(binaries > 20);
  CHECK(warned > 300);
}

TEST_CASE("split_sentences matches the byte-by-byte splitter", "[match][lines]") {
  std::mt19937 rng(99);
  const std::vector<std::string> words = {
      "Dr.", "Mr.", "e.g.", "i.e.", "etc.", "Inc.", "approx.", "APPROX.", "Dept.", "U.S.", "J.", "No.", "vs.",
      "approxim.", "word.", "the", "Then", "then", "unit", "3", "-", "*", "\"Quoted.\"", "(aside.)", "end!", "why?",
      "x.y", "xapprox.", "Reapprox.", "sdept.", "caf\xC3\xA9.", "\xC3\x89t\xC3\xA9", ".", "..", "...", "!?", "'", ")", ":", ";", "a.b.c.", "St.", "ft."};
  const std::vector<std::string> gaps = {" ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", " \n ", "\n- ", "\n* ",
                                         "\n  ", "\n\t", ".\n", ". ", "! ", "? "};
  std::vector<std::string> inputs = {"", ".", "\n", "a", "A. B", "Works with Dr. Lee. Then home.\n- A\nwraps\nonto it.",
                                     std::string(100, '.'), std::string(100, '\n'), std::string(40, ' ') + "x"};
  for (int k = 0; k < 3000; ++k) {
    std::string s;
    for (int w = 0, m = static_cast<int>(rng() % 60); w < m; ++w) {
      s += words[rng() % words.size()];
      s += gaps[rng() % gaps.size()];
    }
    if (rng() % 4 == 0) s += std::string(rng() % 40, 'q');  // a long run without a stop
    if (rng() % 3 == 0 && !s.empty()) s.pop_back();         // no final space or newline
    inputs.push_back(s);
  }
  for (std::size_t round = 0; round < inputs.size(); ++round) {
    const std::string& t = inputs[round];
    INFO("input " << round << ": " << t);
    std::vector<Span> got = match::split_sentences(t), want = ref_sentences(t);
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      REQUIRE(got[i].begin == want[i].begin);
      REQUIRE(got[i].end == want[i].end);
    }
  }
}

TEST_CASE("classify_heading: the key automaton finds the first key in list order, as a scan per key does", "[ingest][lines]") {
  // The reference tries each key in turn on " " + lower(heading) + " ".
  const auto& keys = ingest::heading_keys();
  auto ref = [&](const std::string& h) -> std::optional<SectionKind> {
    std::string padded = " ";
    for (char c : h) padded += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    padded += ' ';
    for (const auto& [key, kind] : keys)
      if (padded.find(key) != std::string::npos) return kind;
    return std::nullopt;
  };
  std::mt19937 rng(3);
  std::vector<std::string> parts = {" ", "  ", "-", "'", ":", "\xC3\xA9", "x", "PAY", "Pay", "pa", "y "};
  for (const auto& k : keys) {
    parts.emplace_back(k.first);
    parts.emplace_back(k.first.substr(0, k.first.size() - 1));  // one short of a key
    parts.emplace_back(k.first.substr(1));
  }
  for (int round = 0; round < 30000; ++round) {
    std::string h;
    for (int w = 0, m = static_cast<int>(rng() % 5); w < m; ++w) {
      std::string p = parts[rng() % parts.size()];
      if (rng() % 3 == 0)
        for (char& c : p) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      h += p;
    }
    INFO("heading '" << h << "'");
    REQUIRE(ingest::classify_heading(h) == ref(h));
  }
}
