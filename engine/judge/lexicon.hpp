// Shared context lexicons (rulesets/lexicons/context.xml): cues with a kind,
// a direction and a window in words, scope terminators, pseudo-cues that
// look like cues but are not ("not limited to"), subject lists and the
// sections that count as boilerplate. Data, not code: no rule is special-
// cased here.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace re2 {
class RE2;
}
#include <re2/set.h>

namespace peeraudit::judge {

enum class Direction { Forward, Backward, Both };

struct Cue {
  std::string id;
  ContextKind kind = ContextKind::Negation;
  Direction direction = Direction::Forward;
  int window = 8;  // words between cue and match
  std::shared_ptr<re2::RE2> re;
};

struct Lexicon {
  std::string file;
  std::vector<Cue> cues;
  // All cues in one set: one pass over a sentence tells which cues occur.
  std::shared_ptr<re2::RE2::Set> cue_set;
  std::shared_ptr<re2::RE2> terminator;     // ends a cue's scope and a clause
  std::shared_ptr<re2::RE2> pseudo;         // cue look-alikes to ignore
  std::shared_ptr<re2::RE2> other_subject;  // anchored at the start of a clause
  std::shared_ptr<re2::RE2> other_after;    // a role noun right after the match ("inpatient social workers")
  std::shared_ptr<re2::RE2> peer_subject;   // the position itself
  std::shared_ptr<re2::RE2> peer_opener;    // a clause that opens with the peer as subject
  std::shared_ptr<re2::RE2> subject_opener; // a clause that opens with a noun phrase
  std::shared_ptr<re2::RE2> placement;      // "this position", "you will": overrides boilerplate
  std::vector<SectionKind> boilerplate_sections;
  std::vector<SectionKind> mention_sections;  // where a rule with the `section` kind is only mentioned

  static bool load(const std::string& path, Lexicon& out, std::vector<std::string>& errors);
};

}  // namespace peeraudit::judge
