#!/usr/bin/env bash
# A short load run of `peeraudit serve` on loopback with wrk: POSTs a typical
# posting (about 2 KB, several findings) to /api/audit for 10 s with 2 threads
# and 8 connections, and prints requests/s and the latency percentiles.
#
#   bench/serve_load.sh [<peeraudit-binary>] [<server threads>]
#
# Needs wrk (Debian: apt-get install wrk). The server runs with its default
# pool of 4 threads unless told otherwise; connections beyond the pool queue,
# and a full queue answers 503 (counted by wrk as "Non-2xx").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/peeraudit}
threads=${2:-4}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$bin" ] || { echo "no peeraudit binary at $bin" >&2; exit 2; }

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" serve --host 127.0.0.1 --port 0 --threads "$threads" >"$tmp/out" 2>"$tmp/err" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's#^peeraudit serving on http://127\.0\.0\.1:\([0-9][0-9]*\)$#\1#p' "$tmp/out")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "server did not start: $(cat "$tmp/err")" >&2; exit 1; }

# A typical posting: title, summary, duties (a setting and a duty), qualifications, benefits.
cat >"$tmp/posting.txt" <<'POSTING'
Peer Support Specialist

About Us
Riverbend Behavioral Health has served the county for forty years with outpatient, residential and crisis programs.

Summary
The Peer Support Specialist uses their own lived experience of mental health recovery to support adults
receiving services. This is a full-time position reporting to the Program Manager.

Essential Duties
- Provide peer support to adults on the locked acute psychiatric unit, five days a week.
- Encourage members to take their medications as prescribed and report non-compliance to the treatment team.
- Share recovery stories and lead a weekly wellness recovery action plan (WRAP) group.
- Help members connect with housing, benefits and community resources they choose.
- Document each contact in the electronic health record within 24 hours.
- Other duties as assigned.

Qualifications
- Lived experience of a mental health condition and willingness to share it.
- State peer specialist certification or ability to obtain it within six months.
- High school diploma or equivalent; valid driver's license.

Benefits
Medical, dental and vision insurance, 403(b) with match, paid time off, and tuition support.

Riverbend is an equal opportunity employer.
POSTING
cat >"$tmp/post.lua" <<LUA
local f = io.open("$tmp/posting.txt", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"
LUA

# One request first, to check the answer.
curl -sf -m 10 -H 'Content-Type: text/plain' --data-binary @"$tmp/posting.txt" "http://127.0.0.1:$port/api/audit" |
  grep -o '"verdict":"[a-z]*"' | head -1
echo "posting: $(wc -c <"$tmp/posting.txt") bytes; server threads: $threads"
wrk -t2 -c8 -d10s --latency -s "$tmp/post.lua" "http://127.0.0.1:$port/api/audit" | tee "$tmp/wrk.txt"
rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk.txt")
echo "summary: ${rps} requests/s, p50 ${p50}, p99 ${p99}"
