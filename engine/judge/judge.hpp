// Judge stage: candidate matches -> findings, structure notes and a verdict.
// Every context decision (negation, goal, hypothetical, other subject,
// mention, boilerplate section) is made here from the shared lexicon; rules
// only say which kinds apply to them.
#pragma once

#include <memory>
#include <vector>

#include "core/types.hpp"
#include "judge/lexicon.hpp"
#include "match/scanner.hpp"

namespace peeraudit::judge {

struct JudgeOptions {
  bool context = true;   // false: every candidate is kept (keyword baseline)
  bool explain = false;  // keep every decision in Audit::decisions
};

class Judge {
 public:
  Judge(const match::CompiledRuleset& rules, const Lexicon& lexicon, JudgeOptions opts);
  ~Judge();

  Audit judge(const Document& doc, const std::vector<Match>& matches, const Deadline& deadline = {}) const;
  // The context checks for one candidate (kept when none is Dropped).
  std::vector<ContextCheck> check(const Document& doc, const Match& m, const match::Rule& rule) const;

  // Cue and terminator hits of one sentence, computed once for all the
  // candidates in it.
  struct SentenceCues;

 private:
  // Fills checks (cleared first) for one candidate, with the caches of its
  // sentence. first_drop_decides: stop at the first check that drops it
  // (the kept/dropped answer is the same; the list of checks is shorter).
  void check(const Document& doc, const Match& m, const match::Rule& rule, SentenceCues& cues,
             std::vector<ContextCheck>& checks, bool first_drop_decides) const;
  const match::CompiledRuleset& rules_;
  const Lexicon& lex_;
  JudgeOptions opts_;
  // Which lexicon patterns and rule exceptions occur in a sentence, learned
  // in one pass (see judge.cpp).
  struct Probe;
  std::unique_ptr<Probe> probe_;
};

// The verdict the findings add up to, in the order of the criteria.
Verdict verdict_of(const std::vector<Finding>& findings);

}  // namespace peeraudit::judge
