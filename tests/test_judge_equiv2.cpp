// The judge's shortcuts (the per-sentence probe, the cue list per sentence,
// the per-clause "does another subject open it" answer, stopping at a
// candidate's first drop) against a plain judge written here: every pattern
// searched in full, nothing cached, every check made. Candidates are the
// scanner's on the corpora and, on adversarial sentences, made up at every
// byte (triggers that start or end inside a word, next to terminators and
// role words), also with a lexicon whose patterns use \B, ^ and $.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <re2/re2.h>

#include "judge/judge.hpp"
#include "judge/lexicon.hpp"
#include "match/ruleset.hpp"
#include "match/scanner.hpp"
#include "match/sentences.hpp"
#include "support.hpp"

using namespace peeraudit;

namespace {

// ------------------------------------------------------ the plain judge ----

struct Hit {
  std::size_t begin, end;
};

std::vector<Hit> all_hits(const re2::RE2* re, std::string_view text, std::size_t base) {
  std::vector<Hit> out;
  if (!re) return out;
  std::size_t pos = 0;
  re2::StringPiece m;
  while (pos <= text.size() && re->Match(text, pos, text.size(), re2::RE2::UNANCHORED, &m, 1)) {
    std::size_t b = static_cast<std::size_t>(m.data() - text.data()), e = b + m.size();
    out.push_back({base + b, base + e});
    pos = e > b ? e : b + 1;
  }
  return out;
}

bool has(const re2::RE2* re, std::string_view text) { return re && re2::RE2::PartialMatch(text, *re); }

bool opens(const re2::RE2* re, std::string_view text, re2::StringPiece* sm = nullptr) {
  return re && re->Match(text, 0, text.size(), re2::RE2::ANCHOR_START, sm, sm ? 1 : 0);
}

std::size_t words(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    bool w = std::isalnum(u) || u >= 0x80 || c == '\'';
    if (w && !in) ++n;
    in = w;
  }
  return n;
}

std::string quote80(std::string_view s) {
  std::string out(s.substr(0, 80));
  if (s.size() > 80) out += "...";
  return out;
}

std::vector<ContextCheck> plain_check(const judge::Lexicon& lex, const match::CompiledRuleset& rules,
                                      const Document& doc, const Match& m, const match::Rule& rule) {
  std::vector<ContextCheck> checks;
  const std::string& text = doc.text;
  constexpr std::size_t kReach = 1024;
  Span sent = m.sentence;
  if (sent.size() > 4 * kReach) {
    std::size_t block = sent.begin + (m.span.begin - sent.begin) / kReach * kReach;
    std::size_t b = block > sent.begin + kReach ? block - kReach : sent.begin;
    std::size_t e = std::min(sent.end, std::max(block + 2 * kReach, m.span.end + 64));
    while (b > sent.begin && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
    while (e < sent.end && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
    sent = {b, e};
  }
  std::string_view sentence(text.data() + sent.begin, sent.size());
  std::vector<Hit> terms = all_hits(lex.terminator.get(), sentence, sent.begin);
  std::vector<Hit> pseudo = all_hits(lex.pseudo.get(), sentence, sent.begin);
  bool placed = has(lex.placement.get(), sentence);
  auto drop = [&](ContextKind k, std::string cue, Span span, std::string scope) {
    checks.push_back({k, Outcome::Dropped, std::move(cue), span, std::move(scope)});
  };
  auto pass = [&](ContextKind k) { checks.push_back({k, Outcome::Passed, {}, {}, {}}); };
  auto in = [](const std::vector<SectionKind>& v, SectionKind k) { return std::find(v.begin(), v.end(), k) != v.end(); };

  const Section* sec = doc.section_at(m.span.begin);
  SectionKind sk = sec ? sec->kind : SectionKind::Other;
  if (rule.applies(ContextKind::Boilerplate)) {
    if (in(lex.boilerplate_sections, sk) && !placed)
      drop(ContextKind::Boilerplate, sec->heading, {sec->begin, sec->begin + sec->heading.size()},
           std::string(to_string(sk)) + " section");
    else
      pass(ContextKind::Boilerplate);
  }
  if (rule.applies(ContextKind::Section)) {
    if (in(lex.mention_sections, sk) && !placed)
      drop(ContextKind::Section, sec->heading, {sec->begin, sec->begin + sec->heading.size()},
           std::string(to_string(sk)) + " section names it without placing the position there");
    else
      pass(ContextKind::Section);
  }
  if (rule.applies(ContextKind::Exception) && !rule.exceptions.empty()) {
    Span where{};
    if (const match::Pattern* p = rules.exception_in(rule.id, sentence, &where))
      drop(ContextKind::Exception, std::string(sentence.substr(where.begin, where.size())),
           {sent.begin + where.begin, sent.begin + where.end}, "exception '" + p->id + "'");
  }
  std::vector<ContextKind> decided;
  for (const judge::Cue& cue : lex.cues) {
    if (!rule.applies(cue.kind) || std::count(decided.begin(), decided.end(), cue.kind)) continue;
    for (const Hit& h : all_hits(cue.re.get(), sentence, sent.begin)) {
      bool in_pseudo = false;
      for (const Hit& p : pseudo) in_pseudo = in_pseudo || (h.begin < p.end && p.begin < h.end);
      if (in_pseudo) continue;
      if (h.begin < m.span.end && m.span.begin < h.end) continue;
      bool fwd = h.end <= m.span.begin && cue.direction != judge::Direction::Backward;
      bool bwd = h.begin >= m.span.end && cue.direction != judge::Direction::Forward;
      if (!fwd && !bwd) continue;
      std::size_t a = fwd ? h.end : m.span.end, b = fwd ? m.span.begin : h.begin;
      bool cut = false;
      for (const Hit& t : terms) cut = cut || (t.begin >= a && t.end <= b);
      if (words(std::string_view(text.data() + a, b - a)) > static_cast<std::size_t>(cue.window) || cut) continue;
      std::string scope = fwd ? text.substr(h.end, m.span.end - h.end) : text.substr(m.span.begin, h.begin - m.span.begin);
      drop(cue.kind, text.substr(h.begin, h.end - h.begin), {h.begin, h.end}, quote80(scope));
      decided.push_back(cue.kind);
      break;
    }
  }
  if (rule.applies(ContextKind::OtherSubject) && !std::count(decided.begin(), decided.end(), ContextKind::OtherSubject)) {
    std::size_t clause_b = sent.begin, clause_e = sent.end;
    for (const Hit& t : terms) {
      if (t.end <= m.span.begin) clause_b = std::max(clause_b, t.end);
      if (t.begin >= m.span.end) clause_e = std::min(clause_e, t.begin);
    }
    std::size_t cb = clause_b;
    while (cb < m.span.begin && !std::isalnum(static_cast<unsigned char>(text[cb]))) ++cb;
    std::string_view prefix(text.data() + cb, m.span.begin - cb);
    re2::StringPiece sm;
    bool later_peer = false;
    for (const Hit& t : terms) {
      if (t.begin < m.span.end) continue;
      std::size_t b = t.end;
      while (b < sent.end && !std::isalnum(static_cast<unsigned char>(text[b]))) ++b;
      later_peer = later_peer || opens(lex.peer_opener.get(), std::string_view(text.data() + b, sent.end - b));
    }
    std::string_view clause(text.data() + cb, clause_e - cb);
    if (cb < m.span.begin && opens(lex.other_subject.get(), prefix, &sm) && !has(lex.peer_subject.get(), prefix)) {
      drop(ContextKind::OtherSubject, std::string(sm.data(), sm.size()), {cb, cb + sm.size()}, quote80(clause));
    } else if (lex.peer_opener && lex.subject_opener && later_peer && !has(lex.peer_subject.get(), clause) &&
               (opens(lex.subject_opener.get(), clause) || opens(lex.other_subject.get(), clause))) {
      drop(ContextKind::OtherSubject, text.substr(clause_e, std::min<std::size_t>(40, sent.end - clause_e)),
           {clause_e, sent.end}, "a later clause says what the peer does instead");
    } else if (lex.other_after && words(prefix) <= 3) {
      std::string_view after(text.data() + m.span.end, clause_e - m.span.end);
      if (opens(lex.other_after.get(), after, &sm)) {
        std::size_t at = m.span.end + static_cast<std::size_t>(sm.data() - after.data());
        drop(ContextKind::OtherSubject, std::string(sm.data(), sm.size()), {at, at + sm.size()}, quote80(clause));
      }
    }
  }
  if (std::none_of(checks.begin(), checks.end(), [](const ContextCheck& c) { return c.outcome == Outcome::Dropped; }))
    for (ContextKind k : {ContextKind::Negation, ContextKind::Goal, ContextKind::Hypothetical, ContextKind::OtherSubject,
                          ContextKind::Mention})
      if (rule.applies(k)) pass(k);
  return checks;
}

// ----------------------------------------------------------- comparing ----

void same_checks(const std::vector<ContextCheck>& a, const std::vector<ContextCheck>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].kind == b[i].kind);
    CHECK(a[i].outcome == b[i].outcome);
    CHECK(a[i].cue == b[i].cue);
    CHECK(a[i].cue_span.begin == b[i].cue_span.begin);
    CHECK(a[i].cue_span.end == b[i].cue_span.end);
    CHECK(a[i].scope == b[i].scope);
  }
}

void same_findings(const std::vector<Finding>& a, const std::vector<Finding>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].criterion == b[i].criterion);
    CHECK(a[i].span.begin == b[i].span.begin);
    CHECK(a[i].span.end == b[i].span.end);
    CHECK(a[i].evidence == b[i].evidence);
    CHECK(a[i].level == b[i].level);
    CHECK(a[i].weak == b[i].weak);
    CHECK(a[i].pattern_id == b[i].pattern_id);
    same_checks(a[i].checks, b[i].checks);
  }
}

struct Setup {
  judge::Lexicon lexicon;
  std::unique_ptr<match::CompiledRuleset> rules;
  explicit Setup(const std::filesystem::path& lexicon_file) {
    std::vector<std::string> errors;
    match::Ruleset rs;
    match::load_ruleset((testing::source_dir() / "rulesets" / "moratorium").string(), rs, errors);
    judge::Lexicon::load(lexicon_file.string(), lexicon, errors);
    INFO((errors.empty() ? std::string() : errors.front()));
    REQUIRE(errors.empty());
    rules = match::CompiledRuleset::compile(std::move(rs), errors);
    REQUIRE(rules);
  }
};

std::filesystem::path bundled_lexicon() { return testing::source_dir() / "rulesets" / "lexicons" / "context.xml"; }

// judge() with explanations decides every candidate as the plain judge does;
// without them it keeps the same findings. Returns the candidates compared.
std::size_t same_as_plain(const Setup& s, const Document& doc, const std::vector<Match>& matches) {
  judge::Judge explaining(*s.rules, s.lexicon, judge::JudgeOptions{true, true});
  judge::Judge quiet(*s.rules, s.lexicon, judge::JudgeOptions{true, false});
  Audit a = explaining.judge(doc, matches);
  REQUIRE(a.decisions.size() == matches.size());
  for (const Decision& d : a.decisions) {
    const match::Rule* rule = s.rules->rule(d.match.rule_id);
    REQUIRE(rule);
    INFO(doc.source << " " << d.match.rule_id << " at [" << d.match.span.begin << ", " << d.match.span.end << ") in '"
                    << doc.text.substr(d.match.sentence.begin, d.match.sentence.size()) << "'");
    same_checks(d.checks, plain_check(s.lexicon, *s.rules, doc, d.match, *rule));
  }
  Audit q = quiet.judge(doc, matches);
  INFO(doc.source);
  same_findings(q.findings, a.findings);
  same_findings(q.notes, a.notes);
  CHECK(q.verdict == a.verdict);
  return a.decisions.size();
}

std::size_t same_as_plain(const Setup& s, const Document& doc) {
  return same_as_plain(s, doc, s.rules->scan(doc, match::split_sentences(doc.text)));
}

// Made-up candidates: for each rule given, a trigger starting at every byte
// of the text that starts a UTF-8 character, ending where the word ends (or
// a few bytes on, inside it), in the order of the rules and then of the
// text: a sentence is left and come back to many times.
std::vector<Match> everywhere(const Document& doc, const std::vector<std::string>& rule_ids) {
  std::vector<Span> sentences = match::split_sentences(doc.text);
  const std::string& t = doc.text;
  std::vector<Match> out;
  for (const std::string& id : rule_ids)
    for (const Span& sent : sentences)
      for (std::size_t b = sent.begin; b < sent.end; ++b) {
        if ((static_cast<unsigned char>(t[b]) & 0xC0) == 0x80 || t[b] == ' ') continue;
        std::size_t e = b;
        while (e < sent.end && (std::isalnum(static_cast<unsigned char>(t[e])) || (t[e] & 0x80))) ++e;
        for (std::size_t end : {std::max(e, b + 1), std::min(b + 3, sent.end)}) {
          Match m;
          m.rule_id = id;
          m.pattern_id = "made-up";
          m.span = {b, std::min(end, sent.end)};
          m.sentence = sent;
          out.push_back(m);
        }
      }
  return out;
}

const char* kAdversarial =
    "Peer Specialist\n\nDuties\n"
    "Nurses administer medication; the peer specialist offers support, but nurses restrain patients while the peer listens.\n"
    "The nursing staff administers medication and the treatment team decides on seclusion, yet you do not.\n"
    "RNsadminister medication to clients; nursesadminister injections: the peer never does.\n"
    "Inpatient social workers refer members to the inpatient unit, and the peer specialist visits the inpatient unit.\n"
    "Our psychiatrists' orders are carried out by nursing staff - peers support people instead of restraint.\n"
    "Police officers transport people to the psychiatric emergency room, whereas peers walk alongside them.\n"
    "If the member wishes, the peer may attend court hearings; the peer does not administer medication.\n"
    "Staff refer people to inpatient care, not limited to crisis beds; you will not restrain anyone.\n"
    "The hospital's clinicians, not peers, administer medication and use restraint or seclusion when needed.\n"
    "Clinicians administer medication, and the peer specialist supports the member instead.\n"
    "Doctors decide on involuntary holds; this position provides peer support on the inpatient unit.\n"
    "About Us\nOur inpatient unit uses seclusion. You will work on the inpatient unit, not limited to medication.\n"
    "Qualifications\nExperience with inpatient psychiatric units, restraint and seclusion reduction is a plus.\n"
    "Benefits\nThe agency provides inpatient coverage. This position is based on the mobile crisis team.\n";

}  // namespace

TEST_CASE("the judge decides the scanner's candidates as a plain, uncached judge does", "[judge][equivalence]") {
  Setup s(bundled_lexicon());
  std::size_t n = same_as_plain(s, testing::text_document(kAdversarial, "adversarial.txt"));
  for (const auto& doc : testing::corpus_documents()) n += same_as_plain(s, doc);
  CHECK(n > 100);
}

TEST_CASE("the judge decides triggers made up at every byte as a plain judge does", "[judge][equivalence]") {
  Setup s(bundled_lexicon());
  Document doc = testing::text_document(kAdversarial, "adversarial.txt");
  // A duty rule (every context kind but boilerplate), a setting rule (all of
  // them), a review rule and a positive one (fewer kinds).
  std::vector<Match> ms = everywhere(doc, {"duty.medication", "setting.inpatient", "struct.hierarchy", "struct.voluntary"});
  CHECK(same_as_plain(s, doc, ms) > 1000);
}

TEST_CASE("the judge's shortcuts hold for patterns using not-a-boundary and the text's ends", "[judge][equivalence]") {
  // Other-subject patterns whose answer on the words before a trigger differs
  // from their answer on the rest of the sentence (a \B or $ at the cut:
  // "wardens " alone ends with no boundary, "wardens administer" has one),
  // each in a lexicon of its own (one such pattern turns the shortcut off for
  // the others); an other-after pattern that starts with \b (a trigger that
  // ends inside "xwardens" leaves a boundary the sentence has not); cues and
  // terminators anchored to the text's ends.
  const std::string extra =
      "Duties\nnurses administer medication and doctors restrain patients.\n"
      "Wardens administer medication. The bailiff restrains patients; wardens use seclusion.\n"
      "the doctor seclusion rooms are used by nursing staff, and the nursesadminister injections.\n"
      "Never restrain anyone; nobody administers medication without consent.\n"
      "Noone secludes members: peers administer nothing.\n"
      "Thexwardens restrain people.\n";
  std::size_t n = 0;
  for (const char* other_subject : {"wardens \\B", "(?:the )?bailiffs? $", "\\w+ing\\B", "^wardens "}) {
    std::string lexicon = testing::slurp(bundled_lexicon());
    auto put = [&](const std::string& before, const std::string& add) {
      std::size_t at = lexicon.rfind(before);  // the element, not the header comment
      REQUIRE(at != std::string::npos);
      lexicon.insert(at, add);
    };
    put("  <other-after>", std::string("  <other-subject>") + other_subject + "</other-subject>\n");
    put("  <!-- Look-alikes",
        "  <terminator>^\\w+:</terminator>\n"
        "  <terminator>\\.$</terminator>\n");
    put("  <!-- Goal / prevention",
        "  <cue id=\"neg-nb\" kind=\"negation\" direction=\"forward\" window=\"4\">\\bno\\B</cue>\n"
        "  <cue id=\"neg-start\" kind=\"negation\" direction=\"forward\" window=\"20\">^never\\b</cue>\n");
    put("  <placement>", "  <peer-subject>peer\\B</peer-subject>\n");
    put("  <peer-subject>", "  <other-after>\\bwardens\\b</other-after>\n");
    testing::TempDir tmp;
    Setup s(tmp.write("context.xml", lexicon));
    INFO(other_subject);
    Document doc = testing::text_document(std::string(kAdversarial) + extra, "anchored.txt");
    n += same_as_plain(s, doc);
    n += same_as_plain(s, doc, everywhere(doc, {"duty.medication", "setting.inpatient"}));
  }
  CHECK(n > 1000);
}

TEST_CASE("findings count their character offsets as a byte-by-byte count does", "[judge][equivalence]") {
  // Long runs of one-, two-, three- and four-byte characters (more than 255
  // blocks of 16 bytes between findings, and tails of every length) before
  // triggers.
  Setup s(bundled_lexicon());
  std::string text = "Peer Specialist\n\nDuties\n";
  const char* fill[] = {"a", "\xC3\xA9", "\xE2\x80\x94", "\xF0\x9F\x98\x80"};
  for (int round = 0; round < 12; ++round) {
    for (int i = 0; i < 700 + 37 * round; ++i) text += fill[(i * 7 + round) % 4];
    text += std::string(static_cast<std::size_t>(round), 'x') + ".\nThe peer specialist works on the inpatient unit.\n";
  }
  Document doc = testing::text_document(text, "utf8.txt");
  judge::Judge j(*s.rules, s.lexicon, judge::JudgeOptions{true, false});
  Audit a = j.judge(doc, s.rules->scan(doc, match::split_sentences(doc.text)));
  REQUIRE(a.findings.size() >= 12);
  for (const Finding& f : a.findings) {
    if (f.location.char_offset < 0) continue;
    long long chars = doc.map.identity && doc.map.identity_skip > 0 ? 1 : 0;
    for (std::size_t i = 0; i < f.span.begin; ++i) chars += (static_cast<unsigned char>(doc.text[i]) & 0xC0) != 0x80;
    CHECK(f.location.char_offset == chars);
  }
}
