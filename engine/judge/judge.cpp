#include "judge/judge.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <re2/re2.h>

namespace peeraudit::judge {

namespace {

// Words in s, counting no further than limit + 1 (callers compare with a
// window of a few words; a long gap must not be walked to its end).
std::size_t count_words(std::string_view s, std::size_t limit = static_cast<std::size_t>(-2)) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    bool w = (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') || u >= 0x80 || c == '\'';
    if (w && !in && ++n > limit) return n;
    in = w;
  }
  return n;
}

struct Hit {
  std::size_t begin, end;  // absolute offsets in the document text
};

std::vector<Hit> find_all(const re2::RE2* re, std::string_view text, std::size_t base) {
  std::vector<Hit> out;
  if (!re) return out;
  std::size_t pos = 0;
  re2::StringPiece m;
  while (pos <= text.size() && re->Match(text, pos, text.size(), re2::RE2::UNANCHORED, &m, 1)) {
    std::size_t b = static_cast<std::size_t>(m.data() - text.data());
    std::size_t e = b + m.size();
    out.push_back({base + b, base + e});
    pos = e > b ? e : b + 1;
  }
  return out;
}

bool contains(const re2::RE2* re, std::string_view text) {
  return re && re2::RE2::PartialMatch(text, *re);
}

std::string quote(std::string_view s, std::size_t max = 80) {
  std::string out(s.substr(0, max));
  if (s.size() > max) out += "...";
  return out;
}

bool in_list(const std::vector<SectionKind>& v, SectionKind k) { return std::find(v.begin(), v.end(), k) != v.end(); }

}  // namespace

struct Judge::SentenceCues {
  std::size_t begin = static_cast<std::size_t>(-1), end = 0;
  std::vector<Hit> terms, pseudo;
  std::vector<std::vector<Hit>> cue_hits;  // per lexicon cue, computed on first use
  std::vector<bool> cue_done;
  bool placed = false;
};

std::vector<ContextCheck> Judge::check(const Document& doc, const Match& m, const match::Rule& rule) const {
  SentenceCues cues;
  return check(doc, m, rule, cues);
}

std::vector<ContextCheck> Judge::check(const Document& doc, const Match& m, const match::Rule& rule,
                                       SentenceCues& cues) const {
  std::vector<ContextCheck> checks;
  const std::string& text = doc.text;
  // The context of a candidate is its sentence, cut to a window around the
  // trigger: cue windows are a few words, and a pathological "sentence" (a
  // 20 MB line) must not make every candidate scan all of it.
  constexpr std::size_t kReach = 1024;
  Span sent = m.sentence;
  if (sent.size() > 4 * kReach) {
    // Windows are aligned to blocks of the sentence so that the candidates
    // of one block share the cached cue hits.
    std::size_t block = sent.begin + (m.span.begin - sent.begin) / kReach * kReach;
    std::size_t b = block > sent.begin + kReach ? block - kReach : sent.begin;
    std::size_t e = std::min(sent.end, std::max(block + 2 * kReach, m.span.end + 64));
    while (b > sent.begin && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;  // UTF-8 boundary
    while (e < sent.end && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
    sent = {b, e};
  }
  std::string_view sentence(text.data() + sent.begin, sent.size());
  if (cues.begin != sent.begin || cues.end != sent.end) {
    cues.begin = sent.begin;
    cues.end = sent.end;
    cues.terms = find_all(lex_.terminator.get(), sentence, sent.begin);
    cues.pseudo = find_all(lex_.pseudo.get(), sentence, sent.begin);
    cues.placed = contains(lex_.placement.get(), sentence);
    cues.cue_hits.assign(lex_.cues.size(), {});
    cues.cue_done.assign(lex_.cues.size(), false);
    if (lex_.cue_set) {
      // Cues absent from the sentence need no search of their own.
      std::vector<int> present;
      lex_.cue_set->Match(sentence, &present);
      std::vector<bool> here(lex_.cues.size(), false);
      for (int i : present) here[static_cast<std::size_t>(i)] = true;
      for (std::size_t i = 0; i < here.size(); ++i)
        if (!here[i]) cues.cue_done[i] = true;
    }
  }
  auto drop = [&](ContextKind k, std::string cue, Span span, std::string scope) {
    checks.push_back({k, Outcome::Dropped, std::move(cue), span, std::move(scope)});
  };
  auto pass = [&](ContextKind k) { checks.push_back({k, Outcome::Passed, "", {}, ""}); };
  auto dropped = [&] {
    return std::any_of(checks.begin(), checks.end(), [](const ContextCheck& c) { return c.outcome == Outcome::Dropped; });
  };

  // Clause around the match: the sentence cut at terminators.
  const std::vector<Hit>& terms = cues.terms;
  std::size_t clause_b = sent.begin, clause_e = sent.end;
  for (const Hit& t : terms) {
    if (t.end <= m.span.begin) clause_b = std::max(clause_b, t.end);
    if (t.begin >= m.span.end) clause_e = std::min(clause_e, t.begin);
  }
  auto terminated = [&](std::size_t a, std::size_t b) {
    for (const Hit& t : terms)
      if (t.begin >= a && t.end <= b) return true;
    return false;
  };
  bool placed = cues.placed;
  // "X ...; the peer specialist ...": the trigger's clause opens with a noun
  // phrase and names no peer, and a later clause opens with the peer.
  auto contrast_with_peer = [&](std::size_t cb, std::size_t ce, const Match& mm) {
    if (!lex_.peer_opener || !lex_.subject_opener) return false;
    std::string_view clause(text.data() + cb, ce - cb);
    if (contains(lex_.peer_subject.get(), clause)) return false;
    bool opener = lex_.subject_opener->Match(clause, 0, clause.size(), re2::RE2::ANCHOR_START, nullptr, 0) ||
                  (lex_.other_subject && lex_.other_subject->Match(clause, 0, clause.size(), re2::RE2::ANCHOR_START, nullptr, 0));
    if (!opener) return false;
    for (const Hit& t : terms) {
      if (t.begin < mm.span.end) continue;
      std::size_t b = t.end;
      while (b < sent.end && !std::isalnum(static_cast<unsigned char>(text[b]))) ++b;
      std::string_view rest(text.data() + b, sent.end - b);
      if (lex_.peer_opener->Match(rest, 0, rest.size(), re2::RE2::ANCHOR_START, nullptr, 0)) return true;
    }
    return false;
  };

  // 1. Section: boilerplate (about / benefits / EEO) and mention sections.
  const Section* sec = doc.section_at(m.span.begin);
  SectionKind sk = sec ? sec->kind : SectionKind::Other;
  if (rule.applies(ContextKind::Boilerplate)) {
    if (in_list(lex_.boilerplate_sections, sk) && !placed)
      drop(ContextKind::Boilerplate, sec->heading, {sec->begin, sec->begin + sec->heading.size()},
           std::string(to_string(sk)) + " section");
    else
      pass(ContextKind::Boilerplate);
  }
  if (rule.applies(ContextKind::Section)) {
    if (in_list(lex_.mention_sections, sk) && !placed)
      drop(ContextKind::Section, sec->heading, {sec->begin, sec->begin + sec->heading.size()},
           std::string(to_string(sk)) + " section names it without placing the position there");
    else
      pass(ContextKind::Section);
  }

  // 2. The rule's own exceptions, anywhere in the sentence.
  if (rule.applies(ContextKind::Exception) && !rule.exceptions.empty()) {
    Span where{};
    if (const match::Pattern* p = rules_.exception_in(rule.id, sentence, &where))
      drop(ContextKind::Exception, std::string(sentence.substr(where.begin, where.size())),
           {sent.begin + where.begin, sent.begin + where.end}, "exception '" + p->id + "'");
  }

  // 3. Cues: negation, goal, hypothetical, mention, other subject (passive "by nurses").
  const std::vector<Hit>& pseudo = cues.pseudo;
  auto is_pseudo = [&](const Hit& h) {
    for (const Hit& p : pseudo)
      if (h.begin < p.end && p.begin < h.end) return true;
    return false;
  };
  std::map<ContextKind, bool> decided;
  for (std::size_t ci = 0; ci < lex_.cues.size(); ++ci) {
    const Cue& cue = lex_.cues[ci];
    if (!rule.applies(cue.kind) || decided[cue.kind]) continue;
    if (!cues.cue_done[ci]) {
      cues.cue_hits[ci] = find_all(cue.re.get(), sentence, sent.begin);
      cues.cue_done[ci] = true;
    }
    for (const Hit& h : cues.cue_hits[ci]) {
      if (is_pseudo(h)) continue;
      if (h.begin < m.span.end && m.span.begin < h.end) continue;  // the trigger itself
      bool fwd = h.end <= m.span.begin && cue.direction != Direction::Backward;
      bool bwd = h.begin >= m.span.end && cue.direction != Direction::Forward;
      std::size_t a = fwd ? h.end : m.span.end, b = fwd ? m.span.begin : h.begin;
      if (!fwd && !bwd) continue;
      std::string_view gap(text.data() + a, b - a);
      if (count_words(gap, static_cast<std::size_t>(cue.window)) > static_cast<std::size_t>(cue.window) ||
          terminated(a, b))
        continue;
      std::string scope = fwd ? std::string(text.substr(h.end, m.span.end - h.end))
                              : std::string(text.substr(m.span.begin, h.begin - m.span.begin));
      drop(cue.kind, text.substr(h.begin, h.end - h.begin), {h.begin, h.end}, quote(scope));
      decided[cue.kind] = true;
      break;
    }
  }
  // Other subject: a role that is not the peer opens the clause ("Nurses
  // administer medication"), or the trigger names that role ("inpatient
  // social workers refer ...").
  if (rule.applies(ContextKind::OtherSubject) && !decided[ContextKind::OtherSubject]) {
    std::size_t cb = clause_b;
    while (cb < m.span.begin && !std::isalnum(static_cast<unsigned char>(text[cb]))) ++cb;
    std::string_view prefix(text.data() + cb, m.span.begin - cb);
    re2::StringPiece sm;
    if (lex_.other_subject && cb < m.span.begin &&
        lex_.other_subject->Match(prefix, 0, prefix.size(), re2::RE2::ANCHOR_START, &sm, 1) &&
        !contains(lex_.peer_subject.get(), prefix)) {
      drop(ContextKind::OtherSubject, std::string(sm.data(), sm.size()),
           {cb, cb + sm.size()}, quote(std::string_view(text.data() + cb, clause_e - cb)));
    } else if (contrast_with_peer(cb, clause_e, m)) {
      drop(ContextKind::OtherSubject, std::string(text.substr(clause_e, std::min<std::size_t>(40, sent.end - clause_e))),
           {clause_e, sent.end}, "a later clause says what the peer does instead");
    } else if (lex_.other_after && count_words(prefix, 3) <= 3) {
      std::string_view after(text.data() + m.span.end, clause_e - m.span.end);
      if (lex_.other_after->Match(after, 0, after.size(), re2::RE2::ANCHOR_START, &sm, 1))
        drop(ContextKind::OtherSubject, std::string(sm.data(), sm.size()),
             {m.span.end + static_cast<std::size_t>(sm.data() - after.data()),
              m.span.end + static_cast<std::size_t>(sm.data() - after.data()) + sm.size()},
             quote(std::string_view(text.data() + cb, clause_e - cb)));
    }
  }
  if (!dropped())
    for (ContextKind k : {ContextKind::Negation, ContextKind::Goal, ContextKind::Hypothetical,
                          ContextKind::OtherSubject, ContextKind::Mention})
      if (rule.applies(k)) pass(k);
  return checks;
}

Verdict verdict_of(const std::vector<Finding>& findings) {
  Verdict v = Verdict::Clear;
  for (const Finding& f : findings)
    if (f.sign != Sign::Positive && !f.weak) v = std::max(v, f.category);
  return v;
}

Audit Judge::judge(const Document& doc, const std::vector<Match>& matches, const Deadline& deadline) const {
  Audit audit;
  audit.id = doc.id;
  audit.source = doc.source;
  audit.format = doc.format;
  audit.title = doc.title;
  audit.sections = doc.sections;
  audit.bytes = doc.text.size();
  // One finding per rule and sentence: the first kept candidate.
  // (rule, sentence) -> the finding already made there: {is a note, index}.
  std::map<std::pair<std::string, std::size_t>, std::pair<bool, std::size_t>> seen;
  SentenceCues cues;
  // Character offsets, counted once through the text as findings come in order.
  std::size_t counted_to = 0;
  long long chars = doc.map.identity && doc.map.identity_skip > 0 ? 1 : 0;  // a BOM is one character
  std::size_t n = 0;
  for (const Match& m : matches) {
    if ((++n & 63) == 0 && deadline.passed()) throw TimeBudgetExceeded("time budget spent while judging");
    const match::Rule* rule = rules_.rule(m.rule_id);
    if (!rule) continue;
    Decision d;
    d.match = m;
    if (opts_.context) d.checks = check(doc, m, *rule, cues);
    auto drop_it = std::find_if(d.checks.begin(), d.checks.end(),
                                [](const ContextCheck& c) { return c.outcome == Outcome::Dropped; });
    d.kept = drop_it == d.checks.end();
    if (!d.kept) {
      d.reason = "dropped: " + std::string(to_string(drop_it->kind)) +
                 (drop_it->cue.empty() ? "" : " cue '" + drop_it->cue + "'") +
                 (drop_it->scope.empty() ? "" : " (scope: '" + drop_it->scope + "')");
    } else {
      d.reason = "kept";
    }
    auto key = std::make_pair(m.rule_id + (m.weak ? "~weak" : ""), m.sentence.begin);
    auto prior = d.kept ? seen.find(key) : seen.end();
    bool dup = prior != seen.end();
    if (dup) {
      d.reason = "kept, same rule and sentence as an earlier finding";
      // Overlapping or adjacent triggers of one rule make one piece of
      // evidence: the union ("inpatient" + "psychiatric unit").
      Finding& f = prior->second.first ? audit.notes[prior->second.second] : audit.findings[prior->second.second];
      std::size_t line_end = f.span.begin - f.source_line_column + f.source_line.size();
      bool touching = m.span.begin <= f.span.end ||
                      doc.text.find_first_not_of(" \t", f.span.end) >= m.span.begin;
      if (touching && m.span.end > f.span.end && m.span.end <= line_end) {
        f.span.end = m.span.end;
        f.evidence = doc.text.substr(f.span.begin, f.span.size());
      }
    }
    if (d.kept && !dup) {
      seen[key] = {rule->sign == Sign::Positive,
                   rule->sign == Sign::Positive ? audit.notes.size() : audit.findings.size()};
      Finding f;
      f.criterion = rule->id;
      f.title = rule->title;
      f.category = rule->category;
      f.sign = rule->sign;
      f.span = m.span;
      f.evidence = doc.text.substr(m.span.begin, m.span.size());
      f.location = doc.locate(m.span.begin);
      if (doc.map.identity && m.span.begin >= counted_to) {
        for (; counted_to < m.span.begin; ++counted_to)
          if ((static_cast<unsigned char>(doc.text[counted_to]) & 0xC0) != 0x80) ++chars;
        f.location.char_offset = chars;
      }
      // The line holding the evidence, looked for no further than 400 bytes
      // either side (a 20 MB line must not be copied or scanned per finding).
      const std::string& t = doc.text;
      std::size_t lb = m.span.begin, le = m.span.begin;
      while (lb > 0 && t[lb - 1] != '\n' && m.span.begin - lb <= 400) --lb;
      while (le < t.size() && t[le] != '\n' && le - m.span.begin <= 400) ++le;
      bool long_line = (lb > 0 && t[lb - 1] != '\n') || (le < t.size() && t[le] != '\n');
      if (long_line || le - lb > 400) {  // keep up to 160 bytes around the evidence
        lb = std::max(m.sentence.begin, m.span.begin > 160 ? m.span.begin - 160 : std::size_t{0});
        le = std::max(std::min(m.sentence.end, m.span.end + 160), m.span.end);
        while (lb > 0 && (static_cast<unsigned char>(t[lb]) & 0xC0) == 0x80) --lb;
        while (le < t.size() && (static_cast<unsigned char>(t[le]) & 0xC0) == 0x80) ++le;
      }
      f.source_line = doc.text.substr(lb, le - lb);
      f.source_line_column = m.span.begin - lb;
      f.why = rule->why;
      f.fix = rule->fix;
      f.checks = d.checks;
      f.pattern_id = m.pattern_id;
      if (rule->sign == Sign::Positive) {
        f.level = Level::Note;
        audit.notes.push_back(std::move(f));
      } else {
        f.level = rule->category >= Verdict::Conflict ? Level::Error : Level::Warning;
        if (m.weak) {
          f.level = Level::Note;
          f.weak = true;
        }
        audit.findings.push_back(std::move(f));
      }
    }
    if (opts_.explain) audit.decisions.push_back(std::move(d));
  }
  // Positive structure signs lower review findings; they never touch a
  // setting or duty finding.
  if (!audit.notes.empty())
    for (Finding& f : audit.findings)
      if (f.category == Verdict::Review && f.level == Level::Warning) {
        f.level = Level::Note;
        f.checks.push_back({ContextKind::Section, Outcome::Weakened, audit.notes.front().criterion, {},
                            "positive structure sign lowers a review finding"});
      }
  audit.verdict = verdict_of(audit.findings);
  return audit;
}

}  // namespace peeraudit::judge
