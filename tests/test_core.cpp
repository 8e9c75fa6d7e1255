// Value types, sections, sentences and source maps of plain text.
#include <catch2/catch.hpp>

#include "ingest/builder.hpp"
#include "match/sentences.hpp"
#include "support.hpp"

using namespace peeraudit;

TEST_CASE("text keeps byte offsets and maps them to line:column", "[core][ingest]") {
  const std::string src = "Peer Support Specialist\n\nDuties\nWorks on the ward.\nSecond line é here.\n";
  Document d = testing::text_document(src);
  REQUIRE(d.text == src);
  std::size_t off = d.text.find("ward");
  Location l = d.locate(off);
  CHECK(l.line == 4);
  CHECK(l.column == 14);
  CHECK(l.byte_offset == off);
  CHECK(l.section_kind == "duties");
  CHECK(l.display() == "4:14");
  // Columns count characters, not bytes.
  Location l2 = d.locate(d.text.find("here"));
  CHECK(l2.line == 5);
  CHECK(l2.column == 15);
}

TEST_CASE("headings become sections of the right kind", "[core][ingest]") {
  Document d = testing::text_document(
      "Recovery Coach - Harbor House\n\nAbout Us\nWe run many programs.\n\nESSENTIAL FUNCTIONS:\n- Lead groups.\n"
      "\nMinimum Qualifications\nLived experience.\n\n## Benefits\nDental.\n\nEqual Opportunity Employer\nAll welcome.\n");
  std::vector<std::string> kinds;
  for (const auto& s : d.sections) kinds.emplace_back(to_string(s.kind));
  CHECK(kinds == std::vector<std::string>{"title", "about", "duties", "qualifications", "benefits", "eeo"});
  CHECK(d.sections[1].heading == "About Us");
}

TEST_CASE("sentence ends: punctuation, line breaks, abbreviations, wrapped lines", "[core][match]") {
  std::string t = "Works with Dr. Lee on the unit. Then goes home.\n- A bullet without a stop\n- Another\nThis line wraps\nonto the next one.";
  auto s = match::split_sentences(t);
  std::vector<std::string> got;
  for (auto& sp : s) got.push_back(t.substr(sp.begin, sp.size()));
  CHECK(got == std::vector<std::string>{"Works with Dr. Lee on the unit.", "Then goes home.", "- A bullet without a stop",
                                        "- Another", "This line wraps\nonto the next one."});
}

TEST_CASE("invalid UTF-8 and control bytes are replaced in place with a warning", "[core][ingest]") {
  std::string bad = "Title\n\nDuties\nok \xC3\x28 bad\n";
  auto res = ingest::reader_by_name("text")->read(bad, "bad.txt", {});
  REQUIRE(res.documents.size() == 1);
  CHECK(res.documents[0].text.size() == bad.size());
  CHECK(res.documents[0].text.find('?') != std::string::npos);
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].warning);
  CHECK(res.errors[0].line == 4);
}

TEST_CASE("binary and UTF-16 input is an error naming the file", "[core][ingest]") {
  auto bin = ingest::reader_by_name("text")->read(std::string("ab\0cd", 5), "x.bin", {});
  CHECK(bin.documents.empty());
  REQUIRE(bin.errors.size() == 1);
  CHECK(bin.errors[0].display().rfind("x.bin: ", 0) == 0);
  auto u16 = ingest::reader_by_name("text")->read(std::string("\xFF\xFEh\0i\0", 6), "u.txt", {});
  CHECK(u16.documents.empty());
}

TEST_CASE("classify_heading knows the usual headings", "[core][ingest]") {
  CHECK(ingest::classify_heading("Key Responsibilities") == SectionKind::Duties);
  CHECK(ingest::classify_heading("Who We Are") == SectionKind::About);
  CHECK(ingest::classify_heading("Salary and Benefits") == SectionKind::Benefits);
  CHECK(ingest::classify_heading("Reports To") == SectionKind::Supervision);
  CHECK_FALSE(ingest::classify_heading("Harbor Street").has_value());
}

TEST_CASE("locations in words for people", "[core]") {
  Location l;
  l.line = 12;
  l.column = 5;
  CHECK(l.plain() == "line 12, column 5");
  Location p;
  p.page = 3;
  p.line = 4;
  CHECK(p.plain() == "page 3, line 4");
  Location q;
  q.paragraph = 7;
  CHECK(q.plain() == "paragraph 7");
  Location r;
  r.row = 2;
  r.line = 1;
  r.column = 9;
  CHECK(r.plain() == "row 2, line 1, column 9");
}
