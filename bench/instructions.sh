#!/usr/bin/env bash
# Instructions per posting, for the whole run and per stage, counted by
# callgrind (valgrind) on one thread with --format json. Unlike wall-clock
# time these counts are the same on a busy or shared machine, so they are the
# figures to compare one change with the next (README, "Performance").
#
#   bench/instructions.sh [DOCS]      DOCS: corpus size, default 10000
#
# The corpus is the one bench/run.sh generates (same folder, same seed); it is
# generated first when missing. Environment: BUILD_DIR (default <repo>/build),
# BENCH_DATA (default /tmp/peeraudit-bench). Takes about 5 s per 1,000 postings.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
DATA=${BENCH_DATA:-${TMPDIR:-/tmp}/peeraudit-bench}
N=${1:-10000}
PEERAUDIT=$BUILD/peeraudit

die() { printf '[instructions] error: %s\n' "$*" >&2; exit 2; }
[[ $N =~ ^[0-9]+$ && $N -gt 0 ]] || die "bad size '$N'"
command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null || die "valgrind is not installed"
[[ -x $PEERAUDIT ]] || die "$PEERAUDIT not found (build first: cmake --build build)"
if [[ ! -f $DATA/$N/.stamp ]]; then
  printf '[instructions] generating %s postings with bench/run.sh\n' "$N" >&2
  BENCH_SIZES=$N BENCH_THREADS=1 BENCH_RUNS=1 BENCH_RG_UNICODE_MAX=0 BENCH_BUILD=0 BUILD_DIR=$BUILD \
    BENCH_DATA=$DATA "$ROOT/bench/run.sh" >/dev/null
fi

out=$(mktemp "${TMPDIR:-/tmp}/peeraudit-callgrind.XXXXXX")
trap 'rm -f "$out"' EXIT
printf '[instructions] callgrind over %s postings (one thread)\n' "$N" >&2
valgrind --tool=callgrind --callgrind-out-file="$out" \
  "$PEERAUDIT" audit -q -j1 --fail-on never --format json "$DATA/$N" >/dev/null 2>"$out.log" ||
  { cat "$out.log" >&2; rm -f "$out.log"; die "the audit failed under valgrind"; }
rm -f "$out.log"

report=$(callgrind_annotate --inclusive=yes "$out" 2>/dev/null)
# The largest inclusive count of a function whose name holds $1 (callgrind
# may list a function under more than one file name).
count() {
  grep -F -- "$1" <<<"$report" | grep -v '=>' | awk '{ gsub(",", "", $1); if ($1 + 0 > m) m = $1 + 0 } END { print m + 0 }'
}
total=$(grep -F 'PROGRAM TOTALS' <<<"$report" | awk '{ gsub(",", "", $1); print $1 }')
row() {  # label count
  awk -v l="$1" -v c="$2" -v n="$N" 'BEGIN { printf "| %s | %.0f | %.1fk |\n", l, c, c / n / 1000 }'
}
echo "Instructions, $N postings, one thread, --format json ($(basename "$PEERAUDIT") $("$PEERAUDIT" --version | awk '{ print $2 }'))"
echo
echo "| stage | instructions | per posting |"
echo "|---|---:|---:|"
row "ingest (read, lines, sections)" "$(count 'peeraudit::ingest::read_path(')"
row "sentences" "$(count 'peeraudit::match::split_sentences(')"
row "match (scan)" "$(count 'peeraudit::match::CompiledRuleset::scan(peeraudit::Document const&, std::vector')"
row "judge" "$(count 'peeraudit::judge::Judge::judge(')"
row "JSON report" "$(count 'JsonWriter::render(')"
row "start-up (load and compile the ruleset)" "$(count 'peeraudit::app::Engine::load(')"
row "whole run" "$total"
