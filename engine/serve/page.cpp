// The one page `peeraudit serve` shows at "/": paste or upload, audit, read
// the verdict and findings, download a report. Self-contained (inline CSS and
// JS, no network resources), usable with the keyboard alone. Every piece of
// text that comes from a document or a rule is put in the page with
// textContent / createTextNode, never as markup.
#include "serve/serve.hpp"

namespace peeraudit::serve {

namespace {

constexpr const char* kPage = R"PAGE(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>peeraudit: check a peer specialist job posting</title>
<style>
:root{--moratorium:#8b0000;--conflict:#b84700;--review:#ffbf00;--clear:#1e7b34;--line:#c8c8c8;--muted:#4a4a4a;--focus:#1a56db}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:1.05rem;line-height:1.55;color:#1a1a1a;background:#f6f6f4;margin:0}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem 1.25rem}
header{border-bottom:1px solid var(--line)}
h1{font-size:1.8rem;margin:.2rem 0 .4rem}
h2{font-size:1.4rem;margin:1.6rem 0 .6rem}
h3{font-size:1.15rem;margin:0 0 .4rem}
p.lead{margin:.2rem 0;color:var(--muted)}
form{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:1rem 1.2rem}
label{display:block;font-weight:700;margin:.2rem 0 .3rem}
.hint{font-weight:400;color:var(--muted);font-size:.95rem}
textarea{width:100%;min-height:14rem;font:inherit;font-size:1rem;padding:.6rem;border:2px solid #888;border-radius:.3rem;resize:vertical}
input[type=file]{font:inherit;padding:.3rem 0}
.or{margin:.8rem 0 .2rem;font-weight:700}
.row{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin-top:.9rem}
button{font:inherit;font-weight:700;padding:.55rem 1.3rem;border-radius:.35rem;border:2px solid #1a1a1a;background:#1a1a1a;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1a1a1a}
button:disabled{opacity:.55;cursor:progress}
:focus-visible{outline:3px solid var(--focus);outline-offset:3px}
textarea:focus-visible{outline:3px solid var(--focus);outline-offset:1px}
#status{min-height:1.6rem;margin:.6rem 0;font-weight:700}
#status.error{color:#8b0000}
.verdict{display:block;font-size:1.5rem;font-weight:800;padding:1rem 1.2rem;border-radius:.6rem;margin:.6rem 0}
.v-moratorium{background:var(--moratorium);color:#fff}
.v-conflict{background:var(--conflict);color:#fff}
.v-review{background:var(--review);color:#000}
.v-clear{background:var(--clear);color:#fff}
.doc{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:1rem 1.2rem;margin:1rem 0}
.meta{color:var(--muted);font-size:.95rem}
.finding{border-left:6px solid #888;padding:.5rem .9rem;margin:1rem 0;background:#fbfbfb}
.finding.c-moratorium{border-color:var(--moratorium)}
.finding.c-conflict{border-color:var(--conflict)}
.finding.c-review{border-color:var(--review)}
.finding.c-clear{border-color:var(--clear)}
.quote{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.95rem;white-space:pre-wrap;background:#fff;border:1px solid var(--line);padding:.5rem .7rem;border-radius:.3rem;margin:.4rem 0}
mark{background:#ffe066;color:#000;padding:0 .1rem;border-bottom:2px solid #8b6a00}
dl{margin:.4rem 0}
dt{font-weight:700;margin-top:.4rem}
dd{margin:0 0 .2rem 0}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9rem;color:var(--muted)}
#fulltext{max-height:28rem;overflow:auto}
.downloads{margin:.6rem 0}
footer{color:var(--muted);font-size:.9rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
</style>
</head>
<body>
<header>
<h1>Check a peer specialist job posting</h1>
<p class="lead">Paste a job posting, agency policy or contract, or choose a file. peeraudit checks it against the
moratorium on placing peer specialists in coercive settings (locked or inpatient units, psychiatric emergency
rooms, mobile crisis and ACT teams) and coercive duties (medication compliance, reporting people to clinicians,
restraint, involuntary holds). Nothing you send is stored: it stays on this computer.</p>
</header>
<main>
<form id="form" novalidate>
  <label for="text">Paste the text here <span class="hint">(job posting, policy or contract)</span></label>
  <textarea id="text" name="text" spellcheck="false" aria-describedby="text-hint"></textarea>
  <div id="text-hint" class="hint">Tip: include the duties and the place of work; headings like "Duties" help.</div>
  <div class="or" aria-hidden="true">or</div>
  <label for="file">Choose a file <span class="hint">(.txt, .md, .html, .docx, .odt or .pdf; a chosen file is used
  instead of the pasted text)</span></label>
  <input type="file" id="file" name="file" accept=".txt,.md,.html,.htm,.docx,.odt,.pdf">
  <div class="row">
    <button type="submit" id="audit">Audit</button>
    <button type="button" id="clear" class="secondary">Start over</button>
  </div>
  <div id="status" role="status" aria-live="polite"></div>
</form>
<section id="results" hidden aria-labelledby="results-heading">
  <h2 id="results-heading" tabindex="-1">Result</h2>
  <div class="downloads" role="group" aria-label="Download the report">
    <span>Download the full report:</span>
    <button type="button" class="secondary" data-format="html">HTML report</button>
    <button type="button" class="secondary" data-format="json">JSON</button>
    <button type="button" class="secondary" data-format="csv">CSV (spreadsheet)</button>
  </div>
  <div id="docs"></div>
</section>
</main>
<footer><p>peeraudit runs on your own computer: what you paste or upload is checked here and is not kept or sent anywhere
else. It reads words, not the real job: use the result to ask questions.</p></footer>
<script>
(function () {
  "use strict";
  var PLAIN = {
    moratorium: "Moratorium: the position is placed in a coercive setting",
    conflict: "Conflict: the position carries a coercive duty",
    review: "Needs review: weaker warning signs (non-peer tasks, clinical hierarchy or poor conditions)",
    clear: "Clear: no concerns found"
  };
  var EXPLAIN = {
    moratorium: "Under the moratorium, peer specialists should not be hired into this setting.",
    conflict: "These duties go against peer support values; they should be removed from the job.",
    review: "Nothing here places the job in a coercive setting or duty, but some parts deserve a closer look.",
    clear: "peeraudit found no coercive setting or duty in this document. It checks words, not the real job: ask, too."
  };
  var form = document.getElementById("form");
  var textEl = document.getElementById("text");
  var fileEl = document.getElementById("file");
  var auditBtn = document.getElementById("audit");
  var statusEl = document.getElementById("status");
  var results = document.getElementById("results");
  var docsEl = document.getElementById("docs");
  var last = null;  // {kind: "text"|"file", text, file}

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function setStatus(msg, isError) {
    statusEl.textContent = msg;
    statusEl.className = isError ? "error" : "";
  }
  function request(input, format) {
    var url = "/api/audit" + (format ? "?format=" + encodeURIComponent(format) : "");
    if (input.kind === "file") {
      var fd = new FormData();
      fd.append("file", input.file, input.file.name);
      return fetch(url, {method: "POST", body: fd});
    }
    return fetch(url, {method: "POST", headers: {"Content-Type": "text/plain; charset=utf-8"}, body: input.text});
  }
  function errorOf(resp) {
    return resp.text().then(function (t) {
      try { var j = JSON.parse(t); if (j && j.error) return j.error; } catch (e) {}
      return "The server answered " + resp.status + ".";
    });
  }

  // Byte spans (UTF-8) of the text we sent -> pieces of text.
  var enc = new TextEncoder(), dec = new TextDecoder();
  function markedText(bytes, from, to, spans, target) {
    var pos = from;
    spans.forEach(function (s) {
      var b = Math.max(s.begin, pos), e = Math.min(s.end, to);
      if (e <= b) return;
      if (b > pos) target.appendChild(document.createTextNode(dec.decode(bytes.subarray(pos, b))));
      target.appendChild(el("mark", "", dec.decode(bytes.subarray(b, e))));
      pos = e;
    });
    if (pos < to) target.appendChild(document.createTextNode(dec.decode(bytes.subarray(pos, to))));
  }
  function lineAround(bytes, begin, end) {
    var a = begin, z = end;
    while (a > 0 && bytes[a - 1] !== 10) a--;
    while (z < bytes.length && bytes[z] !== 10) z++;
    return [a, z];
  }

  // "Where: page 2, line 4, in the section “Duties”. " in plain words.
  function whereText(l) {
    if (!l) return "";
    var w = [];
    if (l.row) w.push("row " + l.row);
    if (l.page) w.push("page " + l.page);
    if (l.paragraph) w.push("paragraph " + l.paragraph);
    else if (l.line) w.push("line " + l.line);
    var s = w.join(", ");
    if (l.section) s += (s ? ", " : "") + "in the section \u201c" + l.section + "\u201d";
    return s ? "Where: " + s + ". " : "";
  }

  function renderFinding(f, bytes, parent) {
    var box = el("article", "finding c-" + f.category);
    box.appendChild(el("h3", "", f.title));
    box.appendChild(el("div", "meta", whereText(f.location) + "Criterion: " + f.criterion));
    var q = el("div", "quote");
    q.setAttribute("aria-label", "The words that show it");
    if (bytes && f.span && f.span.end <= bytes.length && dec.decode(bytes.subarray(f.span.begin, f.span.end)) === f.evidence) {
      var ln = lineAround(bytes, f.span.begin, f.span.end);
      markedText(bytes, ln[0], ln[1], [f.span], q);
    } else {
      q.appendChild(el("mark", "", f.evidence));
    }
    box.appendChild(q);
    var dl = el("dl");
    dl.appendChild(el("dt", "", "Why it matters"));
    dl.appendChild(el("dd", "", f.why));
    dl.appendChild(el("dt", "", "How to fix it"));
    dl.appendChild(el("dd", "", f.fix));
    box.appendChild(dl);
    parent.appendChild(box);
  }

  function render(data, input) {
    docsEl.textContent = "";
    var docs = data.documents || [];
    var bytes = input.kind === "text" ? enc.encode(input.text) : null;
    docs.forEach(function (d) {
      var sec = el("section", "doc");
      var v = el("div", "verdict v-" + d.verdict, PLAIN[d.verdict] || d.verdict);
      v.id = docs.length === 1 ? "verdict" : "";
      sec.appendChild(v);
      sec.appendChild(el("p", "", EXPLAIN[d.verdict] || ""));
      sec.appendChild(el("p", "meta", "Document: " + d.source + " (" + d.format + ")" + (d.title ? ": " + d.title : "")));
      var findings = d.findings || [];
      sec.appendChild(el("h2", "", findings.length === 0 ? "No findings" :
          findings.length === 1 ? "1 finding" : findings.length + " findings"));
      findings.forEach(function (f) { renderFinding(f, bytes, sec); });
      var notes = d.notes || [];
      if (notes.length) {
        sec.appendChild(el("h2", "", "Good signs and weak signs"));
        var ul = el("ul");
        notes.forEach(function (n) {
          var li = el("li");
          li.appendChild(el("strong", "", n.title + ": "));
          li.appendChild(el("mark", "", n.evidence));
          li.appendChild(document.createTextNode(" (" + (n.location && n.location.display || "") + ")"));
          ul.appendChild(li);
        });
        sec.appendChild(ul);
      }
      (d.warnings || []).forEach(function (w) { sec.appendChild(el("p", "meta", "Note: " + w.message)); });
      if (bytes && findings.length) {
        sec.appendChild(el("h2", "", "Your text, with the evidence marked"));
        var pre = el("div", "quote");
        pre.id = "fulltext";
        pre.tabIndex = 0;
        pre.setAttribute("aria-label", "Your text with the evidence marked");
        var spans = findings.map(function (f) { return f.span; })
          .filter(function (s) { return s && s.end <= bytes.length; })
          .sort(function (a, b) { return a.begin - b.begin; });
        markedText(bytes, 0, bytes.length, spans, pre);
        sec.appendChild(pre);
      }
      docsEl.appendChild(sec);
    });
    (data.errors || []).forEach(function (e) { docsEl.appendChild(el("p", "meta", "Could not read: " + e.message)); });
    results.hidden = false;
    document.getElementById("results-heading").focus();
  }

  function currentInput() {
    if (fileEl.files && fileEl.files.length) return {kind: "file", file: fileEl.files[0]};
    var t = textEl.value.replace(/^\uFEFF/, "");
    return {kind: "text", text: t};
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var input = currentInput();
    if (input.kind === "text" && !input.text.trim()) {
      setStatus("Paste some text or choose a file first.", true);
      textEl.focus();
      return;
    }
    auditBtn.disabled = true;
    setStatus("Checking\u2026");
    request(input).then(function (resp) {
      if (!resp.ok) return errorOf(resp).then(function (m) { throw new Error(m); });
      return resp.json();
    }).then(function (data) {
      last = input;
      setStatus("Done.");
      render(data, input);
    }).catch(function (e) {
      results.hidden = true;
      setStatus("Could not check it: " + e.message, true);
    }).then(function () { auditBtn.disabled = false; });
  });

  Array.prototype.forEach.call(document.querySelectorAll("button[data-format]"), function (b) {
    b.addEventListener("click", function () {
      if (!last) return;
      var fmt = b.getAttribute("data-format");
      setStatus("Preparing the " + fmt.toUpperCase() + " report\u2026");
      request(last, fmt).then(function (resp) {
        if (!resp.ok) return errorOf(resp).then(function (m) { throw new Error(m); });
        return resp.blob();
      }).then(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = "peeraudit-report." + fmt;
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        setStatus("The " + fmt.toUpperCase() + " report is downloading.");
      }).catch(function (e) { setStatus("Could not make the report: " + e.message, true); });
    });
  });

  document.getElementById("clear").addEventListener("click", function () {
    form.reset();
    docsEl.textContent = "";
    results.hidden = true;
    last = null;
    setStatus("");
    textEl.focus();
  });
})();
</script>
</body>
</html>
)PAGE";

}  // namespace

const std::string& page_html() {
  static const std::string page(kPage);
  return page;
}

}  // namespace peeraudit::serve
