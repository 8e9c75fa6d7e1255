#include "app/engine.hpp"

#include <cstdlib>
#include <filesystem>
#include <thread>
#include <unistd.h>

#include "judge/judge.hpp"
#include "judge/lexicon.hpp"
#include "judge/suppress.hpp"
#include "match/scanner.hpp"
#include "match/sentences.hpp"

namespace peeraudit::app {

namespace fs = std::filesystem;

struct Engine::Impl {
  std::string dir;
  std::unique_ptr<match::CompiledRuleset> rules;
  judge::Lexicon lexicon;
  std::unique_ptr<judge::Judge> judge;
  RunInfo info;
};

std::string default_rules_dir() {
  if (const char* env = std::getenv("PEERAUDIT_RULESETS"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path candidate : {exe.parent_path() / "../share/peeraudit/rulesets", exe.parent_path() / "../rulesets",
                               exe.parent_path() / "rulesets"})
      if (fs::is_directory(candidate / "moratorium", ec)) return fs::weakly_canonical(candidate, ec).string();
  }
  return PEERAUDIT_SOURCE_DIR "/rulesets";
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

std::unique_ptr<Engine> Engine::load(const EngineOptions& opts, std::vector<std::string>& errors) {
  auto impl = std::make_unique<Impl>();
  impl->dir = opts.rules_dir.empty() ? default_rules_dir() : opts.rules_dir;
  // A folder of rule files, or the rulesets/ root holding moratorium/ and lexicons/.
  fs::path root = impl->dir;
  fs::path rules_dir = root / "moratorium";
  std::error_code ec;
  if (!fs::is_directory(rules_dir, ec)) {
    rules_dir = root;
    root = root.parent_path();
  }
  match::Ruleset ruleset;
  std::size_t before = errors.size();
  // The lexicons load on a second thread while the rule files are read and
  // compiled (which itself uses two: see CompiledRuleset::compile).
  std::vector<std::string> lexicon_errors;
  std::jthread lexicon([&] {
    judge::Lexicon::load((root / "lexicons" / "context.xml").string(), impl->lexicon, lexicon_errors);
  });
  match::load_ruleset(rules_dir.string(), ruleset, errors, match::Patterns::Later);
  // Compiled even when a rule file failed, so that every bad pattern is
  // reported in the same run.
  for (const auto& r : ruleset.rules) impl->info.rules.push_back(match::info_of(r));
  impl->info.ruleset_name = ruleset.name;
  impl->info.ruleset_version = ruleset.version;
  impl->rules = match::CompiledRuleset::compile(std::move(ruleset), errors);
  lexicon.join();
  errors.insert(errors.end(), lexicon_errors.begin(), lexicon_errors.end());
  if (errors.size() != before || !impl->rules) return nullptr;
  impl->info.tool_version = PEERAUDIT_VERSION;
  impl->judge = std::make_unique<judge::Judge>(*impl->rules, impl->lexicon,
                                               judge::JudgeOptions{opts.context, opts.explain});
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Audit Engine::audit(const Document& doc, const Deadline& deadline) const {
  std::vector<Span> sentences = match::split_sentences(doc.text);
  std::vector<Match> matches = impl_->rules->scan(doc, sentences, deadline);
  Audit a = impl_->judge->judge(doc, matches, deadline);
  if (deadline.passed()) throw TimeBudgetExceeded("time budget spent");
  judge::apply_suppressions(doc, a);
  return a;
}

const RunInfo& Engine::run_info() const { return impl_->info; }
std::string Engine::rules_dir() const { return impl_->dir; }

std::vector<std::string> Engine::trigger_patterns() const {
  std::vector<std::string> out;
  for (const auto& r : impl_->rules->ruleset().rules)
    for (const auto& p : r.patterns) out.push_back(p.regex);
  return out;
}

}  // namespace peeraudit::app

#include "ingest/reader.hpp"

namespace peeraudit::app {

std::vector<Engine::ExampleResult> Engine::test_examples() const {
  std::vector<ExampleResult> out;
  ingest::Options iopts;
  const ingest::Reader* text_reader = ingest::reader_by_name("text");
  for (const auto& rule : impl_->rules->ruleset().rules) {
    for (const auto& ex : rule.examples) {
      ExampleResult r;
      r.rule_id = rule.id;
      r.file = rule.file;
      r.line = ex.line;
      r.text = ex.text;
      r.why = ex.why;
      r.should_match = ex.should_match;
      r.section = ex.section.empty() ? "Duties" : ex.section;
      std::string body = "Peer Support Specialist\n\n" + r.section + "\n" + ex.text + "\n";
      auto res = text_reader->read(body, rule.id + ":" + std::to_string(ex.line), iopts);
      if (res.documents.empty()) {
        r.detail = "could not read the example";
        out.push_back(std::move(r));
        continue;
      }
      Audit a = audit(res.documents.front());
      const Finding* hit = nullptr;
      for (const auto* list : {&a.findings, &a.notes})
        for (const auto& f : *list)
          if (f.criterion == rule.id && !hit) hit = &f;
      r.passed = (hit != nullptr) == ex.should_match;
      if (hit) {
        r.detail = "found '" + hit->evidence + "' (pattern " + hit->pattern_id + ")";
      } else {
        // Say why nothing was found: the dropping decision, or no trigger.
        judge::Judge explainer(*impl_->rules, impl_->lexicon, judge::JudgeOptions{true, true});
        Audit ex_audit = explainer.judge(res.documents.front(), impl_->rules->scan(res.documents.front()));
        r.detail = "no trigger matched";
        for (const auto& d : ex_audit.decisions)
          if (d.match.rule_id == rule.id) {
            r.detail = "'" + res.documents.front().text.substr(d.match.span.begin, d.match.span.size()) + "' " + d.reason;
            break;
          }
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace peeraudit::app
