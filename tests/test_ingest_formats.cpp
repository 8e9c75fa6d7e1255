// Readers for HTML, DOCX, ODT, PDF, JSONL and CSV. Every fixture is made
// by the test: markup as strings here, zips and PDFs with tests/fixtures.hpp.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ingest/builder.hpp"
#include "ingest/reader.hpp"
#include "ingest/html_text.hpp"
#include "fixtures.hpp"

using namespace peeraudit;
using namespace peeraudit::ingest;
namespace fs = std::filesystem;
using fixtures::docx_xml;
using fixtures::make_docx;
using fixtures::make_odt;
using fixtures::make_pdf;
using fixtures::make_zip;
using fixtures::wp;

namespace {

const std::string kSentence = "Provides peer support on the acute inpatient psychiatric unit.";

std::string temp_file(const std::string& name, const std::string& bytes) {
  fs::path dir = fs::temp_directory_path() / "peeraudit-ingest-tests";
  fs::create_directories(dir);
  fs::path p = dir / name;
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p.string();
}

// 1-based line and column (in characters) of byte `off` in `src`.
std::pair<int, int> line_col(const std::string& src, std::size_t off) {
  int line = 1, col = 1;
  for (std::size_t i = 0; i < off; ++i) {
    if (src[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(src[i]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return {line, col};
}

std::string kind_at(const Document& d, std::size_t off) {
  const Section* s = d.section_at(off);
  return s ? std::string(to_string(s->kind)) : "";
}

bool has_section(const Document& d, SectionKind k) {
  for (const auto& s : d.sections)
    if (s.kind == k) return true;
  return false;
}

// The sentence is in the text, on its own line, inside a duties section.
void check_duties(const Document& d) {
  INFO(d.text);
  std::size_t at = d.text.find(kSentence);
  REQUIRE(at != std::string::npos);
  CHECK((at == 0 || d.text[at - 1] == '\n'));
  CHECK(d.text[at + kSentence.size()] == '\n');
  CHECK(has_section(d, SectionKind::Duties));
  CHECK(kind_at(d, at) == "duties");
  const Section* s = d.section_at(at);
  REQUIRE(s);
  CHECK(s->heading == "Duties");
}

}  // namespace

// ==================================================================== HTML ==

TEST_CASE("html: visible text, headings, lines and source positions", "[ingest]") {
  const std::string html =
      "<!DOCTYPE html>\n"
      "<html><head><title>Peer Specialist</title>\n"
      "<script>var hidden = 'Duties: script text';</script><style>p { color: red }</style></head>\n"
      "<body>\n"
      "<nav>Home | Jobs</nav><header>Site banner</header>\n"
      "<h1>Peer Support Specialist</h1>\n"
      "<h2>Duties</h2>\n"
      "<ul>\n"
      "  <li>" + kSentence + "</li>\n"
      "  <li>Facilitates recovery groups &amp; WRAP&nbsp;classes</li>\n"
      "</ul>\n"
      "<p><strong>Qualifications</strong></p>\n"
      "<p>Lived   experience\n     of recovery.</p>\n"
      "<p><b>Benefits:</b> Health insurance.</p>\n"
      "<footer>Copyright 2024</footer><noscript>Enable JS</noscript>\n"
      "</body></html>\n";
  const Reader* r = reader_by_name("html");
  REQUIRE(r);
  CHECK(r->sniff(html));
  CHECK(r->sniff("  <HTML lang=en>"));
  CHECK_FALSE(r->sniff("Peer support specialist\nDuties:\n"));

  Result res = r->read(html, "post.html", Options{});
  REQUIRE(res.errors.empty());
  REQUIRE(res.documents.size() == 1);
  const Document& d = res.documents[0];
  INFO(d.text);
  CHECK(d.format == "html");
  CHECK(d.id == "post.html");
  CHECK(d.source == "post.html");
  CHECK(d.title == "Peer Specialist");
  check_duties(d);
  CHECK(d.text.find("script text") == std::string::npos);
  CHECK(d.text.find("color") == std::string::npos);
  CHECK(d.text.find("Home") == std::string::npos);
  CHECK(d.text.find("banner") == std::string::npos);
  CHECK(d.text.find("Copyright") == std::string::npos);
  CHECK(d.text.find("Enable JS") == std::string::npos);
  CHECK(d.text.find("\nFacilitates recovery groups & WRAP classes\n") != std::string::npos);
  CHECK(d.text.find("\nLived experience of recovery.\n") != std::string::npos);
  CHECK(kind_at(d, d.text.find("Lived")) == "qualifications");
  CHECK(kind_at(d, d.text.find("Health insurance")) == "benefits");

  // Line:column and byte offset of the sentence in the HTML source.
  std::size_t at = d.text.find(kSentence);
  Location loc = d.locate(at);
  std::size_t src = html.find(kSentence);
  auto [line, col] = line_col(html, src);
  CHECK(loc.file == "post.html");
  CHECK(loc.line == line);
  CHECK(loc.column == col);
  CHECK(loc.byte_offset == src);
  CHECK(loc.section_kind == "duties");
  CHECK(loc.display() == std::to_string(line) + ":" + std::to_string(col));
  // Inside the line, after an entity and after collapsed white space.
  Location wrap = d.locate(d.text.find("WRAP"));
  CHECK(wrap.byte_offset == html.find("WRAP"));
  CHECK(wrap.line == line_col(html, html.find("WRAP")).first);
  CHECK(wrap.column == line_col(html, html.find("WRAP")).second);
  Location rec = d.locate(d.text.find("of recovery"));
  CHECK(rec.byte_offset == html.find("of recovery"));
  CHECK(rec.line == line_col(html, html.find("of recovery")).first);
  CHECK(rec.column == line_col(html, html.find("of recovery")).second);
  Location unit = d.locate(d.text.find("psychiatric unit"));
  CHECK(unit.byte_offset == html.find("psychiatric unit"));

  // Through read_path and detection by content.
  std::string path = temp_file("post.htm", html);
  Result viapath = read_path(path, "", Options{});
  REQUIRE(viapath.documents.size() == 1);
  CHECK(viapath.documents[0].format == "html");
  CHECK(viapath.documents[0].source == path);
  check_duties(viapath.documents[0]);
}

TEST_CASE("html: unclosed tags still read", "[ingest]") {
  const std::string html =
      "<html><body><div><h2>Duties</h2><ul><li>" + kSentence +
      "<li>Attends team meetings<p>Unclosed <b>bold <i>italic\n<table><tr><td>Cell one<td>Cell two";
  Result res = reader_by_name("html")->read(html, "broken.html", Options{});
  REQUIRE(res.documents.size() == 1);
  const Document& d = res.documents[0];
  check_duties(d);
  CHECK(d.text.find("\nAttends team meetings\n") != std::string::npos);
  CHECK(d.text.find("\nCell one\nCell two") != std::string::npos);

  // Garbage and an empty body do not crash.
  Result junk = reader_by_name("html")->read(std::string("<<<>>>&&&\0\xff<", 12), "junk.html", Options{});
  CHECK(junk.documents.size() + junk.errors.size() >= 1);
  Result empty = reader_by_name("html")->read("<html><body><script>x</script></body></html>", "e.html", Options{});
  REQUIRE(empty.errors.size() == 1);
  CHECK(empty.errors[0].file == "e.html");
  CHECK(empty.documents.empty());
}

TEST_CASE("html: a JSON-LD JobPosting is preferred", "[ingest]") {
  const std::string html =
      "<!doctype html><html><head>\n"
      "<script type=\"application/ld+json\">\n"
      "{\"@context\": \"https://schema.org\", \"@graph\": [\n"
      "  {\"@type\": \"Organization\", \"name\": \"Other\"},\n"
      "  {\"@type\": \"JobPosting\", \"title\": \"Certified Peer Specialist\",\n"
      "   \"hiringOrganization\": {\"@type\": \"Organization\", \"name\": \"County Behavioral Health\"},\n"
      "   \"description\": \"<h3>Duties</h3><ul><li>" + kSentence + "</li><li>Leads groups</li></ul>\"}\n"
      "]}\n"
      "</script></head><body><p>Apply now on our careers site.</p></body></html>\n";
  Result res = reader_by_name("html")->read(html, "ld.html", Options{});
  REQUIRE(res.documents.size() == 1);
  const Document& d = res.documents[0];
  INFO(d.text);
  CHECK(d.title == "Certified Peer Specialist");
  CHECK(d.text.rfind("Certified Peer Specialist\nCounty Behavioral Health\n", 0) == 0);
  check_duties(d);
  CHECK(d.text.find("\nLeads groups\n") != std::string::npos);
  CHECK(d.text.find("Apply now") == std::string::npos);
  // Anchored at the description key inside the script.
  Location loc = d.locate(d.text.find(kSentence));
  CHECK(loc.line == line_col(html, html.find("\"description\"")).first);

  // A bare array at the top, plain-text description.
  const std::string arr =
      "<html><script type='application/ld+json'>[{\"@type\":[\"JobPosting\"],\"title\":\"Peer\","
      "\"description\":\"Duties\\n" + kSentence + "\"}]</script><body>Visible</body></html>";
  Result r2 = reader_by_name("html")->read(arr, "arr.html", Options{});
  REQUIRE(r2.documents.size() == 1);
  check_duties(r2.documents[0]);
  CHECK(r2.documents[0].text.find("Visible") == std::string::npos);
}

// ==================================================================== DOCX ==

namespace {

std::string good_docx() {
  std::string body = wp("Peer Support Specialist", "Title") +   // 1
                     wp("Duties", "Heading1") +                  // 2
                     "<w:p><w:r><w:t>Provides peer support on the acute </w:t></w:r>"
                     "<w:r><w:rPr><w:b/></w:rPr><w:t>inpatient psychiatric unit.</w:t></w:r></w:p>" +  // 3
                     "<w:p/>" +                                  // 4
                     "<w:tbl><w:tr><w:tc>" + wp("Cell A") + "</w:tc><w:tc>" + wp("Cell B") +  // 5, 6
                     "</w:tc></w:tr></w:tbl>" +
                     "<w:p><w:r><w:t>Leads</w:t><w:tab/><w:t>groups</w:t><w:br/><w:t>weekly</w:t></w:r></w:p>" +  // 7
                     wp("Article 12 \xE2\x80\x94 Supervision") +  // 8
                     wp("12.1 The Peer Specialist shall report to the nurse manager.");  // 9
  return make_docx(docx_xml(body));
}

}  // namespace

TEST_CASE("docx: paragraphs, headings, clauses and paragraph numbers", "[ingest]") {
  const Reader* r = reader_by_name("docx");
  REQUIRE(r);
  std::string bytes = good_docx();
  CHECK(r->sniff(bytes));
  Result res = r->read(bytes, "policy.docx", Options{});
  REQUIRE(res.errors.empty());
  REQUIRE(res.documents.size() == 1);
  const Document& d = res.documents[0];
  INFO(d.text);
  CHECK(d.format == "docx");
  CHECK(d.id == "policy.docx");
  CHECK(d.title == "Peer Support Specialist");
  check_duties(d);
  CHECK(d.text.find("\nCell A\nCell B\n") != std::string::npos);
  CHECK(d.text.find("\nLeads groups weekly\n") != std::string::npos);

  Location loc = d.locate(d.text.find(kSentence) + 10);
  CHECK(loc.paragraph == 3);
  CHECK(loc.line == 0);
  CHECK(loc.display() == "\xC2\xB6 3");
  CHECK(d.locate(d.text.find("Cell B")).paragraph == 6);

  std::size_t art = d.text.find("Article 12");
  const Section* s12 = d.section_at(art);
  REQUIRE(s12);
  CHECK(s12->number == "12");
  CHECK(s12->kind == SectionKind::Supervision);
  const Section* s121 = d.section_at(d.text.find("nurse manager"));
  REQUIRE(s121);
  CHECK(s121->number == "12.1");
  CHECK(s121->kind == SectionKind::Supervision);
  CHECK(d.locate(d.text.find("nurse manager")).paragraph == 9);

  std::string path = temp_file("policy.docx", bytes);
  Result viapath = read_path(path, "", Options{});
  REQUIRE(viapath.documents.size() == 1);
  CHECK(viapath.documents[0].format == "docx");
  check_duties(viapath.documents[0]);
}

TEST_CASE("docx: truncated zip, invalid XML and the member limit", "[ingest]") {
  const Reader* r = reader_by_name("docx");
  std::string bytes = good_docx();

  std::string cut = bytes.substr(0, bytes.size() / 2);
  std::string path = temp_file("cut.docx", cut);
  Result res = read_path(path, "", Options{});
  REQUIRE(res.documents.empty());
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].file == path);
  CHECK(res.errors[0].message.rfind("not a valid DOCX (zip): ", 0) == 0);

  std::string bad = make_docx(docx_xml(wp("Duties") + "<w:p><w:r><w:t>unclosed</w:r></w:p>"));
  res = r->read(bad, "bad.docx", Options{});
  REQUIRE(res.documents.empty());
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].file == "bad.docx");
  CHECK(res.errors[0].message.rfind("invalid XML in word/document.xml: ", 0) == 0);
  CHECK(res.errors[0].message.find(" at offset ") != std::string::npos);

  Options small;
  small.max_member_bytes = 100;
  res = r->read(bytes, "big.docx", small);
  REQUIRE(res.documents.empty());
  REQUIRE(res.errors.size() == 1);
  INFO(res.errors[0].message);
  CHECK(res.errors[0].message.rfind("zip member word/document.xml is ", 0) == 0);
  CHECK(res.errors[0].message.find("bytes uncompressed, over the limit of 100") != std::string::npos);

  // A zip that is not a DOCX, and garbage after the magic.
  res = r->read(make_zip({{"hello.txt", "hi"}}), "x.docx", Options{});
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].message.find("word/document.xml") != std::string::npos);
  res = r->read(std::string("PK\x03\x04garbage word/", 17), "g.docx", Options{});
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].message.rfind("not a valid DOCX (zip)", 0) == 0);
}

// ===================================================================== ODT ==

namespace {

std::string good_odt() {
  return make_odt(
      "<text:h text:outline-level=\"1\">Peer Support Specialist</text:h>"       // 1
      "<text:h text:outline-level=\"2\">Duties</text:h>"                        // 2
      "<text:list><text:list-item><text:p>Provides peer <text:span>support</text:span> on the acute "
      "inpatient psychiatric unit.</text:p></text:list-item>"                   // 3
      "<text:list-item><text:p>Leads<text:tab/>groups<text:s text:c=\"3\"/>and<text:line-break/>"
      "classes</text:p></text:list-item></text:list>"                           // 4
      "<table:table><table:table-row><table:table-cell><text:p>Cell A</text:p></table:table-cell>"
      "<table:table-cell><text:p>Cell B</text:p></table:table-cell></table:table-row></table:table>");  // 5, 6
}

}  // namespace

TEST_CASE("odt: headings, list items, spaces and paragraph numbers", "[ingest]") {
  const Reader* r = reader_by_name("odt");
  REQUIRE(r);
  std::string bytes = good_odt();
  CHECK(r->sniff(bytes));
  CHECK_FALSE(reader_by_name("docx")->sniff(bytes));
  Result res = r->read(bytes, "p.odt", Options{});
  REQUIRE(res.errors.empty());
  REQUIRE(res.documents.size() == 1);
  const Document& d = res.documents[0];
  INFO(d.text);
  CHECK(d.format == "odt");
  check_duties(d);
  CHECK(d.text.find("\nLeads groups and classes\n") != std::string::npos);
  CHECK(d.text.find("\nCell A\nCell B\n") != std::string::npos);
  CHECK(d.locate(d.text.find(kSentence)).paragraph == 3);
  CHECK(d.locate(d.text.find("Cell B")).paragraph == 6);

  std::string path = temp_file("p.odt", bytes);
  Result viapath = read_path(path, "", Options{});
  REQUIRE(viapath.documents.size() == 1);
  CHECK(viapath.documents[0].format == "odt");

  // Malformed.
  res = r->read(bytes.substr(0, bytes.size() - 30), "cut.odt", Options{});
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].file == "cut.odt");
  CHECK(res.errors[0].message.rfind("not a valid ODT (zip): ", 0) == 0);
  res = r->read(make_odt("", "<office:document-content><office:body>"), "bad.odt", Options{});
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].message.rfind("invalid XML in content.xml: ", 0) == 0);
  Options small;
  small.max_member_bytes = 64;
  res = r->read(bytes, "big.odt", small);
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].message.rfind("zip member content.xml is ", 0) == 0);
}

// ===================================================================== PDF ==

TEST_CASE("pdf: lines per page, de-hyphenation, page and line anchors", "[ingest]") {
  const Reader* r = reader_by_name("pdf");
  REQUIRE(r);
  std::string pdf = make_pdf({{"Peer Support Specialist", "County Behavioral Health"},
                              {"Duties", kSentence, "Attends treat-", "ment team meetings."}});
  CHECK(r->sniff(pdf));
  Result res = r->read(pdf, "post.pdf", Options{});
  INFO((res.errors.empty() ? "" : res.errors[0].display()));
  REQUIRE(res.errors.empty());
  REQUIRE(res.documents.size() == 1);
  const Document& d = res.documents[0];
  INFO(d.text);
  CHECK(d.format == "pdf");
  check_duties(d);
  CHECK(d.text.find("\nAttends treatment\nteam meetings.\n") != std::string::npos);
  Location loc = d.locate(d.text.find(kSentence));
  CHECK(loc.page == 2);
  CHECK(loc.line == 2);
  CHECK(loc.display() == "p. 2, line 2");
  Location first = d.locate(d.text.find("County"));
  CHECK(first.page == 1);
  CHECK(first.line == 2);
  Location team = d.locate(d.text.find("team meetings"));
  CHECK(team.page == 2);
  CHECK(team.line == 4);

  std::string path = temp_file("post.pdf", pdf);
  Result viapath = read_path(path, "", Options{});
  REQUIRE(viapath.documents.size() == 1);
  CHECK(viapath.documents[0].format == "pdf");
  check_duties(viapath.documents[0]);
}

TEST_CASE("pdf: garbage, no text layer, page limit", "[ingest]") {
  const Reader* r = reader_by_name("pdf");
  std::string path = temp_file("garbage.pdf", "%PDF-1.7\nthis is not really a pdf \x01\x02\x03");
  Result res = read_path(path, "", Options{});
  REQUIRE(res.documents.empty());
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].file == path);
  CHECK(res.errors[0].message.rfind("not a valid PDF", 0) == 0);

  res = r->read(make_pdf({{}}), "scan.pdf", Options{});
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].message.rfind("no text layer (scanned?)", 0) == 0);

  Options one;
  one.max_pdf_pages = 1;
  res = r->read(make_pdf({{"a"}, {"b"}}), "two.pdf", one);
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].message.find("over the limit of 1") != std::string::npos);

  std::string good = make_pdf({{"Duties", kSentence}});
  for (std::size_t cut : {good.size() / 3, good.size() / 2, good.size() - 40}) {
    Result t = r->read(good.substr(0, cut), "cut.pdf", Options{});
    CHECK(t.documents.size() + t.errors.size() >= 1);
  }
}

// =================================================================== JSONL ==

TEST_CASE("jsonl: one document per row, HTML text, row anchors, bad rows", "[ingest]") {
  const Reader* r = reader_by_name("jsonl");
  REQUIRE(r);
  const std::string jsonl =
      "{\"id\": \"a1\", \"title\": \"Peer Specialist\", \"description\": \"Duties\\n" + kSentence + "\"}\n"
      "{\"id\": 7, \"text\": \"<h2>Duties</h2><ul><li>" + kSentence + "</li><li>Leads groups</li></ul>\"}\r\n"
      "{\"id\": \"broken\", \"description\": \"unterminated}\n"
      "\n"
      "[1, 2, 3]\n"
      "{\"id\": \"x\", \"title\": \"No text\"}\n"
      "{\"body\": \"Duties\\n" + kSentence + "\"}\n";
  std::string path = temp_file("posts.jsonl", jsonl);
  for (int via = 0; via < 2; ++via) {
    Result res = via == 0 ? r->read(jsonl, path, Options{}) : read_path(path, "", Options{});
    REQUIRE(res.documents.size() == 3);
    REQUIRE(res.errors.size() == 3);
    const Document& d1 = res.documents[0];
    CHECK(d1.id == path + "#a1");
    CHECK(d1.source == path);
    CHECK(d1.format == "jsonl");
    CHECK(d1.title == "Peer Specialist");
    check_duties(d1);
    Location l1 = d1.locate(d1.text.find(kSentence));
    CHECK(l1.row == 1);
    CHECK(l1.display() == "row 1");
    const Document& d2 = res.documents[1];
    CHECK(d2.id == path + "#7");
    check_duties(d2);
    CHECK(d2.text.find("\nLeads groups\n") != std::string::npos);
    CHECK(d2.locate(d2.text.find(kSentence)).row == 2);
    const Document& d3 = res.documents[2];
    CHECK(d3.id == path + "#7~7");  // no id: the row number (taken, so made unique)
    CHECK(d3.locate(d3.text.find(kSentence)).row == 7);
    check_duties(d3);

    CHECK(res.errors[0].file == path);
    CHECK(res.errors[0].line == 3);
    CHECK(res.errors[0].message.rfind("invalid JSON", 0) == 0);
    CHECK(res.errors[1].line == 5);
    CHECK(res.errors[1].message.find("not a JSON object") != std::string::npos);
    CHECK(res.errors[2].line == 6);
    CHECK(res.errors[2].message.find("\"description\"") != std::string::npos);
    CHECK(res.errors[2].display() == path + ":6: " + res.errors[2].message);
  }

  Options opts;
  opts.text_field = "summary";
  opts.max_line_bytes = 60;
  Result res = r->read("{\"summary\": \"Duties\\nShort.\"}\n{\"summary\": \"" + std::string(100, 'x') + "\"}\n",
                       "o.jsonl", opts);
  REQUIRE(res.documents.size() == 1);
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].line == 2);
  CHECK(res.errors[0].message.find("over the limit of 60") != std::string::npos);
}

// ===================================================================== CSV ==

TEST_CASE("csv: RFC 4180 records, row and line anchors, broken quote", "[ingest]") {
  const Reader* r = reader_by_name("csv");
  REQUIRE(r);
  const std::string csv =
      "id,Title,Description\r\n"
      "p1,Peer Specialist,\"Duties\r\n" + kSentence + "\"\r\n"
      "p2,\"Peer, Senior\",\"<p><b>Duties</b></p><p>" + kSentence + "</p><p>Says \"\"hello\"\"</p>\"\r\n"
      "\r\n"
      "p3,Empty,\r\n"
      "p4,Plain,Duties: " + kSentence + "\r\n"
      "p5,Broken,\"Duties\n" + kSentence + "\n";
  std::string path = temp_file("posts.csv", csv);
  for (int via = 0; via < 2; ++via) {
    Result res = via == 0 ? r->read(csv, path, Options{}) : read_path(path, "", Options{});
    REQUIRE(res.documents.size() == 3);
    REQUIRE(res.errors.size() == 2);
    const Document& d1 = res.documents[0];
    CHECK(d1.id == path + "#p1");
    CHECK(d1.format == "csv");
    CHECK(d1.title == "Peer Specialist");
    check_duties(d1);
    // The sentence is on line 3 of the file, in record 1.
    Location l1 = d1.locate(d1.text.find(kSentence));
    CHECK(l1.row == 1);
    CHECK(l1.line == 3);
    CHECK(l1.column == 1);
    CHECK(l1.byte_offset == csv.find(kSentence));
    CHECK(l1.display() == "row 1, 3:1");
    // The record's first text line: the line where the record starts.
    CHECK(d1.locate(d1.text.find("Duties")).line == 2);

    const Document& d2 = res.documents[1];
    CHECK(d2.title == "Peer, Senior");
    check_duties(d2);
    CHECK(d2.text.find("Says \"hello\"") != std::string::npos);
    Location l2 = d2.locate(d2.text.find(kSentence));
    CHECK(l2.row == 2);
    CHECK(l2.line == 4);

    const Document& d4 = res.documents[2];
    CHECK(d4.id == path + "#p4");
    CHECK(d4.locate(d4.text.find(kSentence)).row == 4);
    CHECK(d4.text.find(kSentence) != std::string::npos);

    CHECK(res.errors[0].file == path);
    CHECK(res.errors[0].line == 6);  // p3: empty text
    CHECK(res.errors[0].message.find("record 3") != std::string::npos);
    CHECK(res.errors[1].line == 8);  // p5 starts on line 8 and never closes its quote
    CHECK(res.errors[1].message.find("unterminated quoted field") != std::string::npos);
    CHECK(res.errors[1].message.find("line 8") != std::string::npos);
  }

  // No text column; only a header.
  Result res = r->read("id,name\n1,x\n", "n.csv", Options{});
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].message.find("column") != std::string::npos);
  res = r->read("\"id,description\n", "q.csv", Options{});
  REQUIRE(res.errors.size() == 1);
  CHECK(res.documents.empty());
}
