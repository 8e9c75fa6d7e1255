// The judge's context handling, one kind at a time, on small rules of the
// test's own and the bundled shared lexicon: the lexicon is what is tested.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace peeraudit;

namespace {

const char* kRules[][2] = {
    {"t.restraint.xml", R"(<rule id="t.restraint" category="conflict"><title>restraint</title>
      <patterns><pattern id="r">\brestrain\w*|\bseclusion\b|\bphysical holds?\b</pattern></patterns></rule>)"},
    {"t.inpatient.xml", R"(<rule id="t.inpatient" category="moratorium"
        context="negation goal hypothetical other_subject mention boilerplate section"><title>inpatient</title>
      <patterns><pattern id="u">\binpatient (?:psychiatric )?unit\b</pattern></patterns></rule>)"},
    {"t.medication.xml", R"(<rule id="t.medication" category="conflict"><title>medication</title>
      <patterns><pattern id="m">\b(?:administer|monitor|deliver)\w* (?:\w+ )?medications?\b|\bmedication\b</pattern></patterns>
      <exceptions><exception id="own">\bown choices\b</exception></exceptions></rule>)"},
};

struct Fixture {
  testing::TempDir dir;
  std::unique_ptr<app::Engine> engine;
  std::unique_ptr<app::Engine> explainer;
  Fixture() {
    for (auto& r : kRules) dir.write(std::string("moratorium/") + r[0], r[1]);
    dir.write("lexicons/context.xml", testing::slurp(testing::source_dir() / "rulesets/lexicons/context.xml"));
    std::vector<std::string> errors;
    app::EngineOptions eo;
    eo.rules_dir = dir.path.string();
    engine = app::Engine::load(eo, errors);
    eo.explain = true;
    explainer = app::Engine::load(eo, errors);
    INFO(errors.size());
    REQUIRE(engine);
  }
  // The first decision on `rule` for `sentence` placed under `section`.
  Decision decide(const std::string& rule, const std::string& sentence, const std::string& section = "Duties") {
    Audit a = explainer->audit(testing::text_document("Peer Specialist\n\n" + section + "\n" + sentence + "\n"));
    for (auto& d : a.decisions)
      if (d.match.rule_id == rule) return d;
    FAIL("no candidate for " << rule << " in: " << sentence);
    return {};
  }
  bool kept(const std::string& rule, const std::string& sentence, const std::string& section = "Duties") {
    return decide(rule, sentence, section).kept;
  }
  ContextKind dropped_by(const std::string& rule, const std::string& sentence, const std::string& section = "Duties") {
    Decision d = decide(rule, sentence, section);
    for (auto& c : d.checks)
      if (c.outcome == Outcome::Dropped) return c.kind;
    FAIL("kept: " << sentence);
    return ContextKind::Section;
  }
};

}  // namespace

TEST_CASE("plain positives are kept", "[judge][context]") {
  Fixture f;
  CHECK(f.kept("t.restraint", "Takes part in physical holds when residents are unsafe."));
  CHECK(f.kept("t.inpatient", "Provides peer support on the inpatient psychiatric unit."));
  CHECK(f.kept("t.medication", "Monitors medication adherence for each member."));
}

TEST_CASE("negation: cue, window, terminator and pseudo-negation", "[judge][context]") {
  Fixture f;
  CHECK(f.dropped_by("t.restraint", "Peers will never be asked to restrain anyone.") == ContextKind::Negation);
  CHECK(f.dropped_by("t.medication", "Is not responsible for administering medication.") == ContextKind::Negation);
  CHECK(f.dropped_by("t.restraint", "We do not use seclusion, holds or any force.") == ContextKind::Negation);
  CHECK(f.dropped_by("t.restraint", "Restraint is never used in our program.") == ContextKind::Negation);
  // A semicolon or "but" ends the scope.
  CHECK(f.kept("t.restraint", "Does not drive; restrains residents when staff call for help."));
  CHECK(f.kept("t.restraint", "No driving is needed, but the peer joins physical holds on the unit."));
  // "not limited to" is not a negation.
  CHECK(f.kept("t.restraint", "Duties include but are not limited to seclusion monitoring."));
  // A cue far from the trigger does not govern it.
  CHECK(f.kept("t.restraint",
               "No prior experience is needed because within the first six weeks of the job every new hire learns to restrain residents."));
  // A "no" inside a fronted reason or condition stays in that clause.
  CHECK(f.kept("t.restraint", "Because the house has no night staff, peer workers take part in physical holds."));
  CHECK(f.kept("t.restraint", "Since there is no security guard on site, you will restrain guests who fight."));
  CHECK(f.dropped_by("t.restraint", "Because we value dignity, peers use no physical holds.") == ContextKind::Negation);
  CHECK(f.dropped_by("t.restraint", "Because the house has no seclusion room, nobody is secluded.") ==
        ContextKind::Negation);
  Decision d = f.decide("t.restraint", "Peers will never be asked to restrain anyone.");
  CHECK(d.reason.find("negation") != std::string::npos);
  CHECK(d.reason.find("never") != std::string::npos);
}

TEST_CASE("goal and prevention", "[judge][context]") {
  Fixture f;
  CHECK(f.dropped_by("t.inpatient", "Helps members avoid admission to the inpatient unit.") == ContextKind::Goal);
  CHECK(f.dropped_by("t.inpatient", "Works to reduce stays on the inpatient psychiatric unit.") == ContextKind::Goal);
  CHECK(f.dropped_by("t.inpatient", "Meets people in the community after discharge from the inpatient unit.") ==
        ContextKind::Goal);
  CHECK(f.dropped_by("t.inpatient", "Keeps in touch with members once they leave the inpatient unit.") ==
        ContextKind::Goal);
  // A time on its own ("after release") is not a goal.
  CHECK(f.kept("t.medication", "After release, monitors medication for each participant."));
  CHECK(f.kept("t.inpatient", "Following release, visits members on the inpatient unit each week."));
}

TEST_CASE("hypothetical and the person's option", "[judge][context]") {
  Fixture f;
  CHECK(f.dropped_by("t.medication", "May discuss medication if the person wishes.") == ContextKind::Hypothetical);
  CHECK(f.dropped_by("t.medication", "Members may choose to talk about medication with their peer.") ==
        ContextKind::Hypothetical);
  // A condition on the employer's need is not the person's option.
  CHECK(f.kept("t.restraint", "Restrains residents if they become aggressive."));
}

TEST_CASE("other subject: the duty belongs to another role", "[judge][context]") {
  Fixture f;
  CHECK(f.dropped_by("t.medication", "Nurses administer medication; the peer specialist supports the person's goals.") ==
        ContextKind::OtherSubject);
  CHECK(f.dropped_by("t.medication", "Medication is administered by nursing staff.") == ContextKind::OtherSubject);
  CHECK(f.dropped_by("t.inpatient", "Inpatient unit social workers refer people to our center.") ==
        ContextKind::OtherSubject);
  // A fronted place or time, or a word between the article and the role.
  CHECK(f.dropped_by("t.medication", "At the group home, the house nurse administers medication.") ==
        ContextKind::OtherSubject);
  CHECK(f.dropped_by("t.medication", "Medication monitoring is carried out by the ACT case manager.") ==
        ContextKind::OtherSubject);
  CHECK(f.kept("t.medication", "In the evenings, peers deliver medication to each room."));
  CHECK(f.kept("t.medication", "At the group home, you administer medication at bedtime."));
  // The peer named as the subject keeps it.
  CHECK(f.kept("t.medication", "Nurses and peer specialists monitor medication together."));
  CHECK(f.kept("t.medication", "Assists nurses by delivering medication to each room."));
  // A role named as the recipient is not the one doing it.
  CHECK(f.kept("t.medication", "Delivers medication to the nursing staff on each floor."));
}

TEST_CASE("boilerplate sections and placement", "[judge][context]") {
  Fixture f;
  const std::string about = "Our agency operates an inpatient psychiatric unit and outpatient clinics.";
  CHECK(f.dropped_by("t.inpatient", about, "About Us") == ContextKind::Boilerplate);
  CHECK(f.kept("t.inpatient", about, "Duties"));
  CHECK(f.kept("t.inpatient", "This position is based on the inpatient unit.", "About Us"));
  CHECK(f.dropped_by("t.restraint", "Staff may use physical holds as a last resort.", "Benefits") ==
        ContextKind::Boilerplate);
}

TEST_CASE("mention and qualifications section", "[judge][context]") {
  Fixture f;
  CHECK(f.dropped_by("t.inpatient", "Refers members to the inpatient unit when needed.") == ContextKind::Mention);
  CHECK(f.dropped_by("t.inpatient", "Experience working on an inpatient unit is a plus.", "Qualifications") !=
        ContextKind::Negation);
  CHECK(f.dropped_by("t.inpatient", "Must be comfortable on an inpatient unit.", "Qualifications") ==
        ContextKind::Section);
}

TEST_CASE("rule exceptions drop a candidate in the same sentence", "[judge][context]") {
  Fixture f;
  CHECK(f.dropped_by("t.medication", "Supports the person's own choices about medication.") == ContextKind::Exception);
}

TEST_CASE("without context every candidate is kept every candidate (the keyword baseline)", "[judge][context]") {
  Fixture f;
  std::vector<std::string> errors;
  app::EngineOptions eo;
  eo.rules_dir = f.dir.path.string();
  eo.context = false;
  auto baseline = app::Engine::load(eo, errors);
  REQUIRE(baseline);
  Audit a = baseline->audit(testing::text_document("T\n\nDuties\nPeers will never be asked to restrain anyone.\n"));
  CHECK(a.verdict == Verdict::Conflict);
  Audit b = f.engine->audit(testing::text_document("T\n\nDuties\nPeers will never be asked to restrain anyone.\n"));
  CHECK(b.verdict == Verdict::Clear);
}

TEST_CASE("verdict order: settings over duties over review", "[judge]") {
  Fixture f;
  Audit a = f.engine->audit(testing::text_document(
      "T\n\nDuties\nMonitors medication for members.\nWorks on the inpatient unit three days a week.\n"));
  CHECK(a.verdict == Verdict::Moratorium);
  CHECK(a.findings.size() == 2);
}
