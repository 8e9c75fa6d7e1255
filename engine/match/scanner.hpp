// A ruleset compiled once per run: every trigger pattern of every rule in one
// RE2::Set, so a document is scanned once to learn which patterns occur, and
// only those are run again for their spans.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "match/ruleset.hpp"

namespace re2 {
class RE2;
}

namespace peeraudit::match {

class CompiledRuleset {
 public:
  static std::unique_ptr<CompiledRuleset> compile(Ruleset rules, std::vector<std::string>& errors);
  ~CompiledRuleset();

  // Candidate matches, sorted by (begin, rule id), each with its sentence.
  std::vector<Match> scan(const Document& doc) const;
  // Same, on a document whose sentences the caller already split.
  std::vector<Match> scan(const Document& doc, const std::vector<Span>& sentences,
                          const Deadline& deadline = {}) const;

  const Ruleset& ruleset() const { return rules_; }
  const Rule* rule(std::string_view id) const;
  // The first exception of `rule_id` that matches in `text`, or nullptr.
  const Pattern* exception_in(std::string_view rule_id, std::string_view text, Span* where = nullptr) const;

 private:
  CompiledRuleset() = default;
  struct Impl;
  Ruleset rules_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace peeraudit::match
