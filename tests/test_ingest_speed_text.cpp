// The text / Markdown reader and sanitize_utf8 skip work with word-at-a-time
// byte tests, memchr and early exits. These tests hold them to the plain
// byte-by-byte definitions (written out again here, simply) on random
// inputs, so a fast path can never change a Document.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "ingest/builder.hpp"
#include "ingest/reader.hpp"
#include "support.hpp"

using namespace peeraudit;
using namespace peeraudit::ingest;

namespace {

// ---- reference definitions, one byte at a time ----

std::size_t ref_sanitize(std::string& s) {
  std::size_t replaced = 0;
  for (std::size_t i = 0; i < s.size();) {
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
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    unsigned char c1 = ok ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (ok && ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
               (c == 0xF4 && c1 >= 0x90)))
      ok = false;
    if (!ok) {
      s[i] = '?';
      ++replaced;
      ++i;
    } else {
      i += len;
    }
  }
  return replaced;
}

bool ref_binary(std::string_view b) {
  std::size_t n = std::min<std::size_t>(b.size(), 8192), nul = 0, ctrl = 0;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(b[i]);
    if (c == 0) ++nul;
    else if (c < 0x09 || (c > 0x0d && c < 0x20)) ++ctrl;
  }
  return nul > 0 || ctrl * 10 > n;
}

std::string ref_heading_text(std::string_view line) {
  std::string_view s = text::trim(line);
  while (!s.empty() && s.front() == '#') s.remove_prefix(1);
  std::string cleaned;
  for (char c : text::trim(s))
    if (c != '*' && c != '_') cleaned += c;
  std::string_view t = text::trim(cleaned);
  while (!t.empty() && (t.back() == ':' || t.back() == '-')) t.remove_suffix(1);
  return std::string(text::trim(t));
}

bool ref_all_caps(std::string_view s) {
  int letters = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') ++letters;
  }
  return letters >= 3;
}

// Every line, every field, as the reader's documentation describes it.
Document ref_read(std::string_view bytes, const std::string& format) {
  std::size_t skip = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  Document doc;
  doc.id = doc.source = "mem";
  doc.format = format;
  doc.text.assign(bytes.substr(skip));
  for (char& c : doc.text)
    if (c == '\r') c = ' ';
  ref_sanitize(doc.text);
  const std::string& t = doc.text;
  doc.map.anchors = testing::reference_anchors(t, skip);
  doc.map.identity = true;
  doc.map.identity_skip = skip;
  // Sections: the rules of detect_sections, evaluated in full for every line.
  bool seen_text = false;
  auto open = [&](SectionKind kind, const std::string& h, std::size_t begin) {
    if (!doc.sections.empty()) doc.sections.back().end = begin;
    doc.sections.push_back({kind, h, begin, t.size(), ""});
  };
  std::size_t start = 0;
  for (std::size_t i = 0; i <= t.size(); ++i) {
    if (i < t.size() && t[i] != '\n') continue;
    std::size_t begin = start;
    std::string_view line = text::trim(std::string_view(t).substr(begin, i - begin));
    start = i + 1;
    if (line.empty()) continue;
    bool md = line.front() == '#';
    bool bold = line.size() > 4 && line.substr(0, 2) == "**" && line.substr(line.size() - 2) == "**";
    std::string h = ref_heading_text(line);
    std::size_t words = text::word_count(h);
    bool short_line = !h.empty() && words <= 8 && h.size() <= 70;
    char last_c = line.back();
    bool ends = std::string_view(".,;!?").find(last_c) != std::string_view::npos;
    auto kind = short_line ? classify_heading(h) : std::nullopt;
    bool is_heading = md || (short_line && !ends && (last_c == ':' || bold || ref_all_caps(h) || kind));
    if (!seen_text && !is_heading && words <= 14 && !ends) {
      open(SectionKind::Title, h, begin);
      seen_text = true;
      continue;
    }
    seen_text = true;
    if (is_heading) open(kind.value_or(SectionKind::Other), h, begin);
  }
  if (doc.sections.empty() || doc.sections.front().begin > 0)
    doc.sections.insert(doc.sections.begin(),
                        Section{SectionKind::Other, "", 0, doc.sections.empty() ? t.size() : doc.sections.front().begin, ""});
  return doc;
}

// ---- random inputs ----

std::string random_bytes(std::mt19937& rng, std::size_t n) {
  // Mostly printable ASCII, with the bytes the fast paths must notice.
  static const std::vector<std::string> odd = {"\n", "\t", "\r", "\x7f", std::string(1, '\0'), "\x01", "\x0b", "\x1f",
                                               "\xC3\xA9", "\xE2\x80\x94", "\xF0\x9F\x99\x82", "\x80", "\xC3", "\xE0\x80\x80",
                                               "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF", "\xC0\xAF"};
  std::string s;
  while (s.size() < n) {
    if (rng() % 8 == 0) s += odd[rng() % odd.size()];
    else s += static_cast<char>(0x20 + rng() % 0x5f);
  }
  return s;
}

// Random bytes without NUL, which would make the whole file binary.
std::string random_text(std::mt19937& rng, std::size_t n) {
  std::string s = random_bytes(rng, n);
  for (char& c : s)
    if (c == '\0') c = '0';
  return s;
}

std::string random_posting(std::mt19937& rng) {
  static const std::vector<std::string> lines = {
      "# Duties", "## Qualifications:", "**Benefits**", "ABOUT US", "Job Title Here", "Summary:",
      "Reports to: Director", "Pay ", "- Share recovery experience with clients.", "What you'll do",
      "Equal Opportunity Employer", "Non-Discrimination", "  **Mission**  ", "_Licensure_:", "COMPANY PERKS",
      "Provides peer support on the unit.", "one two three four five six seven eight nine", "Position Summary;",
      "", "   ", "#", "****", "\t# Indented", "Salary --:", "caf\xC3\xA9 MENU", "Article 7 \xE2\x80\x94 Assignment"};
  std::string s = rng() % 10 == 0 ? "\xEF\xBB\xBF" : "";
  for (int i = 0, n = static_cast<int>(rng() % 40); i < n; ++i) {
    if (rng() % 6 == 0) s += random_text(rng, rng() % 100);
    else s += lines[rng() % lines.size()];
    if (rng() % 50 == 0) s += random_text(rng, 4000 + rng() % 9000);  // a line over 4 KiB
    s += rng() % 5 == 0 ? "\r\n" : "\n";
  }
  return s;
}

void require_same(const Document& got, const Document& want) {
  REQUIRE(got.text == want.text);
  REQUIRE(got.format == want.format);
  REQUIRE(got.title == want.title);
  REQUIRE(got.map.identity == want.map.identity);
  REQUIRE(got.map.identity_skip == want.map.identity_skip);
  REQUIRE(got.map.lines_follow_text);
  REQUIRE(got.map.anchors.size() == want.map.anchors.size());
  for (std::size_t i = 0; i < want.map.anchors.size(); ++i) {
    const Anchor &g = got.map.anchors[i], &w = want.map.anchors[i];
    INFO("anchor " << i);
    REQUIRE(g.text_offset == w.text_offset);
    REQUIRE(g.source_offset == w.source_offset);
    REQUIRE(g.line == w.line);
    REQUIRE(g.column == w.column);
  }
  REQUIRE(got.sections.size() == want.sections.size());
  for (std::size_t i = 0; i < want.sections.size(); ++i) {
    INFO("section " << i);
    REQUIRE(got.sections[i].kind == want.sections[i].kind);
    REQUIRE(got.sections[i].heading == want.sections[i].heading);
    REQUIRE(got.sections[i].begin == want.sections[i].begin);
    REQUIRE(got.sections[i].end == want.sections[i].end);
  }
}

}  // namespace

TEST_CASE("sanitize_utf8 fast path matches the byte-by-byte definition", "[ingest][speed]") {
  std::mt19937 rng(20240507);
  for (int round = 0; round < 4000; ++round) {
    std::string s = random_bytes(rng, rng() % 80);
    std::string want = s;
    std::size_t want_n = ref_sanitize(want);
    INFO("round " << round);
    REQUIRE(sanitize_utf8(s) == want_n);
    REQUIRE(s == want);
  }
  // Every byte value at every position of a word.
  for (int b = 0; b < 256; ++b)
    for (int pos = 0; pos < 17; ++pos) {
      std::string s(17, 'a');
      s[pos] = static_cast<char>(b);
      std::string want = s;
      std::size_t want_n = ref_sanitize(want);
      REQUIRE(sanitize_utf8(s) == want_n);
      REQUIRE(s == want);
    }
}

TEST_CASE("text reader matches the line-by-line definition on random postings", "[ingest][speed]") {
  const Reader* text = reader_by_name("text");
  const Reader* md = reader_by_name("markdown");
  REQUIRE(text);
  REQUIRE(md);
  std::mt19937 rng(7);
  int read = 0;
  for (int round = 0; round < 600; ++round) {
    std::string bytes = round % 7 == 0 ? random_bytes(rng, rng() % 300) : random_posting(rng);
    INFO("round " << round);
    bool md_format = round % 2 == 1;
    Result res = (md_format ? md : text)->read(bytes, "mem", Options{});
    std::size_t skip = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    bool utf16 = bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF");
    if (utf16 || ref_binary(bytes)) {
      REQUIRE(res.documents.empty());
      continue;
    }
    REQUIRE(res.documents.size() == 1);
    std::string clean(bytes.substr(skip));
    bool warned = !res.errors.empty();
    REQUIRE(warned == (ref_sanitize(clean) > 0));
    require_same(res.documents[0], ref_read(bytes, md_format ? "markdown" : "text"));
    ++read;
  }
  REQUIRE(read > 300);
}

TEST_CASE("classify_heading: the first key in list order wins, in any case", "[ingest][speed]") {
  CHECK(classify_heading("Equal Opportunity Benefits") == SectionKind::Eeo);
  CHECK(classify_heading("Company Benefits") == SectionKind::Benefits);
  CHECK(classify_heading("Summary of Duties") == SectionKind::Duties);
  CHECK(classify_heading("About the Role") == SectionKind::Summary);  // the job, not the agency
  CHECK(classify_heading("About the Agency") == SectionKind::About);
  CHECK(classify_heading("NON-DISCRIMINATION") == SectionKind::Eeo);
  CHECK(classify_heading("Pay") == SectionKind::Benefits);  // "pay " matches at the padded end
  CHECK(classify_heading("Payroll clerk") == std::nullopt);
  CHECK(classify_heading("What You'll Do") == SectionKind::Duties);
  CHECK(classify_heading("Licensure") == SectionKind::Qualifications);
  CHECK(classify_heading("") == std::nullopt);
  CHECK(classify_heading("xx") == std::nullopt);
  CHECK(classify_heading(std::string(300, 'x') + " the opportunity") == SectionKind::Summary);  // longer than the stack buffer
}
