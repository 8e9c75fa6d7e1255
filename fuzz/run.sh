#!/usr/bin/env bash
# Builds the libFuzzer targets in build-fuzz (clang, ASan+UBSan) and runs each
# for SECONDS (default 600), JOBS at a time (default 2), with
# -max_len=65536 -timeout=10 -rss_limit_mb=2048.
#   fuzz/run.sh [SECONDS] [TARGET...]      targets: text html docx odt pdf jsonl csv rules audit
# Crashes, leaks, timeouts and OOMs land in build-fuzz/crashes/<target>/;
# the growing corpus in build-fuzz/corpus/<target>/ (seeded from
# fuzz/seeds/<target>/); logs in build-fuzz/logs/. Reproduce one with
#   build-fuzz/fuzz/fuzz_<target> build-fuzz/crashes/<target>/crash-...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(text html docx odt pdf jsonl csv rules audit)
B=${BUILD_DIR:-$root/build-fuzz}
jobs=${JOBS:-2}

CC=clang CXX=clang++ cmake -S "$root" -B "$B" -DPEERAUDIT_FUZZ=ON -DBUILD_TESTING=OFF -DPEERAUDIT_BENCH=OFF >/dev/null
cmake --build "$B" -j "$jobs" --target fuzz
[ -d "$root/fuzz/seeds/text" ] || "$root/fuzz/make_seeds.sh"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
mkdir -p "$B/logs"
run_one() {
  local t=$1
  mkdir -p "$B/corpus/$t" "$B/crashes/$t"
  cp -n "$root/fuzz/seeds/$t/"* "$B/corpus/$t/" 2>/dev/null || true
  local rc=0
  "$B/fuzz/fuzz_$t" "$B/corpus/$t" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$B/crashes/$t/" >"$B/logs/$t.log" 2>&1 || rc=$?
  local execs
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$B/logs/$t.log" | grep -o '[0-9]*$' || echo '?')
  local up
  up=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$B/logs/$t.log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo '?')
  echo "fuzz_$t: exit $rc, ${up}s, ${execs} execs, corpus $(ls "$B/corpus/$t" | wc -l), findings $(ls "$B/crashes/$t" | wc -l)"
}
export -f run_one
export B root secs
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}' | tee "$B/logs/summary.txt"
! grep -qv 'exit 0,.*findings 0$' "$B/logs/summary.txt"
