// The judge caches per sentence (pattern presence, terminators, pseudo-cues,
// placement, clause openers, the clause after each terminator): judging all
// the candidates of a document together must decide each one exactly as
// judging it alone, with nothing cached.
#include <catch2/catch.hpp>

#include <algorithm>

#include "judge/judge.hpp"
#include "judge/lexicon.hpp"
#include "match/ruleset.hpp"
#include "match/scanner.hpp"
#include "match/sentences.hpp"
#include "support.hpp"

using namespace peeraudit;

namespace {

struct Bundled {
  judge::Lexicon lexicon;
  std::unique_ptr<match::CompiledRuleset> rules;
  Bundled() {
    std::vector<std::string> errors;
    match::Ruleset rs;
    match::load_ruleset((testing::source_dir() / "rulesets" / "moratorium").string(), rs, errors);
    judge::Lexicon::load((testing::source_dir() / "rulesets" / "lexicons" / "context.xml").string(), lexicon, errors);
    REQUIRE(errors.empty());
    rules = match::CompiledRuleset::compile(std::move(rs), errors);
    REQUIRE(rules);
  }
};

// Every decision of judge() against check() on the candidate alone.
std::size_t same_as_alone(const Bundled& b, const Document& doc) {
  judge::Judge j(*b.rules, b.lexicon, judge::JudgeOptions{true, true});
  Audit a = j.judge(doc, b.rules->scan(doc, match::split_sentences(doc.text)));
  for (const Decision& d : a.decisions) {
    const match::Rule* rule = b.rules->rule(d.match.rule_id);
    REQUIRE(rule);
    std::vector<ContextCheck> alone = j.check(doc, d.match, *rule);
    INFO(doc.source << " " << d.match.rule_id << " at " << d.match.span.begin);
    REQUIRE(alone.size() == d.checks.size());
    for (std::size_t i = 0; i < alone.size(); ++i) {
      CHECK(alone[i].kind == d.checks[i].kind);
      CHECK(alone[i].outcome == d.checks[i].outcome);
      CHECK(alone[i].cue == d.checks[i].cue);
      CHECK(alone[i].cue_span.begin == d.checks[i].cue_span.begin);
      CHECK(alone[i].cue_span.end == d.checks[i].cue_span.end);
      CHECK(alone[i].scope == d.checks[i].scope);
    }
  }
  return a.decisions.size();
}

}  // namespace

TEST_CASE("judging candidates together decides each as judging it alone", "[judge][speed]") {
  Bundled b;
  std::size_t decisions = 0;
  // Sentences with several candidates, terminators before and after them and
  // later clauses that open with the peer (the cached answers).
  decisions += same_as_alone(b, testing::text_document(
      "Peer Specialist\n\nDuties\n"
      "Nurses administer medication and monitor medication; the peer specialist offers support, "
      "but nurses restrain patients on the inpatient unit while the peer listens.\n"
      "The team uses restraint and seclusion on the inpatient psychiatric unit: you will not restrain anyone, "
      "however staff may use physical holds; peers never use physical holds or seclusion.\n"
      "Inpatient social workers refer members to the inpatient unit, and the peer specialist visits the inpatient unit.\n"
      "About Us\nOur inpatient unit uses seclusion. You will work on the inpatient unit, not limited to medication.\n"));
  for (const auto& doc : testing::corpus_documents()) decisions += same_as_alone(b, doc);
  CHECK(decisions > 100);
}
