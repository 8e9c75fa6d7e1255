// HTML: one self-contained HTML5 file (inline CSS, a little inline JS, no
// network), for advocates and union reps who open it in a browser. A summary
// ("At a glance": documents by verdict and findings by criterion, each as an
// inline SVG bar chart and a table), then every document with its verdict
// badge and findings in plain language. A verdict filter and a sort order
// work in the browser without a server; without JS everything is shown.
//
// Everything that comes from a document or a rule goes through html_escape
// (& < > " '), in text and in attributes alike. The script is static text.
// Written once, at end(), because the summary comes before the documents.
#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "report/clauses.hpp"
#include "report/common.hpp"
#include "report/writer.hpp"

namespace peeraudit::report {
namespace {

std::string esc(std::string_view s) { return html_escape(s); }

std::string badge(Verdict v) {
  return "<span class=\"badge v-" + std::string(to_string(v)) + "\">" + esc(verdict_label(v)) + "</span>";
}

constexpr const char* kStyle = R"CSS(
:root{--moratorium:#8b0000;--conflict:#b84700;--review:#ffbf00;--clear:#1e7b34;--line:#d0d0d0;--muted:#555}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;line-height:1.5;color:#1a1a1a;background:#fafafa;margin:0}
header.page,main{max-width:62rem;margin:0 auto;padding:1rem 1.25rem}
header.page{border-bottom:1px solid var(--line)}
h1{font-size:1.7rem;margin:.2rem 0}
h2{font-size:1.35rem;margin-top:2rem;border-bottom:2px solid #333;padding-bottom:.2rem}
h3{font-size:1.2rem;margin:.3rem 0}
h4{font-size:1.05rem;margin:1.2rem 0 .4rem}
h5{font-size:1rem;margin:0 0 .3rem}
.meta,.source,.where{color:var(--muted);font-size:.92rem}
.badge{display:inline-block;padding:.15rem .6rem;border-radius:1rem;font-weight:700;font-size:.9rem;white-space:nowrap}
.v-moratorium{background:var(--moratorium);color:#fff}
.v-conflict{background:var(--conflict);color:#fff}
.v-review{background:var(--review);color:#000}
.v-clear{background:var(--clear);color:#fff}
table{border-collapse:collapse;margin:.6rem 0;width:100%;background:#fff}
th,td{border:1px solid var(--line);padding:.35rem .55rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:grid;grid-template-columns:minmax(0,1fr);gap:1.5rem}
figure{margin:0;min-width:0}
figcaption{font-weight:700;margin:.4rem 0}
svg{max-width:100%;height:auto}
svg text{font-family:inherit;font-size:12px;fill:#1a1a1a}
.controls[hidden]{display:none}
.controls{display:flex;flex-wrap:wrap;gap:.6rem 1.5rem;align-items:center;background:#fff;border:1px solid var(--line);border-radius:.4rem;padding:.6rem .9rem;margin:.8rem 0}
.controls fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.3rem .9rem;align-items:center}
.controls legend{font-weight:700;float:left;margin-right:.6rem}
.controls label{cursor:pointer}
article.doc{background:#fff;border:1px solid var(--line);border-left:.5rem solid var(--line);border-radius:.4rem;padding:.8rem 1.1rem;margin:1rem 0}
article.doc[data-verdict=moratorium]{border-left-color:var(--moratorium)}
article.doc[data-verdict=conflict]{border-left-color:var(--conflict)}
article.doc[data-verdict=review]{border-left-color:var(--review)}
article.doc[data-verdict=clear]{border-left-color:var(--clear)}
article.doc[hidden]{display:none}
ol.findings{padding-left:1.3rem}
li.finding{margin:.9rem 0;padding-bottom:.6rem;border-bottom:1px dashed var(--line)}
li.finding:last-child{border-bottom:0}
code{background:#f0f0f0;padding:0 .25rem;border-radius:.2rem;font-size:.9em}
blockquote{margin:.3rem 0 .5rem;padding:.4rem .8rem;border-left:4px solid #999;background:#f6f6f6;white-space:pre-wrap;overflow-wrap:anywhere}
mark{background:#ffe066;color:#000;padding:0 .1rem;border-radius:.15rem}
.label{font-size:.85rem;color:var(--muted)}
details{margin-top:.3rem}
summary{cursor:pointer;color:var(--muted)}
.errors li{color:#8b0000}
@media print{.controls{display:none}article.doc{break-inside:avoid}body{background:#fff}}
)CSS";

constexpr const char* kScript = R"JS(
(function () {
  var list = document.getElementById('doclist');
  var controls = document.getElementById('controls');
  if (!list || !controls) return;
  controls.hidden = false;
  var docs = Array.prototype.slice.call(list.querySelectorAll('article.doc'));
  var sort = document.getElementById('sort');
  var shown = document.getElementById('shown');
  function apply() {
    var show = {};
    Array.prototype.forEach.call(controls.querySelectorAll('input[data-filter]'), function (c) {
      show[c.value] = c.checked;
    });
    var key = sort.value;
    var sorted = docs.slice().sort(function (a, b) {
      var d = 0;
      if (key === 'severity') d = b.dataset.severity - a.dataset.severity;
      else if (key === 'findings') d = b.dataset.findings - a.dataset.findings;
      else if (key === 'name') d = a.dataset.name.localeCompare(b.dataset.name);
      return d || (a.dataset.order - b.dataset.order);
    });
    var n = 0;
    sorted.forEach(function (el) {
      list.appendChild(el);
      var on = show[el.dataset.verdict] !== false;
      el.hidden = !on;
      if (on) n++;
    });
    shown.textContent = 'Showing ' + n + ' of ' + docs.length + (docs.length === 1 ? ' document' : ' documents');
  }
  controls.addEventListener('change', apply);
  apply();
})();
)JS";

class HtmlWriter : public Writer {
 public:
  using Writer::Writer;

  void begin(const RunInfo& run) override {
    run_ = run;
    for (const RuleInfo& r : run.rules) {
      criteria_.push_back({r.id, r.title, r.category, 0});
      index_.emplace(r.id, criteria_.size() - 1);
    }
  }

  void document(const Audit& a) override {
    std::size_t order = documents_++;
    ++counts_[static_cast<int>(a.verdict)];
    for (const Finding& f : a.findings) {
      auto it = index_.find(f.criterion);
      if (it == index_.end()) {
        criteria_.push_back({f.criterion, f.title, f.category, 0});
        it = index_.emplace(f.criterion, criteria_.size() - 1).first;
      }
      ++criteria_[it->second].count;
      ++findings_;
    }

    std::ostringstream& d = docs_;
    std::string v(to_string(a.verdict));
    d << "<article class=\"doc\" id=\"doc-" << order + 1 << "\" data-verdict=\"" << v << "\" data-severity=\""
      << static_cast<int>(a.verdict) << "\" data-findings=\"" << a.findings.size() << "\" data-order=\"" << order
      << "\" data-name=\"" << esc(a.title.empty() ? a.id : a.title) << "\">\n";
    d << "<header>" << badge(a.verdict) << "\n<h3>" << esc(a.title.empty() ? a.id : a.title) << "</h3>\n";
    d << "<p class=\"source\">File: <code>" << esc(a.source.empty() ? a.id : a.source) << "</code>";
    if (!a.source.empty() && a.id != a.source) d << " · Document: <code>" << esc(a.id) << "</code>";
    if (!a.format.empty()) d << " · Format: " << esc(a.format);
    d << "</p></header>\n";
    d << "<p class=\"explain\"><strong>" << esc(verdict_label(a.verdict)) << ".</strong> "
      << esc(verdict_explanation(a.verdict)) << "</p>\n";

    if (a.findings.empty()) {
      d << "<h4>What we found</h4>\n<p>Nothing that meets the moratorium criteria.</p>\n";
    } else {
      d << "<h4>What we found (" << a.findings.size() << ")</h4>\n<ol class=\"findings\">\n";
      // A criterion found several times gets its why and fix once, at its
      // first finding; later ones link back to it.
      std::map<std::string, std::size_t> first;
      auto anchor = [&](std::size_t k) { return "doc-" + std::to_string(order + 1) + "-f-" + std::to_string(k + 1); };
      for (std::size_t k = 0; k < a.findings.size(); ++k) {
        const Finding& f = a.findings[k];
        std::size_t j = first.emplace(f.criterion, k).first->second;
        bool same = j != k && a.findings[j].why == f.why && a.findings[j].fix == f.fix;
        finding(d, f, anchor(k), j + 1, same ? anchor(j) : std::string());
      }
      d << "</ol>\n";
    }
    if (!a.notes.empty()) {
      d << "<h4>Good signs</h4>\n<ul class=\"notes\">\n";
      for (const Finding& n : a.notes) {
        d << "<li><code>" << esc(n.criterion) << "</code> " << esc(n.title) << ": “<mark>" << esc(n.evidence)
          << "</mark>”";
        std::string w = where(n);
        if (!w.empty()) d << " <span class=\"where\">(" << esc(w) << ")</span>";
        d << "</li>\n";
      }
      d << "</ul>\n";
    }
    if (!a.errors.empty()) {
      d << "<h4>Problems reading this document</h4>\n<ul class=\"errors\">\n";
      for (const IngestError& e : a.errors) d << "<li>" << esc(e.display()) << "</li>\n";
      d << "</ul>\n";
    }
    if (run_.by_clause) clause_table(d, a);
    d << "</article>\n";
  }

  void end(const Summary& summary) override {
    std::ostream& o = out_;
    o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"peeraudit " << esc(run_.tool_version) << "\">\n"
      << "<title>Peer specialist role audit</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n";
    o << "<header class=\"page\">\n<h1>Peer specialist role audit</h1>\n<p class=\"meta\">";
    std::string ruleset = run_.ruleset_name;
    if (!run_.ruleset_version.empty()) ruleset += " " + run_.ruleset_version;
    if (!ruleset.empty()) o << "Criteria: " << esc(ruleset) << " · ";
    o << "peeraudit " << esc(run_.tool_version);
    if (!run_.timestamp.empty()) o << " · " << esc(run_.timestamp);
    o << "</p>\n</header>\n<main>\n";

    summary_section(o);

    o << "<section id=\"documents\">\n<h2>Documents</h2>\n";
    o << "<div class=\"controls\" id=\"controls\" hidden>\n<fieldset><legend>Show</legend>\n";
    for (Verdict v : kVerdictsBySeverity) {
      std::string name(to_string(v));
      o << "<label><input type=\"checkbox\" data-filter value=\"" << name << "\" checked> " << badge(v) << " ("
        << counts_[static_cast<int>(v)] << ")</label>\n";
    }
    o << "</fieldset>\n<label>Sort by <select id=\"sort\">"
      << "<option value=\"order\">Order checked</option>"
      << "<option value=\"severity\">Most serious first</option>"
      << "<option value=\"findings\">Most findings first</option>"
      << "<option value=\"name\">Name</option></select></label>\n"
      << "<span id=\"shown\" aria-live=\"polite\"></span>\n</div>\n";
    o << "<div id=\"doclist\">\n" << docs_.str() << "</div>\n";
    if (documents_ == 0) o << "<p>No documents were checked.</p>\n";
    o << "</section>\n";

    if (!summary.input_errors.empty()) {
      o << "<section id=\"input-errors\">\n<h2>Files we could not read</h2>\n<ul class=\"errors\">\n";
      for (const IngestError& e : summary.input_errors) o << "<li>" << esc(e.display()) << "</li>\n";
      o << "</ul>\n</section>\n";
    }

    o << "<section id=\"about-verdicts\">\n<h2>What the verdicts mean</h2>\n<dl>\n";
    for (Verdict v : kVerdictsBySeverity)
      o << "<dt>" << badge(v) << "</dt>\n<dd>" << esc(verdict_explanation(v)) << "</dd>\n";
    o << "</dl>\n<p>Each finding quotes the words that triggered it, says where they are, why they matter "
         "and how the document could be changed. A finding is about the position itself: a document "
         "that only mentions a setting, or says the peer will <em>not</em> do something, is not counted.</p>\n"
      << "</section>\n</main>\n<script>" << kScript << "</script>\n</body>\n</html>\n";
  }

 private:
  struct Criterion {
    std::string id, title;
    Verdict category;
    std::size_t count;
  };

  void finding(std::ostringstream& d, const Finding& f, const std::string& anchor, std::size_t first_number,
               const std::string& same_as) const {
    d << "<li class=\"finding\" id=\"" << anchor << "\">\n<h5><code>" << esc(f.criterion) << "</code> "
      << esc(f.title) << "</h5>\n";
    std::string loc = f.location.plain();
    d << "<p class=\"where\">Where: " << (loc.empty() ? std::string("(no line information)") : esc(loc));
    if (!f.location.section.empty()) d << " · Section: " << esc(f.location.section);
    d << "</p>\n";
    auto parts = evidence_in_line(f);
    d << "<p class=\"label\">Quoted from the document (the highlighted words triggered this finding):</p>\n"
      << "<blockquote>" << esc(parts.before) << "<mark title=\"" << esc(f.criterion) << "\">"
      << esc(parts.evidence) << "</mark>" << esc(parts.after) << "</blockquote>\n";
    if (!same_as.empty()) {
      d << "<p class=\"again\">Why it matters and how to fix it: as for <a href=\"#" << same_as << "\">finding "
        << first_number << "</a> above.</p>\n";
    } else {
      if (!f.why.empty()) d << "<p><strong>Why it matters:</strong> " << esc(f.why) << "</p>\n";
      if (!f.fix.empty()) d << "<p><strong>How to fix it:</strong> " << esc(f.fix) << "</p>\n";
    }
    if (!f.checks.empty()) {
      d << "<details><summary>Checks it passed (" << f.checks.size() << ")</summary>\n<ul>\n";
      for (const ContextCheck& c : f.checks) {
        d << "<li>" << esc(context_kind_label(c.kind)) << " <span class=\"label\">(" << esc(to_string(c.kind))
          << ")</span>: " << esc(outcome_label(c.outcome));
        if (!c.cue.empty()) d << " — cue: “" << esc(c.cue) << "”";
        d << "</li>\n";
      }
      d << "</ul></details>\n";
    }
    d << "</li>\n";
  }

  void clause_table(std::ostringstream& d, const Audit& a) const {
    d << "<h4>Clause by clause</h4>\n";
    auto rows = group_by_clause(a);
    if (rows.empty()) {
      d << "<p>No clauses were found in this document.</p>\n";
      return;
    }
    d << "<table class=\"clauses\">\n<thead><tr><th>Clause</th><th>Heading</th><th>What we found</th>"
      << "<th>Adds to the verdict</th></tr></thead>\n<tbody>\n";
    for (const ClauseRow& r : rows) {
      d << "<tr><td>" << (r.section ? esc(r.section->number) : "") << "</td><td>";
      if (r.section)
        d << esc(section_heading(*r.section));
      else
        d << "(outside any clause)";
      d << "</td><td>";
      if (r.findings.empty()) d << "—";
      for (std::size_t i = 0; i < r.findings.size(); ++i) {
        const Finding* f = r.findings[i];
        d << (i ? "<br>" : "") << "<code>" << esc(f->criterion) << "</code>: “<mark>" << esc(f->evidence)
          << "</mark>”";
      }
      d << "</td><td>" << (r.findings.empty() ? std::string("—") : badge(r.contribution)) << "</td></tr>\n";
    }
    d << "</tbody>\n</table>\n";
  }

  void summary_section(std::ostream& o) const {
    o << "<section id=\"summary\">\n<h2>At a glance</h2>\n<p>" << documents_
      << (documents_ == 1 ? " document" : " documents") << " checked, " << findings_
      << (findings_ == 1 ? " finding" : " findings") << ".";
    if (run_.fail_on != "never") {
      std::size_t failed = 0;
      for (Verdict v : kVerdictsBySeverity)
        if (fails(v, run_.fail_on)) failed += counts_[static_cast<int>(v)];
      o << " " << failed << " at or above “" << esc(run_.fail_on) << "”.";
    }
    o << "</p>\n<div class=\"charts\">\n";

    // Documents by verdict: a vertical bar per verdict.
    std::size_t max = 1;
    for (std::size_t c : counts_) max = std::max(max, c);
    o << "<figure>\n<figcaption>Documents by verdict</figcaption>\n";
    o << "<svg role=\"img\" viewBox=\"0 0 360 200\" width=\"360\" height=\"200\" aria-label=\"Documents by verdict:";
    for (Verdict v : kVerdictsBySeverity) o << " " << counts_[static_cast<int>(v)] << " " << to_string(v) << ";";
    o << "\">\n<line x1=\"10\" y1=\"170\" x2=\"350\" y2=\"170\" stroke=\"#999\"/>\n";
    int x = 20;
    for (Verdict v : kVerdictsBySeverity) {
      std::size_t c = counts_[static_cast<int>(v)];
      int h = static_cast<int>(c * 140 / max);
      o << "<rect x=\"" << x << "\" y=\"" << 170 - h << "\" width=\"60\" height=\"" << h << "\" fill=\""
        << verdict_style(v).background << "\"><title>" << c << " " << to_string(v) << "</title></rect>\n";
      o << "<text x=\"" << x + 30 << "\" y=\"" << 164 - h << "\" text-anchor=\"middle\">" << c << "</text>\n";
      o << "<text x=\"" << x + 30 << "\" y=\"188\" text-anchor=\"middle\">" << to_string(v) << "</text>\n";
      x += 85;
    }
    o << "</svg>\n<table>\n<thead><tr><th>Verdict</th><th>What it means</th><th>Documents</th></tr></thead>\n"
      << "<tbody>\n";
    for (Verdict v : kVerdictsBySeverity)
      o << "<tr><td>" << badge(v) << "</td><td>" << esc(verdict_explanation(v)) << "</td><td class=\"num\">"
        << counts_[static_cast<int>(v)] << "</td></tr>\n";
    o << "</tbody>\n</table>\n</figure>\n";

    // Findings by criterion: a horizontal bar per criterion found.
    std::vector<const Criterion*> found;
    std::size_t cmax = 1;
    for (const Criterion& c : criteria_)
      if (c.count > 0) {
        found.push_back(&c);
        cmax = std::max(cmax, c.count);
      }
    o << "<figure>\n<figcaption>Findings by criterion</figcaption>\n";
    if (found.empty()) {
      o << "<p>No findings.</p>\n</figure>\n</div>\n</section>\n";
      return;
    }
    int height = static_cast<int>(found.size()) * 26 + 10;
    o << "<svg role=\"img\" viewBox=\"0 0 420 " << height << "\" width=\"420\" height=\"" << height
      << "\" aria-label=\"Findings by criterion:";
    for (const Criterion* c : found) o << " " << c->count << " " << esc(c->id) << ";";
    o << "\">\n";
    int y = 5;
    for (const Criterion* c : found) {
      int w = static_cast<int>(c->count * 200 / cmax);
      o << "<text x=\"175\" y=\"" << y + 15 << "\" text-anchor=\"end\">" << esc(c->id) << "</text>\n";
      o << "<rect x=\"180\" y=\"" << y + 2 << "\" width=\"" << w << "\" height=\"18\" fill=\""
        << verdict_style(c->category).background << "\"><title>" << c->count << " " << esc(c->id)
        << "</title></rect>\n";
      o << "<text x=\"" << 185 + w << "\" y=\"" << y + 15 << "\">" << c->count << "</text>\n";
      y += 26;
    }
    o << "</svg>\n<table>\n<thead><tr><th>Criterion</th><th>What it is</th><th>Adds</th><th>Findings</th></tr>"
      << "</thead>\n<tbody>\n";
    for (const Criterion* c : found)
      o << "<tr><td><code>" << esc(c->id) << "</code></td><td>" << esc(c->title) << "</td><td>"
        << badge(c->category) << "</td><td class=\"num\">" << c->count << "</td></tr>\n";
    o << "</tbody>\n</table>\n</figure>\n</div>\n</section>\n";
  }

  RunInfo run_;
  std::vector<Criterion> criteria_;
  std::map<std::string, std::size_t> index_;
  std::ostringstream docs_;
  std::size_t counts_[4] = {0, 0, 0, 0};
  std::size_t documents_ = 0, findings_ = 0;
};

PEERAUDIT_REGISTER_WRITER(HtmlWriter, "html", "One self-contained HTML page: summary chart, filter, findings in plain language");

}  // namespace
}  // namespace peeraudit::report
