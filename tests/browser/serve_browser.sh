#!/usr/bin/env bash
# Browser check of `peeraudit serve`: starts the server on a free loopback
# port, drives headless Chromium through chromedriver's W3C WebDriver HTTP API
# (curl only: no node, no python, no jq), pastes a posting, presses Audit with
# the keyboard, and checks that the verdict and a <mark> appear and that text
# from the document that looks like markup stays text. Saves a screenshot.
# Skips (exit 0) when chromium or chromedriver is absent.
#
#   tests/browser/serve_browser.sh <peeraudit-binary> [<out-dir>]
#
# <out-dir> defaults to the binary's folder (the build folder); leaves
# serve_browser.png and serve_browser.log there.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 <peeraudit-binary> [<out-dir>]" >&2
  exit 2
fi
bin=$(realpath "$1")
out=${2:-$(dirname "$bin")}
mkdir -p "$out"
out=$(realpath "$out")
chromium=/usr/bin/chromium
chromedriver=$(command -v chromedriver || true)
[ -z "$chromedriver" ] && [ -x /usr/lib/chromium/chromedriver ] && chromedriver=/usr/lib/chromium/chromedriver
if [ ! -x "$chromium" ] || [ -z "$chromedriver" ]; then
  echo "skipped: chromium/chromedriver not installed"
  exit 0
fi

png="$out/serve_browser.png" log="$out/serve_browser.log"
rm -f "$png" "$log"
tmp=$(mktemp -d)
server_pid="" driver_pid="" session=""
wd=""
cleanup() {
  if [ -n "$session" ] && [ -n "$wd" ]; then curl -s -m 5 -X DELETE "$wd/session/$session" >/dev/null 2>&1 || true; fi
  for pid in $driver_pid $server_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $driver_pid $server_pid; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
  echo "FAIL: $*" >&2
  { echo "--- server stderr"; cat "$tmp/serve.err" 2>/dev/null; echo "--- chromedriver"; tail -50 "$tmp/driver.log" 2>/dev/null; } >>"$log"
  # Also on standard error, so that `ctest --output-on-failure` (CI) shows
  # why without the log file.
  { echo "--- server stdout"; cat "$tmp/serve.out" 2>/dev/null; echo "--- server stderr"; tail -20 "$tmp/serve.err" 2>/dev/null; } >&2
  echo "(details in $log)" >&2
  exit 1
}

# --- the server ---------------------------------------------------------------
"$bin" serve --host 127.0.0.1 --port 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  # The background shell may not have created serve.out yet: then sed fails,
  # which under `set -e` would end the script at once, silently.
  port=$(sed -n 's#^peeraudit serving on http://127\.0\.0\.1:\([0-9][0-9]*\)$#\1#p' "$tmp/serve.out" 2>/dev/null || true)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || fail "peeraudit serve exited: $(cat "$tmp/serve.err")"
  sleep 0.1
done
[ -n "$port" ] || fail "peeraudit serve did not print its address"
base="http://127.0.0.1:$port"
curl -sf -m 5 "$base/healthz" | grep -q '"ok"' || fail "healthz did not answer ok"
echo "server: $base" >>"$log"

# --- chromedriver on a free loopback port ---------------------------------------
for _ in 1 2 3 4 5; do
  dport=$((20000 + RANDOM % 40000))
  (exec 3<>"/dev/tcp/127.0.0.1/$dport") 2>/dev/null && continue  # taken
  "$chromedriver" --port="$dport" --allowed-ips=127.0.0.1 >"$tmp/driver.log" 2>&1 &
  driver_pid=$!
  wd="http://127.0.0.1:$dport"
  for _ in $(seq 1 100); do
    curl -s -m 2 "$wd/status" 2>/dev/null | grep -q '"ready": *true' && break 2
    kill -0 "$driver_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$driver_pid" 2>/dev/null || true
  wait "$driver_pid" 2>/dev/null || true
  driver_pid="" wd=""
done
[ -n "$wd" ] || fail "chromedriver did not start"

# WebDriver calls: wd_post PATH JSON, wd_get PATH. Print the response body.
wd_post() { curl -s -m 60 -X POST -H 'Content-Type: application/json' -d "$2" "$wd$1"; }
wd_get() { curl -s -m 60 "$wd$1"; }
# The value of a string field in a WebDriver answer (no jq in CI).
field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" | head -1; }
element() {  # CSS selector -> element id
  wd_post "/session/$session/element" "{\"using\":\"css selector\",\"value\":\"$1\"}" |
    field 'element-6066-11e4-a52e-4f735466cecf'
}
script() {  # JS body -> raw JSON answer
  wd_post "/session/$session/execute/sync" "{\"script\":\"$1\",\"args\":[]}"
}

profile="$tmp/profile"
mkdir -p "$profile"
caps=$(cat <<EOF
{"capabilities":{"alwaysMatch":{"browserName":"chrome","goog:chromeOptions":{"binary":"$chromium",
 "args":["--headless","--no-sandbox","--disable-gpu","--disable-quic","--no-first-run",
         "--disable-background-networking","--disable-component-update","--disable-sync",
         "--disable-dev-shm-usage","--hide-scrollbars","--window-size=1200,2000","--user-data-dir=$profile"]}}}}
EOF
)
answer=$(wd_post /session "$caps")
session=$(printf '%s' "$answer" | field sessionId)
[ -n "$session" ] || fail "no WebDriver session: $answer"

wd_post "/session/$session/url" "{\"url\":\"$base/\"}" >/dev/null
title=$(wd_get "/session/$session/title" | field value)
case "$title" in *"peer specialist"*) ;; *) fail "unexpected page title '$title'" ;; esac

# Paste a posting (typed into the labelled textarea), with markup that must stay text.
text=$(element '#text')
[ -n "$text" ] || fail "no textarea #text"
posting='Peer Support Specialist\n\nDuties\nProvides peer support on the acute inpatient psychiatric unit.\nApply at <script>alert(1)</script> by Friday.\n'
wd_post "/session/$session/element/$text/value" "{\"text\":\"$posting\"}" >/dev/null

# Submit with the keyboard: Enter on the Audit button.
button=$(element '#audit')
[ -n "$button" ] || fail "no Audit button"
wd_post "/session/$session/element/$button/value" '{"text":"\ue007"}' >/dev/null

verdict=""
for _ in $(seq 1 100); do
  verdict=$(script "var v=document.getElementById('verdict');return v?v.textContent:'';" | field value)
  [ -n "$verdict" ] && break
  sleep 0.1
done
echo "verdict: $verdict" >>"$log"
case "$verdict" in
  "Moratorium: the position is placed in a coercive setting") ;;
  *) fail "verdict text was '$verdict'; status: $(script "return document.getElementById('status').textContent;")" ;;
esac

marks=$(script "return Array.prototype.map.call(document.querySelectorAll('#docs mark'),function(m){return m.textContent;}).join('|');" | field value)
echo "marks: $marks" >>"$log"
case "$marks" in *inpatient*) ;; *) fail "no <mark> with the evidence (got '$marks')" ;; esac

# Markup from the document is shown as text, never run: no alert, no <script> in #docs.
alert=$(wd_get "/session/$session/alert/text")
case "$alert" in *"no such alert"*) ;; *) fail "an alert opened: $alert" ;; esac
scripts=$(script "return String(document.querySelectorAll('#docs script').length);" | field value)
[ "$scripts" = "0" ] || fail "a <script> element from the document got into the page"
shown=$(script "var t=document.getElementById('fulltext');return String(!!t&&t.textContent.indexOf('<script>alert(1)</'+'script>')>=0);" | field value)
[ "$shown" = "true" ] || fail "the pasted text is not shown back as text"

# The focus moved to the result (keyboard and screen-reader users land there).
focused=$(script "return document.activeElement?document.activeElement.id:'';" | field value)
[ "$focused" = "results-heading" ] || fail "focus is on '$focused', not on the result heading"

# Upload a .docx through the file input (a minimal one made here with zip).
if command -v zip >/dev/null 2>&1; then
  docx_dir="$tmp/docx"
  mkdir -p "$docx_dir/word" "$docx_dir/_rels"
  cat >"$docx_dir/[Content_Types].xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
XML
  cat >"$docx_dir/word/document.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Recovery Coach</w:t></w:r></w:p><w:p><w:r><w:t>Duties</w:t></w:r></w:p><w:p><w:r><w:t>Ensures members take their medications as prescribed and reports missed doses to the psychiatrist.</w:t></w:r></w:p></w:body></w:document>
XML
  (cd "$docx_dir" && zip -q -r "$tmp/posting.docx" "[Content_Types].xml" word)
  clear=$(element '#clear')
  wd_post "/session/$session/element/$clear/click" '{}' >/dev/null
  file=$(element '#file')
  [ -n "$file" ] || fail "no file input #file"
  wd_post "/session/$session/element/$file/value" "{\"text\":\"$tmp/posting.docx\"}" >/dev/null
  wd_post "/session/$session/element/$button/click" '{}' >/dev/null
  up=""
  for _ in $(seq 1 100); do
    up=$(script "var v=document.getElementById('verdict');return v?v.textContent:'';" | field value)
    case "$up" in Conflict*) break ;; esac
    sleep 0.1
  done
  echo "docx verdict: $up" >>"$log"
  case "$up" in Conflict*) ;; *) fail "uploaded .docx: verdict text was '$up'" ;; esac
else
  echo "skipped the .docx upload: zip not installed" >>"$log"
fi

shot=$(wd_get "/session/$session/screenshot")
printf '%s' "$shot" | sed -n 's/.*"value" *: *"\([^"]*\)".*/\1/p' | base64 -d >"$png" 2>/dev/null || true
[ -s "$png" ] || fail "no screenshot"
head -c 8 "$png" | grep -q PNG || fail "the screenshot is not a PNG"
echo "ok: verdict and evidence shown; screenshot $png"
