#include "judge/judge.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <re2/re2.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace peeraudit::judge {

namespace {

// Words in s, counting no further than limit + 1 (callers compare with a
// window of a few words; a long gap must not be walked to its end).
// Word bytes for count_words: ASCII letters and digits, the apostrophe and
// every byte of a multi-byte UTF-8 character.
struct WordBytes {
  bool w[256] = {};
  constexpr WordBytes() {
    for (int u = 0; u < 256; ++u)
      w[u] = (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') || u >= 0x80 || u == '\'';
  }
};
constexpr WordBytes kWordBytes;

std::size_t count_words(std::string_view s, std::size_t limit = static_cast<std::size_t>(-2)) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool w = kWordBytes.w[static_cast<unsigned char>(c)];
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

// RE2's \b and \B are ASCII: these bytes are word characters, every other
// byte (UTF-8 included) is not.
bool is_word_byte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') || c == '_';
}

// True when a pattern may use ^, $, \A or \z, whose meaning depends on where
// the searched text starts and ends, or \B (see may_open_other in check)
// (conservative: any '^' outside "[^").
bool may_anchor(std::string_view re) {
  for (std::size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (c == '\\') {
      if (i + 1 < re.size() && (re[i + 1] == 'A' || re[i + 1] == 'z' || re[i + 1] == 'B')) return true;
      ++i;
    } else if (c == '$' || (c == '^' && (i == 0 || re[i - 1] != '['))) {
      return true;
    }
  }
  return false;
}

// UTF-8 characters in s: the bytes that are not continuation bytes
// (10xxxxxx), counted eight at a time.
long long count_chars(std::string_view s) {
  long long n = static_cast<long long>(s.size());
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen at a time where SSE2 is there (all of x86-64): each byte lane
  // counts its continuation bytes (at most 255 blocks before the lanes are
  // summed, so none overflows).
  const __m128i top2 = _mm_set1_epi8(static_cast<char>(0xC0)), cont = _mm_set1_epi8(static_cast<char>(0x80));
  while (s.size() - i >= 16) {
    std::size_t blocks = std::min<std::size_t>((s.size() - i) / 16, 255);
    __m128i lanes = _mm_setzero_si128();
    for (std::size_t end = i + 16 * blocks; i < end; i += 16) {
      __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(_mm_and_si128(x, top2), cont));  // -(-1) per continuation byte
    }
    __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());  // two 64-bit sums of eight lanes each
    n -= static_cast<long long>(_mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    // Bit 7 of each byte set where bit 7 is 1 and bit 6 is 0; moved to bit
    // 0, the bytes (0 or 1 each) are summed into the top byte by one
    // multiplication (no popcnt instruction in the baseline x86-64 target,
    // where std::popcount is a library call).
    std::uint64_t y = (x & ~(x << 1) & 0x8080808080808080ull) >> 7;
    n -= static_cast<long long>((y * 0x0101010101010101ull) >> 56);
  }
  for (; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --n;
  return n;
}

std::uint32_t bit(ContextKind k) { return 1u << static_cast<unsigned>(k); }

}  // namespace

// One RE2::Set over the lexicon's unanchored patterns and every rule
// exception, run once per judged sentence: a pattern the set does not find
// there needs no search of its own, and most are absent (terminators,
// pseudo-cues, placement, cues, exceptions). One set, not several: the fixed
// cost of a set search is most of its cost on a sentence.
//
// The patterns tried anchored at the start of a clause (other-subject,
// subject-opener, peer-opener) stay out: an anchored search stops within a
// few bytes, while their unanchored form made the set's DFA several times
// costlier (other-subject alone: set 261M -> 342M instructions over 10k
// postings, more than the searches it spared). Other-after, tried right
// after a trigger, is in: it costs the set little (+9M) and spares most of
// its searches (-20M). So do the peer words (peer-subject): they occur in
// about a third of the sentences and are only searched for on rare paths
// (after another subject or a later peer clause was found).
struct Judge::Probe {
  std::unique_ptr<re2::RE2::Set> set;  // null: every pattern counts as present
  std::size_t size = 0;                // patterns in the set
  // Set indices; -1: not probed (absent, or not in the set): always searched.
  int terminator = -1, pseudo = -1, placement = -1, other_after = -1;
  std::vector<int> cue;                      // per lexicon cue
  std::vector<std::vector<int>> exceptions;  // per rule, per exception
  std::vector<int> cue_at;      // per set index: the lexicon cue it is, or -1
  // Whether other-subject may be asked once per clause start (see check):
  // it has no ^, $, \A, \z or \B.
  bool other_subject_cut_safe = false, other_after_cut_safe = false;
  std::vector<std::size_t> unprobed_cues;  // cues not in the set: always searched
};

Judge::Judge(const match::CompiledRuleset& rules, const Lexicon& lexicon, JudgeOptions opts)
    : rules_(rules), lex_(lexicon), opts_(opts), probe_(std::make_unique<Probe>()) {
  Probe& p = *probe_;
  // The options the patterns themselves are compiled with (case-insensitive);
  // max_mem only bounds the DFA cache.
  re2::RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  auto set = std::make_unique<re2::RE2::Set>(o, re2::RE2::UNANCHORED);
  auto add = [&](std::string_view pattern) -> int {
    int i = set->Add(pattern, nullptr);
    if (i >= 0) ++p.size;
    return i;
  };
  auto add_re = [&](const std::shared_ptr<re2::RE2>& re) { return re ? add(re->pattern()) : -1; };
  p.terminator = add_re(lex_.terminator);
  p.pseudo = add_re(lex_.pseudo);
  p.placement = add_re(lex_.placement);
  p.other_after = add_re(lex_.other_after);
  for (const Cue& c : lex_.cues) p.cue.push_back(add_re(c.re));
  for (const match::Rule& r : rules_.ruleset().rules) {
    std::vector<int> ex;
    for (const match::Pattern& e : r.exceptions) ex.push_back(add(e.regex));
    p.exceptions.push_back(std::move(ex));
  }
  p.cue_at.assign(p.size, -1);
  for (std::size_t ci = 0; ci < p.cue.size(); ++ci) {
    if (p.cue[ci] >= 0) p.cue_at[static_cast<std::size_t>(p.cue[ci])] = static_cast<int>(ci);
    else p.unprobed_cues.push_back(ci);
  }
  p.other_subject_cut_safe = lex_.other_subject && !may_anchor(lex_.other_subject->pattern());
  p.other_after_cut_safe = lex_.other_after && !may_anchor(lex_.other_after->pattern());
  if (p.size > 0 && set->Compile()) p.set = std::move(set);
}

Judge::~Judge() = default;

struct Judge::SentenceCues {
  std::size_t begin = static_cast<std::size_t>(-1), end = 0;
  std::vector<Hit> terms, pseudo;
  bool terms_done = false, pseudo_done = false;  // searched on first use
  // The cues that may occur in the sentence (found by the probe, or not
  // probed), in lexicon order, with their hits searched for on first use:
  // a candidate looks at these alone, not at every cue of the lexicon.
  // live[0, nlive) is this sentence's; the rest keep their capacity.
  struct CueHits {
    std::size_t cue = 0;
    bool done = false;
    std::vector<Hit> hits;
  };
  std::vector<CueHits> live;
  std::size_t nlive = 0;
  std::vector<std::size_t> live_cues;  // scratch
  signed char placed = -1;  // -1: not searched yet
  std::vector<char> present;  // per probe set index: occurs in the sentence
  std::vector<int> found;     // scratch for the probe
  // Per terminator: whether the clause after it opens with the peer
  // (-1: not tried yet). It depends on the sentence alone.
  std::vector<signed char> peer_opens;
  // The last clause asked whether it opens with a noun phrase and names no
  // peer, and the answer (candidates of one clause ask the same).
  std::size_t np_b = static_cast<std::size_t>(-1), np_e = 0;
  bool np_opens = false;
  // The last text before a trigger tried for another subject, and the answer.
  std::size_t os_b = static_cast<std::size_t>(-1), os_e = 0;
  bool os_found = false;
  std::size_t os_len = 0;
  // Per clause start tried: whether another subject opens the text from
  // there to the end of the sentence (see check).
  std::vector<std::pair<std::size_t, bool>> os_opens;
};

std::vector<ContextCheck> Judge::check(const Document& doc, const Match& m, const match::Rule& rule) const {
  SentenceCues cues;
  std::vector<ContextCheck> checks;
  check(doc, m, rule, cues, checks, false);
  return checks;
}

void Judge::check(const Document& doc, const Match& m, const match::Rule& rule, SentenceCues& cues,
                  std::vector<ContextCheck>& checks, bool first_drop_decides) const {
  checks.clear();
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
  const Probe& probe = *probe_;
  if (cues.begin != sent.begin || cues.end != sent.end) {
    cues.begin = sent.begin;
    cues.end = sent.end;
    // Which patterns occur in the sentence at all; when the set cannot tell
    // (not compiled, DFA out of memory) every pattern counts as present.
    bool known = false;
    if (probe.set) {
      cues.found.clear();
      re2::RE2::Set::ErrorInfo err{};
      probe.set->Match(sentence, &cues.found, &err);
      known = err.kind == re2::RE2::Set::kNoError;
    }
    cues.present.assign(probe.size, known ? 0 : 1);
    if (known)
      for (int i : cues.found) cues.present[static_cast<std::size_t>(i)] = 1;
    // Terminators and pseudo-cues are searched for when a candidate first
    // needs them (a clause, a cue hit).
    cues.terms.clear();
    cues.pseudo.clear();
    cues.terms_done = cues.pseudo_done = false;
    cues.np_b = cues.os_b = static_cast<std::size_t>(-1);
    cues.os_opens.clear();
    cues.placed = -1;
    // Cues absent from the sentence need no search of their own, and no
    // candidate needs to look at them.
    cues.live_cues.clear();
    if (known) {
      for (int i : cues.found)
        if (int ci = probe.cue_at[static_cast<std::size_t>(i)]; ci >= 0) cues.live_cues.push_back(static_cast<std::size_t>(ci));
      cues.live_cues.insert(cues.live_cues.end(), probe.unprobed_cues.begin(), probe.unprobed_cues.end());
      std::sort(cues.live_cues.begin(), cues.live_cues.end());
    } else {
      for (std::size_t ci = 0; ci < lex_.cues.size(); ++ci) cues.live_cues.push_back(ci);
    }
    cues.nlive = 0;
    for (std::size_t ci : cues.live_cues) {
      if (cues.nlive == cues.live.size()) cues.live.emplace_back();
      SentenceCues::CueHits& c = cues.live[cues.nlive++];
      c.cue = ci;
      c.done = false;
      c.hits.clear();
    }
  }
  // The kinds this rule applies, as bits (Rule::applies, without the search).
  std::uint32_t applies = 0;
  for (ContextKind k : rule.context) applies |= bit(k);
  auto applies_to = [&](ContextKind k) { return (applies & bit(k)) != 0; };

  checks.reserve(8);
  bool any_dropped = false;
  auto drop = [&](ContextKind k, std::string cue, Span span, std::string scope) {
    checks.push_back({k, Outcome::Dropped, std::move(cue), span, std::move(scope)});
    any_dropped = true;
  };
  auto pass = [&](ContextKind k) { checks.push_back({k, Outcome::Passed}); };

  const std::vector<Hit>& terms = cues.terms;
  auto need_terms = [&] {
    if (cues.terms_done) return;
    cues.terms_done = true;
    if (probe.terminator < 0 || cues.present[static_cast<std::size_t>(probe.terminator)])
      cues.terms = find_all(lex_.terminator.get(), sentence, sent.begin);
    cues.peer_opens.assign(cues.terms.size(), -1);
  };
  auto terminated = [&](std::size_t a, std::size_t b) {
    need_terms();
    for (const Hit& t : terms)
      if (t.begin >= a && t.end <= b) return true;
    return false;
  };
  // Whether another subject may open text[cb, e), the words before a
  // trigger. The candidates of a clause differ in e alone, and almost never
  // find one, so the rest of the sentence from cb is asked once: when no
  // other subject opens it, none opens text[cb, e) either, provided the cut
  // at e adds nothing RE2 can see. A match in the shorter text that ends
  // before e is one in the longer text too (same bytes either side); one
  // that ends at e differs only in what \b sees after it, which gains a
  // boundary only when both bytes at e are word characters (\B, ^, $, \A
  // and \z: always searched).
  auto may_open_other = [&](std::size_t cb, std::size_t e) {
    if (!probe.other_subject_cut_safe || (is_word_byte(text[e - 1]) && is_word_byte(text[e]))) return true;
    for (const auto& [b, opens] : cues.os_opens)
      if (b == cb) return opens;
    std::string_view rest(text.data() + cb, sent.end - cb);
    bool opens = lex_.other_subject->Match(rest, 0, rest.size(), re2::RE2::ANCHOR_START, nullptr, 0);
    cues.os_opens.emplace_back(cb, opens);
    return opens;
  };
  // Placement words matter only in a boilerplate or mention section.
  auto placed = [&] {
    if (cues.placed < 0)
      cues.placed = (probe.placement < 0 || cues.present[static_cast<std::size_t>(probe.placement)]) &&
                    contains(lex_.placement.get(), sentence);
    return cues.placed > 0;
  };
  // "X ...; the peer specialist ...": the trigger's clause opens with a noun
  // phrase and names no peer, and a later clause opens with the peer.
  // Every test here is a pure function of the sentence and the two clause
  // bounds, so the later clause (the rarer condition, and the same for every
  // candidate of the sentence) is looked at first, and answers are cached.
  auto contrast_with_peer = [&](std::size_t cb, std::size_t ce, const Match& mm) {
    if (!lex_.peer_opener || !lex_.subject_opener) return false;
    bool later = false;
    for (std::size_t ti = 0; ti < terms.size() && !later; ++ti) {
      const Hit& t = terms[ti];
      if (t.begin < mm.span.end) continue;
      signed char& known = cues.peer_opens[ti];
      if (known < 0) {
        std::size_t b = t.end;
        while (b < sent.end && !std::isalnum(static_cast<unsigned char>(text[b]))) ++b;
        std::string_view rest(text.data() + b, sent.end - b);
        known = lex_.peer_opener->Match(rest, 0, rest.size(), re2::RE2::ANCHOR_START, nullptr, 0);
      }
      later = known > 0;
    }
    if (!later) return false;
    if (cues.np_b != cb || cues.np_e != ce) {
      std::string_view clause(text.data() + cb, ce - cb);
      cues.np_b = cb;
      cues.np_e = ce;
      // The anchored openers first: they fail within a few bytes, while the
      // peer words are looked for in the whole clause.
      cues.np_opens =
          (lex_.subject_opener->Match(clause, 0, clause.size(), re2::RE2::ANCHOR_START, nullptr, 0) ||
           (lex_.other_subject &&
            lex_.other_subject->Match(clause, 0, clause.size(), re2::RE2::ANCHOR_START, nullptr, 0))) &&
          !contains(lex_.peer_subject.get(), clause);
    }
    return cues.np_opens;
  };

  // 1. Section: boilerplate (about / benefits / EEO) and mention sections.
  const Section* sec = doc.section_at(m.span.begin);
  SectionKind sk = sec ? sec->kind : SectionKind::Other;
  if (applies_to(ContextKind::Boilerplate)) {
    if (in_list(lex_.boilerplate_sections, sk) && !placed())
      drop(ContextKind::Boilerplate, sec->heading, {sec->begin, sec->begin + sec->heading.size()},
           std::string(to_string(sk)) + " section");
    else
      pass(ContextKind::Boilerplate);
    if (any_dropped && first_drop_decides) return;
  }
  if (applies_to(ContextKind::Section)) {
    if (in_list(lex_.mention_sections, sk) && !placed())
      drop(ContextKind::Section, sec->heading, {sec->begin, sec->begin + sec->heading.size()},
           std::string(to_string(sk)) + " section names it without placing the position there");
    else
      pass(ContextKind::Section);
    if (any_dropped && first_drop_decides) return;
  }

  // 2. The rule's own exceptions, anywhere in the sentence. The first one
  // that matches decides; none can when the probe found none of them.
  if (applies_to(ContextKind::Exception) && !rule.exceptions.empty()) {
    const auto& rules = rules_.ruleset().rules;
    bool any = true;
    if (&rule >= rules.data() && &rule < rules.data() + rules.size()) {
      any = false;
      for (int i : probe.exceptions[static_cast<std::size_t>(&rule - rules.data())])
        any = any || i < 0 || cues.present[static_cast<std::size_t>(i)];
    }
    Span where{};
    if (const match::Pattern* p = any ? rules_.exception_in(rule.id, sentence, &where) : nullptr)
      drop(ContextKind::Exception, std::string(sentence.substr(where.begin, where.size())),
           {sent.begin + where.begin, sent.begin + where.end}, "exception '" + p->id + "'");
    if (any_dropped && first_drop_decides) return;
  }

  // 3. Cues: negation, goal, hypothetical, mention, other subject (passive "by nurses").
  const std::vector<Hit>& pseudo = cues.pseudo;
  auto is_pseudo = [&](const Hit& h) {
    if (!cues.pseudo_done) {
      cues.pseudo_done = true;
      if (probe.pseudo < 0 || cues.present[static_cast<std::size_t>(probe.pseudo)])
        cues.pseudo = find_all(lex_.pseudo.get(), sentence, sent.begin);
    }
    for (const Hit& p : pseudo)
      if (h.begin < p.end && p.begin < h.end) return true;
    return false;
  };
  std::uint32_t decided = 0;  // bits of the kinds a cue already dropped
  for (std::size_t li = 0; li < cues.nlive; ++li) {
    SentenceCues::CueHits& live = cues.live[li];
    const Cue& cue = lex_.cues[live.cue];
    if (!(applies & ~decided & bit(cue.kind))) continue;
    if (!live.done) {
      live.hits = find_all(cue.re.get(), sentence, sent.begin);
      live.done = true;
    }
    for (const Hit& h : live.hits) {
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
      decided |= bit(cue.kind);
      break;
    }
    if (any_dropped && first_drop_decides) return;
  }
  // Other subject: a role that is not the peer opens the clause ("Nurses
  // administer medication"), or the trigger names that role ("inpatient
  // social workers refer ...").
  if (applies_to(ContextKind::OtherSubject) && !(decided & bit(ContextKind::OtherSubject))) {
    // Clause around the match: the sentence cut at terminators.
    need_terms();
    std::size_t clause_b = sent.begin, clause_e = sent.end;
    for (const Hit& t : terms) {
      if (t.end <= m.span.begin) clause_b = std::max(clause_b, t.end);
      if (t.begin >= m.span.end) clause_e = std::min(clause_e, t.begin);
    }
    std::size_t cb = clause_b;
    while (cb < m.span.begin && !std::isalnum(static_cast<unsigned char>(text[cb]))) ++cb;
    std::string_view prefix(text.data() + cb, m.span.begin - cb);
    re2::StringPiece sm;
    // Candidates of one rule and sentence often share the text before them.
    if (cues.os_b != cb || cues.os_e != m.span.begin) {
      cues.os_b = cb;
      cues.os_e = m.span.begin;
      cues.os_found = lex_.other_subject && cb < m.span.begin && may_open_other(cb, m.span.begin) &&
                      lex_.other_subject->Match(prefix, 0, prefix.size(), re2::RE2::ANCHOR_START, &sm, 1) &&
                      !contains(lex_.peer_subject.get(), prefix);
      cues.os_len = cues.os_found ? sm.size() : 0;
    }
    if (cues.os_found) {
      drop(ContextKind::OtherSubject, std::string(text.data() + cb, cues.os_len),
           {cb, cb + cues.os_len}, quote(std::string_view(text.data() + cb, clause_e - cb)));
    } else if (contrast_with_peer(cb, clause_e, m)) {
      drop(ContextKind::OtherSubject, std::string(text.substr(clause_e, std::min<std::size_t>(40, sent.end - clause_e))),
           {clause_e, sent.end}, "a later clause says what the peer does instead");
    } else if (lex_.other_after && count_words(prefix, 3) <= 3) {
      std::string_view after(text.data() + m.span.end, clause_e - m.span.end);
      // Role words after a trigger are rare: when the probe found none in
      // the sentence there is none in the text after the trigger either,
      // unless a cut there gives \b a boundary the sentence has not (both
      // bytes at it word characters; \B, ^, $, \A and \z: always searched).
      auto cut_clean = [&](std::size_t at) {
        return at == sent.begin || at == sent.end || !(is_word_byte(text[at - 1]) && is_word_byte(text[at]));
      };
      bool absent = probe.other_after >= 0 && !cues.present[static_cast<std::size_t>(probe.other_after)] &&
                    probe.other_after_cut_safe && cut_clean(m.span.end) && cut_clean(clause_e);
      if (!absent && lex_.other_after->Match(after, 0, after.size(), re2::RE2::ANCHOR_START, &sm, 1))
        drop(ContextKind::OtherSubject, std::string(sm.data(), sm.size()),
             {m.span.end + static_cast<std::size_t>(sm.data() - after.data()),
              m.span.end + static_cast<std::size_t>(sm.data() - after.data()) + sm.size()},
             quote(std::string_view(text.data() + cb, clause_e - cb)));
    }
  }
  if (!any_dropped)
    for (ContextKind k : {ContextKind::Negation, ContextKind::Goal, ContextKind::Hypothetical,
                          ContextKind::OtherSubject, ContextKind::Mention})
      if (applies_to(k)) pass(k);
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
  // One finding per rule and sentence: the first kept candidate. The key is
  // the rule id (with "~weak" for weak patterns) and the sentence; a document
  // has a few findings, so a flat list beats a map.
  struct Seen {
    std::string key;
    std::size_t sentence;
    bool note;
    std::size_t index;  // in audit.notes or audit.findings
  };
  std::vector<Seen> seen;
  auto key_of = [](const Match& m) { return m.rule_id + (m.weak ? "~weak" : ""); };
  auto same_key = [](const Seen& s, const Match& m) {
    constexpr std::string_view weak = "~weak";
    return s.sentence == m.sentence.begin && s.key.size() == m.rule_id.size() + (m.weak ? weak.size() : 0) &&
           s.key.compare(0, m.rule_id.size(), m.rule_id) == 0 &&
           (!m.weak || std::string_view(s.key).substr(m.rule_id.size()) == weak);
  };
  SentenceCues cues;
  // The checks of the candidate at hand; a finding copies them, and a
  // dropped candidate (most of them) leaves nothing to allocate.
  std::vector<ContextCheck> checks;
  checks.reserve(8);
  // Character offsets, counted once through the text as findings come in order.
  std::size_t counted_to = 0;
  long long chars = doc.map.identity && doc.map.identity_skip > 0 ? 1 : 0;  // a BOM is one character
  std::size_t n = 0;
  std::string_view last_rule_id;
  const match::Rule* last_rule = nullptr;
  bool last_rule_known = false;
  for (const Match& m : matches) {
    if ((++n & 63) == 0 && deadline.passed()) throw TimeBudgetExceeded("time budget spent while judging");
    // Consecutive candidates are often of one rule: look an id up only when
    // it changes.
    if (!last_rule_known || m.rule_id != last_rule_id) {
      last_rule = rules_.rule(m.rule_id);
      last_rule_id = m.rule_id;
      last_rule_known = true;
    }
    const match::Rule* rule = last_rule;
    if (!rule) continue;
    // The match and the reason are only kept for explanations.
    Decision d;
    if (opts_.explain) d.match = m;
    // Without explanations a dropped candidate leaves nothing but the fact:
    // its first drop decides, and the checks after it are not made.
    if (opts_.context) check(doc, m, *rule, cues, checks, !opts_.explain);
    else checks.clear();
    auto drop_it = std::find_if(checks.begin(), checks.end(),
                                [](const ContextCheck& c) { return c.outcome == Outcome::Dropped; });
    d.kept = drop_it == checks.end();
    if (opts_.explain)
      d.reason = d.kept ? "kept"
                        : "dropped: " + std::string(to_string(drop_it->kind)) +
                              (drop_it->cue.empty() ? "" : " cue '" + drop_it->cue + "'") +
                              (drop_it->scope.empty() ? "" : " (scope: '" + drop_it->scope + "')");
    auto prior = seen.end();
    if (d.kept)
      prior = std::find_if(seen.begin(), seen.end(), [&](const Seen& s) { return same_key(s, m); });
    bool dup = prior != seen.end();
    if (dup) {
      if (opts_.explain) d.reason = "kept, same rule and sentence as an earlier finding";
      // Overlapping or adjacent triggers of one rule make one piece of
      // evidence: the union ("inpatient" + "psychiatric unit").
      Finding& f = prior->note ? audit.notes[prior->index] : audit.findings[prior->index];
      std::size_t line_end = f.span.begin - f.source_line_column + f.source_line.size();
      bool touching = m.span.begin <= f.span.end ||
                      doc.text.find_first_not_of(" \t", f.span.end) >= m.span.begin;
      if (touching && m.span.end > f.span.end && m.span.end <= line_end) {
        f.span.end = m.span.end;
        f.evidence = doc.text.substr(f.span.begin, f.span.size());
      }
    }
    if (d.kept && !dup) {
      seen.push_back({key_of(m), m.sentence.begin, rule->sign == Sign::Positive,
                      rule->sign == Sign::Positive ? audit.notes.size() : audit.findings.size()});
      Finding f;
      f.criterion = rule->id;
      f.title = rule->title;
      f.category = rule->category;
      f.sign = rule->sign;
      f.span = m.span;
      f.evidence = doc.text.substr(m.span.begin, m.span.size());
      f.location = doc.locate(m.span.begin);
      if (doc.map.identity && m.span.begin >= counted_to) {
        chars += count_chars(std::string_view(doc.text).substr(counted_to, m.span.begin - counted_to));
        counted_to = m.span.begin;
        f.location.char_offset = chars;
      }
      // The line holding the evidence, looked for no further than 400 bytes
      // either side (a 20 MB line must not be copied or scanned per finding).
      const std::string& t = doc.text;
      // lb: just after the last newline in the 401 bytes before the match
      // (or the first of them); le: the first newline in the 401 bytes from
      // it (or just past them).
      std::size_t lb, le;
      {
        std::size_t lo = m.span.begin > 401 ? m.span.begin - 401 : 0;
        const void* nl = m.span.begin > lo ? memrchr(t.data() + lo, '\n', m.span.begin - lo) : nullptr;
        lb = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - t.data()) + 1 : lo;
        std::size_t hi = std::min(t.size(), m.span.begin + 401);
        nl = hi > m.span.begin ? std::memchr(t.data() + m.span.begin, '\n', hi - m.span.begin) : nullptr;
        le = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - t.data()) : std::max(hi, m.span.begin);
      }
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
      // The finding takes the checks; the next candidate's reserve() makes
      // room again (one allocation, as a copy would cost).
      if (opts_.explain) d.checks = checks;
      f.checks = std::move(checks);
      checks.clear();
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
    if (opts_.explain) {
      if (!(d.kept && !dup)) d.checks = checks;  // a new finding's were copied above
      audit.decisions.push_back(std::move(d));
    }
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
