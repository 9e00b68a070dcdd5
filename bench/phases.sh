#!/usr/bin/env bash
# Where the start-up time goes: `bin/nucleus run --timings` RUNS times (default 50), then the
# median of each phase. Writes bench/results/phases-<date>.md (OUT= overrides).
#   RUNS=50  OUT=path.md  ARGS='--memory 256M' (extra run flags)  CMD='/bin/true'
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
RUNS=${RUNS:-50}
OUT=${OUT:-$ROOT/bench/results/phases-$(date -u +%F).md}
CMD=${CMD:-/bin/true}
B=$ROOT/bench/.build
mkdir -p "$B" "$(dirname "$OUT")"
[[ -x $ROOT/distribution/target/nucleus/bin/nucleus ]] || { echo "[bench] no distribution: run make build" >&2; exit 1; }

: >"$B/phases.txt"
for ((i = 0; i < RUNS; i++)); do
  # shellcheck disable=SC2086 # ARGS is a list of flags
  "$ROOT/distribution/target/nucleus/bin/nucleus" run --timings ${ARGS:-} -- $CMD >/dev/null 2>"$B/one.txt" || true
  grep -E '^ *timing ' "$B/one.txt" >>"$B/phases.txt" || { echo "[bench] no timings from run $i:" >&2; cat "$B/one.txt" >&2; exit 1; }
done

# median per phase, in the order printed; indentation kept to show nesting
awk -v runs="$RUNS" '
  { match($0, /^ */); ind = RLENGTH; name = $2; v = $3
    if (!(name in seen)) { seen[name] = ++n; order[n] = name; depth[name] = ind }
    vals[name, ++count[name]] = v }
  END {
    for (i = 1; i <= n; i++) {
      name = order[i]; c = count[name]
      for (j = 1; j <= c; j++) a[j] = vals[name, j]
      for (j = 2; j <= c; j++) { x = a[j]; k = j - 1; while (k >= 1 && a[k] > x) { a[k + 1] = a[k]; k-- } a[k + 1] = x }
      med = (c % 2) ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
      pad = ""; for (d = 0; d < depth[name] / 2; d++) pad = pad "&nbsp;&nbsp;"
      printf "| %s%s | %.2f | %.2f | %.2f | %d |\n", pad, name, med, a[1], a[c], c
    }
  }' "$B/phases.txt" >"$B/phases-table.md"

{
  echo "# Start-up phases, $(date -u '+%F %H:%M UTC')"
  echo
  echo "\`bin/nucleus run --timings ${ARGS:-}-- $CMD\`, $RUNS runs, one after another."
  echo "Machine: $(uname -sr), $(nproc) cores, commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet -- . ':(exclude)bench/results' 2>/dev/null || echo ' (dirty)'), load before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| phase | median (ms) | min | max | runs |"
  echo "|---|---:|---:|---:|---:|"
  cat "$B/phases-table.md"
  echo
  echo "jvm = the launcher's exec of java to main; parse = main to a validated spec; launch = the"
  echo "backend's work: create (its steps below it), run (the workload), stop (teardown);"
  echo "total = main to the report. The launcher (bin/nucleus, a C program: a few system calls) is outside all of them."
} >"$OUT"
echo "[bench] wrote $OUT" >&2
cat "$OUT"
