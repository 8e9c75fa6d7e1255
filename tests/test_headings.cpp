// Heading classification: which headings are the employer's boilerplate
// (about, benefits, EEO) and which are about the job, with the traps that a
// key found inside a longer word or phrase sets. Examples are made up here.
#include <catch2/catch.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ingest/builder.hpp"

using namespace peeraudit;

namespace {

std::optional<SectionKind> kind(const char* h) { return ingest::classify_heading(h); }

// The sections detect_sections finds in `text`, as kind + heading.
std::vector<std::pair<SectionKind, std::string>> sections_of(const std::string& text) {
  Document doc;
  doc.text = text;
  ingest::detect_sections(doc);
  std::vector<std::pair<SectionKind, std::string>> out;
  for (const auto& s : doc.sections)
    if (!s.heading.empty()) out.emplace_back(s.kind, s.heading);
  return out;
}

}  // namespace

TEST_CASE("headings: accommodation is EEO only when it is about disability or applicants", "[ingest][headings]") {
  CHECK(kind("Reasonable Accommodation") == SectionKind::Eeo);
  CHECK(kind("Accommodations") == SectionKind::Eeo);
  CHECK(kind("Accommodations for Applicants with Disabilities") == SectionKind::Eeo);
  CHECK(kind("How to request an accommodation") == SectionKind::Eeo);
  CHECK(kind("Disability Accommodation Requests") == SectionKind::Eeo);
  CHECK(kind("ADA accommodation statement") == SectionKind::Eeo);
  CHECK(kind("Equal Opportunity Employer") == SectionKind::Eeo);
  CHECK(kind("Our Commitment to Equal Opportunities") == SectionKind::Eeo);
  // Housing, not an equal-opportunity statement.
  CHECK_FALSE(kind("Supported Accommodation").has_value());
  CHECK_FALSE(kind("Riverside Accommodation Services").has_value());
  CHECK_FALSE(kind("Crisis Accommodation Program - Night Shift Procedure").has_value());
  CHECK(kind("Accommodation Support Worker Duties") == SectionKind::Duties);
}

TEST_CASE("headings: About the role is the job, About the agency is boilerplate", "[ingest][headings]") {
  for (const char* h : {"About the role", "About The Role", "ABOUT THE JOB", "About the post", "About the position",
                        "About this role", "About This Position", "About this job", "About the opportunity"})
    CHECK(kind(h) == SectionKind::Summary);
  CHECK(kind("About you") == SectionKind::Qualifications);
  for (const char* h : {"About us", "About the agency", "About the organisation", "About the Organization",
                        "About the company", "About the program", "About the programme", "About the service",
                        "About the Team", "About our services", "Who we are"})
    CHECK(kind(h) == SectionKind::About);
  // "about you" is the candidate; "about your ..." is not that key.
  CHECK(kind("About your application") != SectionKind::Qualifications);
  // "post" the noun, not "poster" or "postcode".
  CHECK(kind("About the posters") == SectionKind::About);
}

TEST_CASE("headings: About and an organisation's name is the About section", "[ingest][headings]") {
  CHECK(kind("About Riverbend") == SectionKind::About);
  CHECK(kind("About Harbor Lights Peer Collective") == SectionKind::About);
  CHECK(kind("About NAMI") == SectionKind::About);
  CHECK(kind("About Tallwood:") == SectionKind::About);
  // The job's own words, lower case, sentences and numbers are not names.
  CHECK(kind("About This Vacancy") == SectionKind::Summary);
  CHECK(kind("About Your Application") != SectionKind::About);
  CHECK(kind("About Peer Work") != SectionKind::About);
  CHECK_FALSE(kind("about riverbend").has_value());
  CHECK_FALSE(kind("About 20 hours a week").has_value());
  CHECK_FALSE(kind("About Riverbend, we have grown a lot.").has_value());
  CHECK_FALSE(kind("Abouts Riverbend").has_value());
  // A key still decides first.
  CHECK(kind("About Riverbend Benefits") == SectionKind::Benefits);

  auto s = sections_of("Recovery Peer Mentor\n\nAbout Riverbend\nRiverbend runs two ACT teams.\n\n"
                       "About this role\nYou will run a drop-in group.\n");
  REQUIRE(s.size() == 3);
  CHECK(s[0].first == SectionKind::Title);
  CHECK(s[1] == std::make_pair(SectionKind::About, std::string("About Riverbend")));
  CHECK(s[2] == std::make_pair(SectionKind::Summary, std::string("About this role")));
}

TEST_CASE("headings: the usual ways of saying what the job is", "[ingest][headings]") {
  for (const char* h : {"What the job involves", "What the role involves", "What's involved", "What you'll do",
                        "What you\xE2\x80\x99ll do", "What you will be doing", "What You'll Be Doing", "The role",
                        "Your role", "In this role you will", "Key tasks", "Main duties", "Day to day",
                        "Your day-to-day", "A typical day", "Key accountabilities", "Key Responsibilities"})
    CHECK(kind(h) == SectionKind::Duties);
  CHECK(kind("What you'll bring") == SectionKind::Qualifications);
  CHECK(kind("What you will bring") == SectionKind::Qualifications);
  CHECK_FALSE(kind("Involvement").has_value());
  CHECK_FALSE(kind("Daylight").has_value());
}

TEST_CASE("headings: a key inside a longer word is not the key", "[ingest][headings]") {
  // "mission" in admissions / commission, "company" in accompany,
  // "agency" and "organization" as word tails, "position" in disposition.
  CHECK_FALSE(kind("Admissions Unit").has_value());
  CHECK_FALSE(kind("Commissioning").has_value());
  CHECK_FALSE(kind("Accompany members to appointments").has_value());
  CHECK_FALSE(kind("Reorganization notes").has_value());
  CHECK_FALSE(kind("Disposition").has_value());
  CHECK(kind("Mission Statement") == SectionKind::About);
  CHECK(kind("Our Mission") == SectionKind::About);
  CHECK(kind("Company Overview") == SectionKind::About);
  CHECK(kind("The Agency") == SectionKind::About);
  CHECK(kind("Position Summary") == SectionKind::Summary);
}

TEST_CASE("headings: a first line naming the post is the title, not boilerplate", "[ingest][headings]") {
  // A ward name holding "mission", an employer name holding "Agency".
  auto a = sections_of("Peer Recovery Worker - Acute Admissions Unit\n\nJob summary\nYou will work on the unit.\n");
  REQUIRE(a.size() == 2);
  CHECK(a[0] == std::make_pair(SectionKind::Title, std::string("Peer Recovery Worker - Acute Admissions Unit")));
  CHECK(a[1].first == SectionKind::Summary);
  auto b = sections_of("Peer Specialist, Lakeside Family Agency\nLakeside is a family agency.\n");
  REQUIRE(b.size() == 1);
  CHECK(b[0].first == SectionKind::Title);
  auto m = sections_of("# Peer Specialist at Lakeside Agency\nText.\n");
  REQUIRE(m.size() == 1);
  CHECK(m[0] == std::make_pair(SectionKind::Title, std::string("Peer Specialist at Lakeside Agency")));
  // A real boilerplate heading first stays one, and so does one ending in ':'.
  auto c = sections_of("About Us\nLakeside Family Agency has served the county since 1970.\n");
  REQUIRE(c.size() == 1);
  CHECK(c[0].first == SectionKind::About);
  auto d = sections_of("Peer Workforce Agency:\nText.\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].first == SectionKind::About);
  // Later in the document such a line is not the title.
  auto e = sections_of("Peer Mentor\nSome text.\n\nPeer Workforce Agency\nWe place peers.\n");
  REQUIRE(e.size() == 2);
  CHECK(e[1].first == SectionKind::About);

  // The builder (HTML, DOCX, ODT readers): the first heading the same way.
  Document doc;
  ingest::DocumentBuilder builder(doc);
  builder.heading("Peer Support Worker - Admissions Agency", Anchor{});
  builder.paragraph("Text.", Anchor{});
  builder.heading("About the agency", Anchor{});
  builder.paragraph("More text.", Anchor{});
  builder.finish();
  REQUIRE(doc.sections.size() == 2);
  CHECK(doc.sections[0].kind == SectionKind::Title);
  CHECK(doc.sections[1].kind == SectionKind::About);
}

TEST_CASE("headings: the keys use fewer byte classes than an automaton row holds", "[ingest][headings]") {
  // HeadingKeys keeps a class per distinct key byte plus class 0, in rows
  // of 32; its assert is gone in Release builds, so check here.
  std::set<unsigned char> bytes;
  for (const auto& [key, k] : ingest::heading_keys())
    for (char c : key) bytes.insert(static_cast<unsigned char>(c));
  CHECK(bytes.size() + 1 <= 32);
  CHECK(ingest::heading_keys().size() < 0xFF);
}
