#!/usr/bin/env bash
# Browser check of the HTML report: renders `peeraudit audit corpora --format
# html` and opens it in headless Chromium. Fails when the page logs a script
# error, when the rendered DOM misses a document or its verdict label, or when
# no screenshot comes out. Skips (exit 0) when /usr/bin/chromium is absent.
#
#   tests/browser/html_report.sh <peeraudit-binary> <source-dir> <out-dir>
#
# Leaves <out-dir>/report.html, report.png (1280x2400), report.dom.html and
# chromium.log for a person to look at.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 <peeraudit-binary> <source-dir> <out-dir>" >&2
  exit 2
fi
bin=$(realpath "$1")
src=$(realpath "$2")
mkdir -p "$3"
out=$(realpath "$3")
chromium=/usr/bin/chromium

if [ ! -x "$chromium" ]; then
  echo "skipped: chromium not installed"
  exit 0
fi

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

html="$out/report.html" png="$out/report.png" dom="$out/report.dom.html" log="$out/chromium.log"
csv="$out/report.csv"
rm -f "$html" "$png" "$dom" "$log" "$csv"

# Relative paths, from the source directory, as a user would run it.
(cd "$src" && "$bin" audit corpora -q --fail-on never --format html -o "$html" --report csv="$csv") ||
  fail "peeraudit could not write the HTML report"
[ -s "$html" ] || fail "empty HTML report"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars
       --enable-logging=stderr --v=0)
url="file://$html"

# A plain `timeout` guards against a hung browser; chromium gets 60 s a run.
timeout 60 "$chromium" "${flags[@]}" --window-size=1280,2400 --screenshot="$png" "$url" >/dev/null 2>"$log" ||
  fail "chromium --screenshot failed (see $log)"
timeout 60 "$chromium" "${flags[@]}" --dump-dom "$url" >"$dom" 2>>"$log" ||
  fail "chromium --dump-dom failed (see $log)"

# Script errors from the page: "Uncaught ..." and any console line. This
# Chromium logs every console message as INFO:CONSOLE, whatever its level, and
# the report's script never writes to the console, so any line is a failure.
if grep -E 'Uncaught|:CONSOLE[:(]' "$log" >&2; then
  fail "the page logged script errors (above; full log in $log)"
fi

[ -s "$png" ] || fail "no screenshot at $png"
[ -s "$dom" ] || fail "empty DOM dump"
grep -q '</html>' "$dom" || fail "DOM dump is cut short"

# The script ran: it unhides the controls and writes "Showing N of N documents".
grep -q 'id="shown"[^>]*>Showing [0-9]* of [0-9]* documents\?<' "$dom" ||
  fail "the filter script did not run (no 'Showing N of N documents' in the DOM)"

# Every document, with its verdict label, from the CSV report of the same run
# (one row per document: path, verdict, ...; CRLF line ends).
label() {
  case "$1" in
    moratorium) echo "Moratorium applies" ;;
    conflict) echo "Conflict with peer values" ;;
    review) echo "Needs review" ;;
    clear) echo "No concerns found" ;;
    *) echo "?" ;;
  esac
}
mapfile -t pairs < <(tr -d '\r' <"$csv" | awk -F, 'NR > 1 { gsub(/"/, "", $1); print $1 "\t" $2 }')
[ ${#pairs[@]} -gt 0 ] || fail "no documents in the report"
checked=0
for pair in "${pairs[@]}"; do
  source=${pair%%$'\t'*} verdict=${pair#*$'\t'}
  lbl=$(label "$verdict")
  # The article for this file: from its <article ...> to </article> (after the
  # script re-orders them, the DOM has several on one line: split on the tag).
  article=$(awk -v src="<code>$source</code>" 'BEGIN { RS = "<article " }
    NR > 1 { e = index($0, "</article>"); a = e ? substr($0, 1, e - 1) : $0
             if (index(a, src)) { printf "%s", a; exit } }' "$dom")
  [ -n "$article" ] || fail "$source is not in the rendered page"
  grep -q "data-verdict=\"$verdict\"" <<<"$article" || fail "$source: not marked $verdict in the rendered page"
  grep -qF "$lbl" <<<"$article" || fail "$source: verdict label '$lbl' missing in the rendered page"
  checked=$((checked + 1))
done

echo "ok: $checked documents with their verdicts rendered; screenshot $png ($(stat -c %s "$png") bytes)"
