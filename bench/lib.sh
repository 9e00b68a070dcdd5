# Shared by the bench/*.sh scripts (sourced, not run).

# The machine rows of a results table ("| machine | |" header included): kernel, cores and CPU,
# memory, the commit (dirty or not). ROOT must be the repository root.
machine_rows() {
  echo "| machine | |"
  echo "|---|---|"
  echo "| kernel | $(uname -sr) |"
  echo "| cores | $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')) |"
  echo "| memory | $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) |"
  echo "| commit | $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet -- . ':(exclude)bench/results' 2>/dev/null || echo ' (dirty)') |"
}

# A "Notes:" list of the arguments, when there are any.
notes_section() {
  (($#)) || return 0
  echo
  echo "Notes:"
  for n in "$@"; do echo "- $n"; done
}

# Interleaved timing: ROUNDS rounds, each running every command once through RUNNER (a function
# given one command string), so a slow stretch of this shared VM hits all of them alike. Each
# run's wall time (ms, $EPOCHREALTIME around a plain fork+exec) goes to TSV as "index<TAB>ms".
#   interleave TSV ROUNDS RUNNER CMD...
interleave() {
  local tsv=$1 rounds=$2 runner=$3 r i t0 t1 cmd
  shift 3
  : >"$tsv"
  for ((r = 0; r < rounds; r++)); do
    i=0
    for cmd in "$@"; do
      t0=$EPOCHREALTIME
      "$runner" "$cmd" >/dev/null 2>&1 </dev/null || true
      t1=$EPOCHREALTIME
      printf '%s\t%s\n' "$i" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) * 1000}')" >>"$tsv"
      i=$((i + 1))
    done
  done
}

# The median (ms) of command INDEX's runs in an interleave TSV; nothing when it has none.
#   tsv_median TSV INDEX
tsv_median() {
  awk -F'\t' -v i="$2" '$1 == i {print $2}' "$1" | sort -n |
    awk '{v[NR] = $1} END {if (NR == 0) exit; print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}

# A table's rows of each command's median against the first command's (the bare run), from an
# interleave TSV, one row per name, in order.
#   against_first_rows TSV NAME...
against_first_rows() {
  local tsv=$1 first i m
  shift
  first=$(tsv_median "$tsv" 0)
  echo "| command | median (ms) | − bare run (ms) | × bare run |"
  echo "|---|---:|---:|---:|"
  i=0
  for name in "$@"; do
    m=$(tsv_median "$tsv" "$i")
    awk -v n="$name" -v m="$m" -v b="$first" 'BEGIN {printf "| `%s` | %.1f | %+.1f | %.2f |\n", n, m, m - b, m / b}'
    i=$((i + 1))
  done
}

# The set-up of a script that times launches against a bare one (documents.sh, options.sh): DIST,
# B (its build directory, emptied, with B/state), ROUNDS (default 20), OUT (default
# bench/results/NAME-<date>.md) and N (bin/nucleus rooted at B/state). Needs root and a build.
#   launch_bench_setup NAME
launch_bench_setup() {
  DIST=$ROOT/distribution/target/nucleus
  B=$ROOT/bench/.build/$1
  ROUNDS=${ROUNDS:-20}
  OUT=${OUT:-$ROOT/bench/results/$1-$(date -u +%F).md}
  [[ -x $DIST/bin/nucleus ]] || { printf '[bench] no distribution at %s: run make build\n' "$DIST" >&2; exit 1; }
  [[ $(id -u) -eq 0 ]] || { printf '[bench] needs root (the runs are real launches)\n' >&2; exit 1; }
  rm -rf "$B" && mkdir -p "$B/state" "$(dirname "$OUT")"
  N="$DIST/bin/nucleus --root $B/state"
}

# Each command once first (one that fails is named and ends the script: it is not timed), then
# ROUNDS interleaved rounds of them, through bash -c (a command's fd redirections are its own),
# into B/times.tsv.
#   time_launches CMD...
time_launches() {
  local cmd
  for cmd in "$@"; do
    bash -c "$cmd" >/dev/null 2>"$B/err" </dev/null ||
      { printf '[bench] failed: %s: %s\n' "$cmd" "$(head -c 300 "$B/err")" >&2; exit 1; }
  done
  printf '[bench] %s commands x %s rounds, interleaved\n' "$#" "$ROUNDS" >&2
  interleave "$B/times.tsv" "$ROUNDS" run_in_bash "$@"
}
run_in_bash() { bash -c "$1"; }

# The table rows of the rounds and of the load before, for under machine_rows.
rounds_rows() {
  echo "| rounds | $ROUNDS, interleaved (each round runs every command once, through bash -c, timed with \$EPOCHREALTIME) |"
  echo "| load average before | $(cut -d' ' -f1-3 /proc/loadavg) |"
}

# The head of a launch table: its title with the time, the machine, the rounds, and each command's
# median against the bare run's (B/times.tsv), one row per name.
#   launch_table TITLE NAME...
launch_table() {
  echo "# $1, $(date -u '+%F %H:%M UTC')"
  shift
  echo
  machine_rows
  rounds_rows
  echo
  against_first_rows "$B/times.tsv" "$@"
}
