#!/usr/bin/env bash
# Throughput, memory and start-up benchmark for peeraudit (issue #7).
# See bench/README.md. Prints a Markdown report on standard output; progress
# goes to standard error.
#
# Environment (all optional):
#   BENCH_SIZES="1000 10000 100000"  corpus sizes (documents)
#   BENCH_THREADS="1 2"              values of -j (and rg --threads)
#   BENCH_RUNS=3                     runs per measurement; the fastest is kept
#   BENCH_SEED=42                    generator seed
#   BENCH_DATA=/tmp/peeraudit-bench  where corpora are generated and reused
#   BENCH_CLEAN=0                    1: delete the generated corpora at the end
#   BENCH_BUILD=1                    0: do not run cmake --build for peeraudit
#   BENCH_RG_UNICODE_MAX=1000        also time rg in its default Unicode mode
#                                    for sizes up to this (it is very slow)
#   BUILD_DIR=<repo>/build           build tree holding peeraudit
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
SIZES=${BENCH_SIZES:-1000 10000 100000}
THREADS=${BENCH_THREADS:-1 2}
RUNS=${BENCH_RUNS:-3}
SEED=${BENCH_SEED:-42}
DATA=${BENCH_DATA:-${TMPDIR:-/tmp}/peeraudit-bench}
RG_UNICODE_MAX=${BENCH_RG_UNICODE_MAX:-1000}
PEERAUDIT=$BUILD/peeraudit

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 2; }

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/peeraudit-bench-run.XXXXXX")
cleanup() {
  rm -rf "$SCRATCH"
  if [[ ${BENCH_CLEAN:-0} == 1 ]]; then rm -rf "$DATA"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- tools
need_pkgs=()
command -v rg >/dev/null 2>&1 || need_pkgs+=(ripgrep)
[[ -x /usr/bin/time ]] || need_pkgs+=(time)
if ((${#need_pkgs[@]})); then
  log "installing ${need_pkgs[*]}"
  SUDO=; [[ $(id -u) == 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq "${need_pkgs[@]}" >&2 ||
    die "could not install ${need_pkgs[*]}"
fi

# ---------------------------------------------------------------- build
if [[ ${BENCH_BUILD:-1} == 1 || ! -x $PEERAUDIT ]]; then
  if [[ ! -f $BUILD/CMakeCache.txt ]]; then
    log "configuring $BUILD"
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
  fi
  log "building peeraudit"
  cmake --build "$BUILD" --target peeraudit -j "$(nproc)" >&2
fi
[[ -x $PEERAUDIT ]] || die "$PEERAUDIT not found"

# The generator comes from the build tree when it has the target (configured
# after bench/ existed); otherwise it is compiled here on its own (no deps).
GEN=$BUILD/bench/peeraudit_gen
if ! cmake --build "$BUILD" --target peeraudit_gen >"$SCRATCH/gen-build.log" 2>&1 || [[ ! -x $GEN ]]; then
  GEN=$SCRATCH/peeraudit_gen
  log "compiling the generator in $SCRATCH (build tree has no peeraudit_gen target)"
  "${CXX:-c++}" -std=c++20 -O2 -o "$GEN" "$ROOT/bench/gen.cpp"
fi

# ---------------------------------------------------------------- helpers
now() { date +%s.%N; }
# fmt N DIGITS
fmt() { awk -v x="$1" -v d="$2" 'BEGIN { printf "%.*f", d, x }'; }

# measure OUT_PREFIX CMD...: runs CMD $RUNS times under /usr/bin/time -v,
# keeps the fastest wall time and the largest peak RSS (KB). Standard output
# goes to /dev/null through the shell (never "-o /dev/null": reports are
# written by temp file + rename). Exit status 0 or 1 is accepted (rg's 1 =
# no match).
measure() {
  local prefix=$1; shift
  local runs=$RUNS
  if [[ $prefix == rgu_m ]]; then runs=1; fi  # minutes per run: once is enough
  local best="" cpu="" rss=0 t0 t1 rc r dt c
  for ((r = 1; r <= runs; r++)); do
    t0=$(now)
    rc=0
    /usr/bin/time -v -o "$SCRATCH/time.txt" "$@" >/dev/null 2>"$SCRATCH/stderr.txt" || rc=$?
    t1=$(now)
    if ((rc > 1)); then
      cat "$SCRATCH/stderr.txt" >&2
      die "exit $rc: $*"
    fi
    dt=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
    c=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$SCRATCH/time.txt")
    if [[ -z $best ]] || awk -v a="$dt" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$dt; cpu=$c; fi
    local m
    m=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$SCRATCH/time.txt")
    ((m > rss)) && rss=$m
  done
  printf -v "${prefix}_s" '%s' "$best"
  printf -v "${prefix}_cpu" '%s' "$cpu"
  printf -v "${prefix}_rss" '%s' "$rss"
}

# ---------------------------------------------------------------- corpora
CORPUS=$ROOT/corpora
gen_stamp() {  # what a corpus depends on: generator source, input docs, seed, size
  { cat "$ROOT/bench/gen.cpp"; find "$CORPUS" -maxdepth 1 -type f \( -name '*.txt' -o -name '*.md' \) | LC_ALL=C sort | xargs cat; echo "seed=$SEED count=$1"; } |
    sha256sum | cut -c1-16
}
mkdir -p "$DATA"
for n in $SIZES; do
  [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || die "bad size '$n' in BENCH_SIZES"
  dir=$DATA/$n
  stamp=$(gen_stamp "$n")
  if [[ -f $dir/.stamp && $(cat "$dir/.stamp") == "$stamp" ]]; then
    log "reusing $dir"
  else
    log "generating $n documents in $dir"
    rm -rf "$dir"
    "$GEN" --corpus "$CORPUS" --out "$dir" --count "$n" --seed "$SEED" >&2
    echo "$stamp" >"$dir/.stamp"  # hidden: skipped by peeraudit; rg skips it too
  fi
done

"$PEERAUDIT" rules --export-patterns >"$SCRATCH/patterns.txt"
npat=$(wc -l <"$SCRATCH/patterns.txt")
((npat > 0)) || die "peeraudit rules --export-patterns printed no pattern"

# ---------------------------------------------------------------- start-up
log "start-up: peeraudit rules x10"
"$PEERAUDIT" rules >/dev/null  # warm the page cache
t0=$(now)
for _ in 1 2 3 4 5 6 7 8 9 10; do "$PEERAUDIT" rules >/dev/null; done
t1=$(now)
startup_ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 100 }')

# ---------------------------------------------------------------- runs
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
for n in $SIZES; do
  dir=$DATA/$n
  docs=$(find "$dir" -type f -name '*.txt' | wc -l)
  bytes=$(find "$dir" -type f -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.6f", b / 1e6 }')
  find "$dir" -type f -name '*.txt' -exec cat {} + >/dev/null  # warm the page cache
  for t in $THREADS; do
    log "size $n, -j $t: peeraudit"
    measure eng "$PEERAUDIT" audit "$dir" --format json -q --fail-on never -j "$t"
    log "size $n, -j $t: rg --no-unicode"
    measure rga rg --no-unicode --no-ignore -c -f "$SCRATCH/patterns.txt" --threads "$t" "$dir"
    rgu="—"; ratio_u="—"
    if ((n <= RG_UNICODE_MAX)); then
      log "size $n, -j $t: rg (Unicode)"
      measure rgu_m rg --no-ignore -c -f "$SCRATCH/patterns.txt" --threads "$t" "$dir"
      rgu=$(fmt "$rgu_m_s" 2)
      ratio_u=$(awk -v a="$eng_s" -v b="$rgu_m_s" 'BEGIN { printf "%.3f", a / b }')
    fi
    rows+=("| $n | $docs | $(fmt "$mb" 1) | $t | $(fmt "$eng_s" 2) \
| $(awk -v m="$mb" -v s="$eng_s" 'BEGIN { printf "%.1f", m / s }') \
| $(awk -v d="$docs" -v s="$eng_s" 'BEGIN { printf "%.0f", d / s }') \
| $(fmt "$eng_cpu" 2) | $(awk -v m="$mb" -v s="$eng_cpu" 'BEGIN { if (s > 0) printf "%.1f", m / s; else print "—" }') \
| $(awk -v k="$eng_rss" 'BEGIN { printf "%.1f", k / 1024 }') \
| $(fmt "$rga_s" 2) | $(awk -v a="$eng_s" -v b="$rga_s" 'BEGIN { printf "%.1f", a / b }') \
| $rgu | $ratio_u | $(awk -v k="$rga_rss" 'BEGIN { printf "%.1f", k / 1024 }') |")
  done
done

# ---------------------------------------------------------------- report
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
echo "## peeraudit benchmark"
echo
echo "- machine: $(nproc) CPUs ($cpu), $mem RAM, $(uname -sr); load average before the runs: $LOAD0, after: $(cut -d' ' -f1-3 /proc/loadavg)"
version=$("$PEERAUDIT" --version 2>/dev/null || true)
ruleset=$("$PEERAUDIT" rules 2>/dev/null || true)  # whole output: a closed pipe would upset it
echo "- peeraudit: ${version%%$'\n'*}; ${ruleset%%$'\n'*}; $npat trigger patterns"
echo "- ripgrep: $(rg --version | head -1); corpus seed $SEED; best of $RUNS run(s), warm page cache"
echo "- start-up (\`peeraudit rules\`: load + compile the ruleset), mean of 10: **$startup_ms ms**"
echo
echo "| size | docs | MB | threads | seconds | MB/s | docs/s | CPU s | MB/CPU-s | peak RSS MB | rg s | engine/rg | rg unicode s | engine/rg unicode | rg RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
