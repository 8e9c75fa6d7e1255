#include "match/scanner.hpp"

#include <algorithm>
#include <re2/re2.h>
#include <re2/set.h>

#include "match/sentences.hpp"

namespace peeraudit::match {

struct CompiledRuleset::Impl {
  struct Trigger {
    std::size_t rule;
    std::size_t pattern;
    std::shared_ptr<const RE2> re;
  };
  std::unique_ptr<RE2::Set> set;
  std::vector<Trigger> triggers;
  // Per rule: its compiled exceptions.
  std::vector<std::vector<std::shared_ptr<const RE2>>> exceptions;
};

CompiledRuleset::~CompiledRuleset() = default;

std::unique_ptr<CompiledRuleset> CompiledRuleset::compile(Ruleset rules, std::vector<std::string>& errors) {
  std::unique_ptr<CompiledRuleset> c(new CompiledRuleset());
  c->rules_ = std::move(rules);
  c->impl_ = std::make_unique<Impl>();
  RE2::Options opts;
  opts.set_case_sensitive(false);
  opts.set_log_errors(false);
  opts.set_max_mem(64 << 20);
  c->impl_->set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
  // Rule files loaded by load_rule_file carry their patterns already
  // compiled (it compiles them to check them); compile only the others.
  auto reuse_or_compile = [&](const Pattern& p) -> std::shared_ptr<const RE2> {
    if (p.compiled && p.compiled->pattern() == p.regex) return p.compiled;
    return std::make_shared<const RE2>(p.regex, opts);
  };
  bool ok = true;
  for (std::size_t r = 0; r < c->rules_.rules.size(); ++r) {
    const Rule& rule = c->rules_.rules[r];
    for (std::size_t p = 0; p < rule.patterns.size(); ++p) {
      std::string err;
      if (c->impl_->set->Add(rule.patterns[p].regex, &err) < 0) {
        errors.push_back(rule.file + ": pattern '" + rule.patterns[p].id + "': " + err);
        ok = false;
        continue;
      }
      c->impl_->triggers.push_back({r, p, reuse_or_compile(rule.patterns[p])});
    }
    std::vector<std::shared_ptr<const RE2>> ex;
    for (const auto& e : rule.exceptions) ex.push_back(reuse_or_compile(e));
    c->impl_->exceptions.push_back(std::move(ex));
  }
  if (!ok) return nullptr;
  if (!c->impl_->set->Compile()) {
    errors.push_back(c->rules_.dir + ": the combined pattern set is too large to compile");
    return nullptr;
  }
  return c;
}

const Rule* CompiledRuleset::rule(std::string_view id) const {
  for (const auto& r : rules_.rules)
    if (r.id == id) return &r;
  return nullptr;
}

const Pattern* CompiledRuleset::exception_in(std::string_view rule_id, std::string_view text, Span* where) const {
  for (std::size_t r = 0; r < rules_.rules.size(); ++r) {
    if (rules_.rules[r].id != rule_id) continue;
    for (std::size_t e = 0; e < impl_->exceptions[r].size(); ++e) {
      re2::StringPiece m;
      if (impl_->exceptions[r][e]->Match(text, 0, text.size(), RE2::UNANCHORED, &m, 1)) {
        if (where) *where = {static_cast<std::size_t>(m.data() - text.data()),
                             static_cast<std::size_t>(m.data() - text.data() + m.size())};
        return &rules_.rules[r].exceptions[e];
      }
    }
  }
  return nullptr;
}

std::vector<Match> CompiledRuleset::scan(const Document& doc) const {
  return scan(doc, split_sentences(doc.text));
}

std::vector<Match> CompiledRuleset::scan(const Document& doc, const std::vector<Span>& sentences,
                                         const Deadline& deadline) const {
  std::vector<Match> out;
  std::vector<int> hits;
  const std::string& text = doc.text;
  re2::StringPiece whole(text);
  // One RE2::Set pass per sentence tells which patterns occur there; only
  // those run again, and only over that sentence. Evidence never runs
  // across sentences (a heading and the line after it, two bullets).
  std::size_t n = 0;
  for (const Span& sentence : sentences) {
    if ((++n & 255) == 0 && deadline.passed()) throw TimeBudgetExceeded("time budget spent while matching");
    hits.clear();
    re2::StringPiece piece(text.data() + sentence.begin, sentence.size());
    // One question per sentence. (Asking first without a list, which stops
    // at the first match, then for the list where the answer was yes, read
    // the sentences that hold a trigger twice: 2.5% more instructions.)
    if (!impl_->set->Match(piece, &hits)) continue;
    std::sort(hits.begin(), hits.end());
    for (int h : hits) {
      const auto& t = impl_->triggers[static_cast<std::size_t>(h)];
      const Rule& rule = rules_.rules[t.rule];
      std::size_t pos = sentence.begin;
      re2::StringPiece m;
      while (pos <= sentence.end && t.re->Match(whole, pos, sentence.end, RE2::UNANCHORED, &m, 1)) {
        std::size_t b = static_cast<std::size_t>(m.data() - text.data());
        std::size_t e = b + m.size();
        pos = e > b ? e : b + 1;
        Match match;
        match.rule_id = rule.id;
        match.pattern_id = rule.patterns[t.pattern].id;
        match.span = {b, e};
        match.sentence = sentence;
        match.weak = rule.patterns[t.pattern].weak;
        out.push_back(std::move(match));
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (a.rule_id != b.rule_id) return a.rule_id < b.rule_id;
    return a.pattern_id < b.pattern_id;
  });
  return out;
}

}  // namespace peeraudit::match
