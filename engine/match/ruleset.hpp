// Rules as data: loading rule files (pugixml) into plain structs. Compiling
// and scanning live in scanner.hpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace re2 {
class RE2;
}

namespace peeraudit::match {

struct Pattern {
  std::string id;
  std::string regex;   // RE2 syntax, compiled case-insensitively
  bool weak = false;   // weak evidence: the finding's level is lowered
  // The regex as compiled (case-insensitive) when the rule file was checked;
  // the scanner reuses it instead of compiling the pattern a second time.
  std::shared_ptr<const re2::RE2> compiled;
  int line = 0;  // line in the rule file
};

struct Example {
  bool should_match = true;
  std::string text;
  std::string why;      // for nomatch: the context kind that must drop it
  std::string section;  // heading the sentence is placed under ("" = Duties)
  int line = 0;         // line in the rule file
};

struct Rule {
  std::string id, version, title, summary, doc, why, fix;
  std::string file;
  Verdict category = Verdict::Clear;
  Sign sign = Sign::None;
  std::vector<ContextKind> context;  // the context kinds the judge applies
  std::vector<Pattern> patterns;
  std::vector<Pattern> exceptions;
  std::vector<Example> examples;
  bool applies(ContextKind k) const;
};

struct Ruleset {
  std::string name;     // folder name, e.g. "moratorium"
  std::string version;  // "<max rule version>.<rule count>" plus a content hash
  std::string dir;
  std::vector<Rule> rules;  // sorted by id
};

// Loads every *.xml in dir (sorted). Each problem is "file:line: message";
// returns false when any rule file could not be used.
// With Patterns::Later the patterns are only read, not compiled: a pattern
// that does not compile is then reported by CompiledRuleset::compile, with
// the same "file:line: message", which compiles them alongside the RE2::Set
// (start-up on two cores instead of one).
enum class Patterns { Check, Later };
bool load_ruleset(const std::string& dir, Ruleset& out, std::vector<std::string>& errors,
                  Patterns patterns = Patterns::Check);
bool load_rule_file(const std::string& path, Rule& out, std::vector<std::string>& errors,
                    Patterns patterns = Patterns::Check);
// "file:line: <child> '<id>' does not compile: <RE2's error>"
std::string compile_error(const Rule& rule, const Pattern& p, const char* child, const std::string& error);

RuleInfo info_of(const Rule& r);

}  // namespace peeraudit::match
