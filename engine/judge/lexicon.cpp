#include "core/strings.hpp"
#include "judge/lexicon.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <pugixml.hpp>
#include <re2/re2.h>
#include <sstream>

namespace peeraudit::judge {

namespace {

std::string trim(std::string s) { return std::string(text::trim(s)); }
using text::line_of;
}  // namespace

bool Lexicon::load(const std::string& path, Lexicon& lex, std::vector<std::string>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back(path + ": cannot open lexicon");
    return false;
  }
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  pugi::xml_document xml;
  auto parsed = xml.load_buffer(content.data(), content.size());
  if (!parsed) {
    errors.push_back(path + ":" + std::to_string(line_of(content, parsed.offset)) + ": invalid XML: " +
                     parsed.description());
    return false;
  }
  std::size_t before = errors.size();
  lex = Lexicon{};
  lex.file = path;
  RE2::Options opts;
  opts.set_case_sensitive(false);
  opts.set_log_errors(false);
  auto compile = [&](const pugi::xml_node& n, const std::string& what) -> std::shared_ptr<RE2> {
    // Several entries of one kind are alternatives of one pattern.
    std::string alt;
    for (pugi::xml_node e = n; e; e = e.next_sibling(n.name())) {
      std::string body = trim(e.child_value());
      if (body.empty()) continue;
      if (!alt.empty()) alt += "|";
      alt += "(?:" + body + ")";
    }
    if (alt.empty()) return nullptr;
    auto re = std::make_shared<RE2>(alt, opts);
    if (!re->ok()) {
      errors.push_back(path + ":" + std::to_string(line_of(content, n.offset_debug())) + ": " + what +
                       " does not compile: " + re->error());
      return nullptr;
    }
    return re;
  };
  pugi::xml_node root = xml.child("lexicon");
  if (!root) {
    errors.push_back(path + ":1: no <lexicon> element");
    return false;
  }
  lex.terminator = compile(root.child("terminator"), "terminator");
  lex.pseudo = compile(root.child("pseudo"), "pseudo");
  lex.other_subject = compile(root.child("other-subject"), "other-subject");
  lex.other_after = compile(root.child("other-after"), "other-after");
  lex.peer_subject = compile(root.child("peer-subject"), "peer-subject");
  lex.placement = compile(root.child("placement"), "placement");
  lex.peer_opener = compile(root.child("peer-opener"), "peer-opener");
  lex.subject_opener = compile(root.child("subject-opener"), "subject-opener");
  for (pugi::xml_node c : root.children("cue")) {
    Cue cue;
    cue.id = c.attribute("id").as_string();
    std::string kind = c.attribute("kind").as_string();
    bool found = false;
    for (ContextKind k : {ContextKind::Negation, ContextKind::Goal, ContextKind::Hypothetical,
                          ContextKind::OtherSubject, ContextKind::Mention})
      if (to_string(k) == kind) {
        cue.kind = k;
        found = true;
      }
    int line = line_of(content, c.offset_debug());
    if (!found) errors.push_back(path + ":" + std::to_string(line) + ": unknown cue kind '" + kind + "'");
    std::string dir = c.attribute("direction").as_string("forward");
    cue.direction = dir == "backward" ? Direction::Backward : dir == "both" ? Direction::Both : Direction::Forward;
    cue.window = c.attribute("window").as_int(8);
    std::string body = trim(c.child_value());
    cue.re = std::make_shared<RE2>(body, opts);
    if (!cue.re->ok()) {
      errors.push_back(path + ":" + std::to_string(line) + ": cue '" + cue.id + "' does not compile: " +
                       cue.re->error());
      continue;
    }
    if (cue.id.empty()) cue.id = kind + "-" + std::to_string(lex.cues.size());
    lex.cues.push_back(std::move(cue));
  }
  lex.cue_set = std::make_shared<RE2::Set>(opts, RE2::UNANCHORED);
  for (const Cue& c : lex.cues) lex.cue_set->Add(c.re->pattern(), nullptr);
  if (!lex.cue_set->Compile()) {
    errors.push_back(path + ": the cues are too many to compile into one set");
    lex.cue_set.reset();
  }
  auto kinds = [&](const char* attr, std::vector<SectionKind>& into) {
    std::istringstream words(root.child("sections").attribute(attr).as_string());
    std::string w;
    while (words >> w) {
      if (auto k = section_kind_from_string(w)) into.push_back(*k);
      else errors.push_back(path + ": unknown section kind '" + w + "'");
    }
  };
  kinds("boilerplate", lex.boilerplate_sections);
  kinds("mention", lex.mention_sections);
  return errors.size() == before;
}

}  // namespace peeraudit::judge
