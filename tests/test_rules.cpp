// The bundled rules: every criterion of criteria.md is there, each with its
// doc, fix and examples, and every example passes through the whole pipeline.
#include <catch2/catch.hpp>

#include <set>

#include "match/ruleset.hpp"
#include "match/scanner.hpp"
#include "support.hpp"

using namespace peeraudit;

TEST_CASE("every criterion has a rule with doc, why, fix and examples", "[rules]") {
  const std::set<std::string> criteria = {
      "setting.inpatient", "setting.psych_emergency", "setting.mobile_crisis", "setting.act",
      "setting.other_coercive", "duty.medication", "duty.reporting", "duty.outpatient_commitment",
      "duty.restraint_seclusion", "duty.involuntary", "duty.non_peer", "struct.voluntary",
      "struct.peer_supervision", "struct.advocacy", "struct.hierarchy", "struct.conditions"};
  match::Ruleset rs;
  std::vector<std::string> errors;
  REQUIRE(match::load_ruleset((testing::source_dir() / "rulesets/moratorium").string(), rs, errors));
  std::set<std::string> ids;
  for (const auto& r : rs.rules) {
    INFO(r.id);
    ids.insert(r.id);
    CHECK_FALSE(r.doc.empty());
    CHECK_FALSE(r.why.empty());
    CHECK_FALSE(r.fix.empty());
    int yes = 0, no = 0;
    for (const auto& e : r.examples) (e.should_match ? yes : no)++;
    CHECK(yes >= 4);
    CHECK(no >= 4);
    if (r.id.rfind("setting.", 0) == 0) CHECK(r.category == Verdict::Moratorium);
    if (r.id == "duty.non_peer" || r.id == "struct.hierarchy" || r.id == "struct.conditions")
      CHECK(r.category == Verdict::Review);
  }
  CHECK(ids == criteria);
}

TEST_CASE("every rule example passes (match / nomatch)", "[rules]") {
  auto results = testing::bundled_engine().test_examples();
  REQUIRE(results.size() >= 16 * 8);
  for (const auto& r : results) {
    INFO(r.file << ":" << r.line << " " << (r.should_match ? "match" : "nomatch (" + r.why + ")") << ": " << r.text
                << " -- " << r.detail);
    CHECK(r.passed);
  }
}

TEST_CASE("a malformed rule file is an error naming file and line, not a crash", "[rules]") {
  testing::TempDir dir;
  dir.write("moratorium/bad.xml", "<rule id=\"x\" category=\"conflict\">\n<title>t</title>\n<patterns>\n</rule>\n");
  dir.write("moratorium/badre.xml",
            "<rule id=\"y\" category=\"conflict\"><title>t</title>\n<patterns><pattern id=\"p\">(unclosed</pattern>"
            "</patterns></rule>\n");
  dir.write("lexicons/context.xml", testing::slurp(testing::source_dir() / "rulesets/lexicons/context.xml"));
  std::vector<std::string> errors;
  app::EngineOptions eo;
  eo.rules_dir = dir.path.string();
  CHECK_FALSE(app::Engine::load(eo, errors));
  REQUIRE(errors.size() >= 2);
  CHECK(errors[0].find("bad.xml:4: invalid XML") != std::string::npos);
  CHECK(errors[1].find("badre.xml:2: pattern 'p' does not compile") != std::string::npos);
}

TEST_CASE("a missing ruleset folder is a clear error", "[rules]") {
  std::vector<std::string> errors;
  app::EngineOptions eo;
  eo.rules_dir = "/nonexistent/rules";
  CHECK_FALSE(app::Engine::load(eo, errors));
  REQUIRE_FALSE(errors.empty());
  CHECK(errors[0].find("/nonexistent") != std::string::npos);
}

TEST_CASE("a pattern that does not compile is reported once, with its line, whether checked on reading or later",
          "[rules]") {
  testing::TempDir dir;
  dir.write("moratorium/ok.xml",
            "<rule id=\"a\" category=\"conflict\"><title>t</title>\n<patterns><pattern id=\"p\">\\bfine\\b</pattern>"
            "</patterns></rule>\n");
  dir.write("moratorium/badre.xml",
            "<rule id=\"y\" category=\"conflict\"><title>t</title>\n<patterns>\n<pattern id=\"p\">(unclosed</pattern>"
            "\n<pattern id=\"q\">\\bgood\\b</pattern></patterns>\n<exceptions>\n<exception id=\"e\">[z-a]</exception>"
            "</exceptions></rule>\n");
  const std::string folder = (dir.path / "moratorium").string();
  // Read and checked at once (the default).
  std::vector<std::string> now;
  match::Ruleset checked;
  CHECK_FALSE(match::load_ruleset(folder, checked, now));
  // Read only; compiled (on two threads) by CompiledRuleset::compile.
  std::vector<std::string> later;
  match::Ruleset read;
  CHECK(match::load_ruleset(folder, read, later, match::Patterns::Later));
  CHECK(later.empty());
  CHECK_FALSE(match::CompiledRuleset::compile(std::move(read), later));
  REQUIRE(later.size() == 2);
  CHECK(later == now);
  CHECK(later[0].find("badre.xml:3: pattern 'p' does not compile") != std::string::npos);
  CHECK(later[1].find("badre.xml:6: exception 'e' does not compile") != std::string::npos);
}

TEST_CASE("patterns read for later compile the same ruleset as patterns checked on reading", "[rules]") {
  const std::string folder = (testing::source_dir() / "rulesets/moratorium").string();
  std::vector<std::string> errors;
  match::Ruleset checked, read;
  REQUIRE(match::load_ruleset(folder, checked, errors));
  REQUIRE(match::load_ruleset(folder, read, errors, match::Patterns::Later));
  auto a = match::CompiledRuleset::compile(std::move(checked), errors);
  auto b = match::CompiledRuleset::compile(std::move(read), errors);
  REQUIRE(errors.empty());
  REQUIRE(a);
  REQUIRE(b);
  Document doc;
  doc.text = testing::slurp(testing::source_dir() / "corpora/posting-act-team.txt");
  auto ma = a->scan(doc), mb = b->scan(doc);
  REQUIRE(ma.size() > 3);
  REQUIRE(ma.size() == mb.size());
  for (std::size_t i = 0; i < ma.size(); ++i) {
    CHECK(ma[i].rule_id == mb[i].rule_id);
    CHECK(ma[i].pattern_id == mb[i].pattern_id);
    CHECK(ma[i].span.begin == mb[i].span.begin);
    CHECK(ma[i].span.end == mb[i].span.end);
  }
}

TEST_CASE("a trigger's span is searched within its sentence, as the set saw it (\\b, $ at the sentence's edges)",
          "[rules][match]") {
  testing::TempDir dir;
  dir.write("moratorium/t.xml",
            "<rule id=\"t\" category=\"conflict\"><title>t</title>\n<patterns>"
            "<pattern id=\"end\">\\brate\\s+\\d+\\W*$</pattern></patterns></rule>\n");
  std::vector<std::string> errors;
  match::Ruleset rs;
  REQUIRE(match::load_ruleset((dir.path / "moratorium").string(), rs, errors));
  auto rules = match::CompiledRuleset::compile(std::move(rs), errors);
  REQUIRE(rules);
  Document doc;
  doc.text = "The rate 12.\nThe rate 13 is paid weekly.\nThe rate 14.\n";
  auto found = rules->scan(doc);
  REQUIRE(found.size() == 2);
  CHECK(doc.text.substr(found[0].span.begin, found[0].span.size()) == "rate 12.");
  CHECK(doc.text.substr(found[1].span.begin, found[1].span.size()) == "rate 14.");
}
