#include "match/scanner.hpp"

#include <algorithm>
#include <thread>
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
  const auto& all = c->rules_.rules;
  // Rule files read with Patterns::Check carry their patterns compiled (they
  // were compiled to check them); the others are compiled here, on a second
  // thread while this one builds the set: the two take about as long.
  auto compiled = [](const Pattern& p) { return p.compiled && p.compiled->pattern() == p.regex; };
  std::vector<std::vector<std::shared_ptr<const RE2>>> own(all.size()), exc(all.size());
  std::vector<std::string> own_errors;
  auto compile_each = [&] {
    RE2::Options one;
    one.set_case_sensitive(false);
    one.set_log_errors(false);
    for (std::size_t r = 0; r < all.size(); ++r) {
      auto run = [&](const std::vector<Pattern>& list, std::vector<std::shared_ptr<const RE2>>& into,
                     const char* child) {
        for (const Pattern& p : list) {
          into.push_back(compiled(p) ? p.compiled : std::make_shared<const RE2>(p.regex, one));
          if (!into.back()->ok()) own_errors.push_back(compile_error(all[r], p, child, into.back()->error()));
        }
      };
      run(all[r].patterns, own[r], "pattern");
      run(all[r].exceptions, exc[r], "exception");
    }
  };
  bool all_compiled = true;
  for (const Rule& rule : all)
    for (const auto* list : {&rule.patterns, &rule.exceptions})
      for (const Pattern& p : *list) all_compiled = all_compiled && compiled(p);
  std::vector<std::string> set_errors;
  c->impl_->set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
  {
    std::jthread worker;
    if (all_compiled) compile_each();
    else worker = std::jthread(compile_each);
    for (std::size_t r = 0; r < all.size(); ++r)
      for (std::size_t p = 0; p < all[r].patterns.size(); ++p) {
        std::string err;
        if (c->impl_->set->Add(all[r].patterns[p].regex, &err) < 0)
          set_errors.push_back(all[r].file + ": pattern '" + all[r].patterns[p].id + "': " + err);
      }
    if (set_errors.empty() && !c->impl_->set->Compile())
      set_errors.push_back(c->rules_.dir + ": the combined pattern set is too large to compile");
  }
  // A pattern that does not compile is reported once, with its line.
  if (!own_errors.empty()) {
    errors.insert(errors.end(), own_errors.begin(), own_errors.end());
    return nullptr;
  }
  if (!set_errors.empty()) {
    errors.insert(errors.end(), set_errors.begin(), set_errors.end());
    return nullptr;
  }
  for (std::size_t r = 0; r < all.size(); ++r) {
    for (std::size_t p = 0; p < all[r].patterns.size(); ++p) c->impl_->triggers.push_back({r, p, own[r][p]});
    c->impl_->exceptions.push_back(std::move(exc[r]));
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
      // Searched within the sentence alone, as the set was: \b, ^ and $
      // see the sentence's own edges, not the text around it.
      std::size_t pos = 0;
      re2::StringPiece m;
      while (pos <= piece.size() && t.re->Match(piece, pos, piece.size(), RE2::UNANCHORED, &m, 1)) {
        std::size_t b = static_cast<std::size_t>(m.data() - text.data());
        std::size_t e = b + m.size();
        pos = (e > b ? e : b + 1) - sentence.begin;
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
