#include "core/strings.hpp"
#include "judge/suppress.hpp"

#include <algorithm>
#include <cstring>
#include <string.h>
#include <string_view>
#include <re2/re2.h>

#include "judge/judge.hpp"

namespace peeraudit::judge {

namespace {

struct Directive {
  std::size_t line;  // 0-based line in the normalized text
  std::vector<std::string> criteria;
  bool has_reason;
};

std::string trim(std::string s) { return std::string(text::trim(s)); }
}  // namespace

void apply_suppressions(const Document& doc, Audit& audit) {
  const std::string& t = doc.text;
  // memmem: the same question as std::string::find, without stopping at
  // every 'p' of the text (most documents have no directive at all).
  static constexpr std::string_view kTag = "peeraudit-ignore";
  if (!memmem(t.data(), t.size(), kTag.data(), kTag.size())) return;
  // The comment's closer (-->, */) is cut off before the match: left in, the
  // "--" of "-->" read as the start of a reason (">").
  static const RE2 re(R"(peeraudit-ignore:\s*([A-Za-z0-9_.,\s]*?)\s*(?:--\s*(.*?))?\s*$)");
  std::vector<std::size_t> line_starts{0};
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t[i] == '\n') line_starts.push_back(i + 1);
  auto line_of = [&](std::size_t off) {
    return static_cast<std::size_t>(std::upper_bound(line_starts.begin(), line_starts.end(), off) - line_starts.begin() - 1);
  };
  std::vector<Directive> directives;
  for (std::size_t li = 0; li < line_starts.size(); ++li) {
    std::size_t b = line_starts[li];
    std::size_t e = li + 1 < line_starts.size() ? line_starts[li + 1] - 1 : t.size();
    std::string_view line(t.data() + b, e - b);
    auto pos = line.find("peeraudit-ignore");
    if (pos == std::string_view::npos) continue;
    std::string ids, reason;
    std::string_view directive = text::trim(line.substr(pos));
    for (std::string_view closer : {"-->", "*/"})
      if (directive.size() >= closer.size() && directive.substr(directive.size() - closer.size()) == closer) {
        directive.remove_suffix(closer.size());
        break;
      }
    if (!RE2::PartialMatch(directive, re, &ids, &reason)) continue;
    Directive d{li, {}, !trim(reason).empty()};
    std::string cur;
    for (char c : ids + ",") {
      if (c == ',' || c == ' ' || c == '\t') {
        if (!cur.empty()) d.criteria.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (!d.has_reason) {
      Finding f;
      f.criterion = "suppression.no_reason";
      f.title = "Suppression without a reason";
      f.category = Verdict::Review;
      f.level = Level::Warning;
      f.span = {b + pos, e};
      f.evidence = std::string(line.substr(pos));
      f.location = doc.locate(b + pos);
      f.source_line = std::string(line);
      f.source_line_column = pos;
      f.why = "A peeraudit-ignore line must say why the finding does not apply, so a reviewer can check it.";
      f.fix = "Add the reason after '--': peeraudit-ignore: " + (d.criteria.empty() ? std::string("<criterion>") : d.criteria[0]) +
              " -- <why this does not apply>.";
      audit.findings.push_back(std::move(f));
    }
    directives.push_back(std::move(d));
  }
  // Findings stay in document order with the suppression.no_reason ones
  // added at the end (reports list them as they come, line by line).
  std::stable_sort(audit.findings.begin(), audit.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.span.begin < b.span.begin; });
  std::vector<Finding> kept;
  for (auto& f : audit.findings) {
    std::size_t line = line_of(f.span.begin);
    bool silenced = false;
    for (const auto& d : directives) {
      if (!d.has_reason || (d.line != line && d.line + 1 != line)) continue;
      for (const auto& c : d.criteria)
        if (c == f.criterion || c == "all") silenced = true;
    }
    if (silenced) audit.suppressed.push_back(std::move(f));
    else kept.push_back(std::move(f));
  }
  audit.findings = std::move(kept);
  audit.verdict = verdict_of(audit.findings);
}

}  // namespace peeraudit::judge
