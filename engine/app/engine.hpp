// The pipeline wired together: a loaded, compiled ruleset and lexicons, and
// audit(Document) -> Audit. The CLI, eval, tests and (later) the server use
// this; none of them reaches into a stage's internals.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace peeraudit::app {

struct EngineOptions {
  std::string rules_dir;      // "" = default (PEERAUDIT_RULESETS, beside binary, source tree)
  bool context = true;        // false: keyword baseline (no context handling)
  bool explain = false;       // keep every candidate's decision in Audit::decisions
};

class Engine {
 public:
  // Loads and compiles the rules; on failure returns nullptr and fills errors
  // ("file:line: message").
  static std::unique_ptr<Engine> load(const EngineOptions& opts, std::vector<std::string>& errors);
  ~Engine();

  // Throws TimeBudgetExceeded when `deadline` passes.
  Audit audit(const Document& doc, const Deadline& deadline = {}) const;
  const RunInfo& run_info() const;   // tool + ruleset version, every rule's info
  std::string rules_dir() const;
  // Every trigger pattern, for `rules --export-patterns`.
  std::vector<std::string> trigger_patterns() const;
  // Runs every rule's own examples through the whole pipeline.
  struct ExampleResult {
    std::string rule_id, file, text, why, section;
    int line = 0;
    bool should_match = true;
    bool passed = false;
    std::string detail;  // the finding, or the decision that dropped it
  };
  std::vector<ExampleResult> test_examples() const;
  struct Impl;

 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Default rules directory: $PEERAUDIT_RULESETS, else <exe dir>/../share/peeraudit/rulesets,
// else the source tree's rulesets/.
std::string default_rules_dir();

}  // namespace peeraudit::app
