#include "core/strings.hpp"
#include "match/ruleset.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <pugixml.hpp>
#include <re2/re2.h>
#include <sstream>

namespace peeraudit::match {

namespace fs = std::filesystem;

namespace {

using text::line_of;
std::string squash(std::string s) { return text::collapse_spaces(s); }
std::string trim_pattern(std::string s) { return std::string(text::trim(s)); }
const std::vector<ContextKind> kDefaultContext = {ContextKind::Negation, ContextKind::Goal,
                                                  ContextKind::Hypothetical, ContextKind::OtherSubject,
                                                  ContextKind::Mention, ContextKind::Boilerplate,
                                                  ContextKind::Exception};

std::optional<ContextKind> context_kind(std::string_view s) {
  for (ContextKind k : {ContextKind::Negation, ContextKind::Goal, ContextKind::Hypothetical,
                        ContextKind::OtherSubject, ContextKind::Mention, ContextKind::Boilerplate,
                        ContextKind::Section, ContextKind::Exception})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

}  // namespace

bool Rule::applies(ContextKind k) const { return std::find(context.begin(), context.end(), k) != context.end(); }

std::string compile_error(const Rule& rule, const Pattern& p, const char* child, const std::string& error) {
  return rule.file + ":" + std::to_string(p.line) + ": " + child + " '" + p.id + "' does not compile: " + error;
}

bool load_rule_file(const std::string& path, Rule& rule, std::vector<std::string>& errors, Patterns patterns) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back(path + ": cannot open rule file");
    return false;
  }
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  pugi::xml_document xml;
  pugi::xml_parse_result parsed = xml.load_buffer(content.data(), content.size());
  auto err = [&](std::ptrdiff_t offset, const std::string& msg) {
    errors.push_back(path + ":" + std::to_string(line_of(content, offset)) + ": " + msg);
  };
  if (!parsed) {
    err(parsed.offset, std::string("invalid XML: ") + parsed.description());
    return false;
  }
  pugi::xml_node r = xml.child("rule");
  if (!r) {
    err(0, "no <rule> element");
    return false;
  }
  std::size_t before = errors.size();
  auto where = [&](const pugi::xml_node& n) { return n.offset_debug(); };
  rule = Rule{};
  rule.file = path;
  rule.id = r.attribute("id").as_string();
  rule.version = r.attribute("version").as_string("1");
  if (rule.id.empty()) err(where(r), "rule has no id");
  std::string cat = r.attribute("category").as_string();
  if (cat == "positive") {
    rule.category = Verdict::Clear;
    rule.sign = Sign::Positive;
  } else if (auto v = verdict_from_string(cat); v && *v != Verdict::Clear) {
    rule.category = *v;
    rule.sign = rule.id.rfind("struct.", 0) == 0 ? Sign::Negative : Sign::None;
  } else {
    err(where(r), "category must be moratorium, conflict, review or positive (got '" + cat + "')");
  }
  rule.title = squash(r.child_value("title"));
  rule.summary = squash(r.child_value("summary"));
  rule.doc = squash(r.child_value("doc"));
  rule.why = squash(r.child_value("why"));
  rule.fix = squash(r.child_value("fix"));
  if (rule.title.empty()) err(where(r), "rule " + rule.id + " has no <title>");
  if (rule.summary.empty()) rule.summary = rule.title;
  if (auto ctx = r.attribute("context")) {
    std::istringstream words(ctx.as_string());
    std::string w;
    while (words >> w) {
      if (auto k = context_kind(w)) rule.context.push_back(*k);
      else err(where(r), "unknown context kind '" + w + "'");
    }
    rule.context.push_back(ContextKind::Exception);
  } else {
    rule.context = kDefaultContext;
  }
  RE2::Options opts;
  opts.set_case_sensitive(false);
  opts.set_log_errors(false);
  auto read_patterns = [&](const char* parent, const char* child, std::vector<Pattern>& into) {
    int n = 0;
    for (pugi::xml_node p : r.child(parent).children(child)) {
      Pattern pat;
      pat.id = p.attribute("id").as_string();
      if (pat.id.empty()) pat.id = std::string(child) + "-" + std::to_string(n);
      ++n;
      pat.regex = trim_pattern(p.child_value());
      pat.weak = p.attribute("weak").as_bool(false);
      pat.line = line_of(content, where(p));
      if (pat.regex.empty()) {
        err(where(p), std::string(child) + " '" + pat.id + "' is empty");
      } else if (patterns == Patterns::Later) {
        into.push_back(std::move(pat));
      } else if (auto re = std::make_shared<const RE2>(pat.regex, opts); !re->ok()) {
        errors.push_back(compile_error(rule, pat, child, re->error()));
      } else {
        pat.compiled = std::move(re);
        into.push_back(std::move(pat));
      }
    }
  };
  read_patterns("patterns", "pattern", rule.patterns);
  read_patterns("exceptions", "exception", rule.exceptions);
  if (rule.patterns.empty() && errors.size() == before) err(where(r), "rule " + rule.id + " has no patterns");
  for (pugi::xml_node e : r.child("examples").children()) {
    std::string name = e.name();
    if (name != "match" && name != "nomatch") continue;
    Example ex;
    ex.should_match = name == "match";
    ex.text = squash(e.child_value());
    ex.why = e.attribute("why").as_string();
    ex.section = e.attribute("section").as_string();
    ex.line = line_of(content, where(e));
    rule.examples.push_back(std::move(ex));
  }
  return errors.size() == before;
}

bool load_ruleset(const std::string& dir, Ruleset& out, std::vector<std::string>& errors, Patterns patterns) {
  out = Ruleset{};
  out.dir = dir;
  out.name = fs::path(dir).filename().string();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    errors.push_back(dir + ": ruleset folder not found");
    return false;
  }
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".xml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    errors.push_back(dir + ": no rule files (*.xml)");
    return false;
  }
  bool ok = true;
  std::size_t hash = 0;
  int max_version = 1;
  for (const auto& f : files) {
    Rule rule;
    if (!load_rule_file(f, rule, errors, patterns)) {
      ok = false;
      continue;
    }
    for (const auto& p : rule.patterns) hash = hash * 31 + std::hash<std::string>{}(p.regex);
    max_version = std::max(max_version, std::atoi(rule.version.c_str()));
    out.rules.push_back(std::move(rule));
  }
  std::sort(out.rules.begin(), out.rules.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < out.rules.size(); ++i)
    if (out.rules[i].id == out.rules[i - 1].id) {
      errors.push_back(out.rules[i].file + ": duplicate rule id " + out.rules[i].id);
      ok = false;
    }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06zx", hash & 0xffffff);
  out.version = std::to_string(max_version) + "." + std::to_string(out.rules.size()) + "+" + buf;
  return ok;
}

RuleInfo info_of(const Rule& r) {
  RuleInfo i;
  i.id = r.id;
  i.title = r.title;
  i.summary = r.summary;
  i.doc = r.doc;
  i.why = r.why;
  i.fix = r.fix;
  i.category = r.category;
  i.sign = r.sign;
  return i;
}

}  // namespace peeraudit::match
