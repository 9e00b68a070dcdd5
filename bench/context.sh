#!/usr/bin/env bash
# Context population benchmark: `cp -a` of a 10,000-file, 200 MiB tree against `bin/nucleus run
# --context` in copy mode and in bind mode, in ONE hyperfine invocation (--warmup 1, RUNS runs
# each). The population time of a mode = its median minus the median of the same run without
# --context. Writes bench/results/context-<date>.md.
#   RUNS=5 (default)   OUT=path/to/file.md (default bench/results/context-YYYY-MM-DD.md)
# Needs root (it mounts a tmpfs under bench/.build and unmounts it at the end).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
DIST=$ROOT/distribution/target/nucleus
B=$ROOT/bench/.build
RUNS=${RUNS:-5}
OUT=${OUT:-$ROOT/bench/results/context-$(date -u +%F).md}
NUCLEUS=$ROOT/bin/nucleus
TREE=$B/context-tree           # the cached source tree (generated once)
MARK=$B/context-tree.marker    # its spec; a tree without the matching marker is rebuilt
TINY=$B/context-tiny           # a one-file tree: bind mode's O(1) check
MNT=$B/context-tmpfs           # the tmpfs every copy lands on (cp -a and nucleus's staging)
SEED=20261128 FILES=10000 BYTES=$((200 * 1024 * 1024))
SPEC="context-tree v1 seed=$SEED files=$FILES bytes=$BYTES"
log() { printf '[bench] %s\n' "$*" >&2; }

for t in hyperfine jq python3; do
  command -v "$t" >/dev/null || { log "$t is missing: run scripts/setup.sh (as root)"; exit 1; }
done
[[ -x $DIST/bin/nucleus ]] || { log "no distribution at $DIST: run make build"; exit 1; }
[[ $(id -u) -eq 0 ]] || { log "run as root (mounts a tmpfs; nucleus run needs it)"; exit 1; }
mkdir -p "$B" "$(dirname "$OUT")"

# --- the tree: deterministic (seeded PRNG), generated once and cached
tree_stats() { find "$1" -type f -printf '%s\n' | awk '{ n++; s += $1 } END { printf "%d %d\n", n, s }'; }
if [[ -d $TREE && -f $MARK && $(cat "$MARK") == "$SPEC" && $(tree_stats "$TREE") == "$FILES $BYTES" ]]; then
  log "using the cached tree $TREE"
else
  log "generating $TREE ($FILES files, $BYTES bytes, seed $SEED)"
  rm -rf "$TREE" "$TREE.tmp" "$MARK"
  python3 - "$TREE.tmp" "$SEED" "$FILES" "$BYTES" <<'PY'
import os, random, sys
out, seed, files, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
r = random.Random(seed)
KiB, MiB = 1024, 1024 * 1024
# Names avoid everything ContextPolicy excludes (target, node_modules, *.key, *secret*, ...), so
# the nucleus copy and cp -a move the same files.
TOP = ["src", "docs", "tests", "lib", "tools", "web", "scripts", "examples"]
L2 = ["api", "core", "util", "model", "net", "io", "cli", "ui", "store", "auth"]
L3 = ["alpha", "beta", "gamma", "delta", "impl", "common", "shared", "base"]
L4 = ["v1", "v2", "internal", "legacy"]
EXT = ["java", "py", "ts", "md", "txt", "json", "c", "h", "go", "rs", "yaml", "toml", "sh", "html"]
WORDS = ["return", "value", "index", "buffer", "count", "result", "config", "parse", "handle", "stream",
         "node", "token", "error", "state", "update", "render", "query", "cache", "item", "list", "map",
         "size", "offset", "request", "response", "client", "server", "event", "task", "worker", "=", "+",
         "(", ")", "{", "}", ";", "if", "for", "while", "else", "0", "1", "42", "null", "true", "false"]
# dirs holding the small files: depth 3 (top/l2/l3) and depth 4 (top/l2/l3/l4)
dirs = []
for t in TOP:
    for a in r.sample(L2, 4):
        for b in r.sample(L3, 4):
            dirs.append(f"{t}/{a}/{b}")
            if r.random() < 0.5:
                dirs += [f"{t}/{a}/{b}/{c}" for c in r.sample(L4, 2)]
n_large, n_medium = 10, 90
n_small = files - n_medium - n_large
small = [r.randint(1 * KiB, 8 * KiB) for _ in range(n_small)]
medium = [r.randint(100 * KiB, 1 * MiB) for _ in range(n_medium)]
large = [r.randint(4 * MiB, 16 * MiB) for _ in range(n_large - 1)]
last = total - sum(small) - sum(medium) - sum(large)   # the last large file makes the total exact
assert 2 * MiB <= last <= 32 * MiB, last
large.append(last)
# small files: slices of a seeded pseudo-source text pool
lines, size = [], 0
while size < 4 * MiB:
    line = " " * (4 * r.randint(0, 3)) + " ".join(r.choices(WORDS, k=r.randint(2, 12))) + "\n"
    lines.append(line); size += len(line)
pool = "".join(lines).encode()
def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
for i, s in enumerate(small):
    d = r.choice(dirs)
    off = r.randint(0, len(pool) - s)
    write(f"{out}/{d}/{r.choice(WORDS[:30])}_{i:05d}.{r.choice(EXT)}", pool[off:off + s])
for i, s in enumerate(medium):   # medium binaries: assets next to the sources
    write(f"{out}/assets/{r.choice(L2)}/{r.choice(L3)}/asset_{i:03d}.{r.choice(['png', 'bin', 'dat', 'woff2'])}",
          r.randbytes(s))
for i, s in enumerate(large):    # a few large ones: datasets, archives
    write(f"{out}/data/{r.choice(L2)}/{r.choice(L3)}/blob_{i:02d}.{r.choice(['tar', 'parquet', 'db'])}",
          r.randbytes(s))
PY
  got=$(tree_stats "$TREE.tmp")
  [[ $got == "$FILES $BYTES" ]] || { log "generated tree has files/bytes $got, want $FILES $BYTES"; exit 1; }
  mv "$TREE.tmp" "$TREE"
  echo "$SPEC" >"$MARK"
fi
read -r nfiles nbytes < <(tree_stats "$TREE")
ndirs=$(find "$TREE" -mindepth 1 -type d | wc -l)
depths=$(find "$TREE" -type f -printf '%d\n' | sort -n | uniq -c | awk '{ printf "%s%d in directories %d levels deep", (NR > 1 ? ", " : ""), $1, $2 - 1 }')
small=$(find "$TREE" -type f -size -9k | wc -l)
medium=$(find "$TREE" -type f -size +99k -size -1025k | wc -l)
large=$(find "$TREE" -type f -size +1024k | wc -l)
rm -rf "$TINY" && mkdir -p "$TINY" && echo tiny >"$TINY/one.txt"

# --- the tmpfs: cp -a's destination and nucleus's state directory (where it stages the copy);
# this host's /run is not necessarily a tmpfs, and both copies must land on the same file system
cleanup() {
  if mountpoint -q "$MNT"; then
    rm -rf "${MNT:?}"/* 2>/dev/null || true
    umount "$MNT" || log "could not unmount $MNT"
  fi
  rmdir "$MNT" 2>/dev/null || true
}
trap cleanup EXIT
if mountpoint -q "$MNT"; then umount "$MNT"; fi
mkdir -p "$MNT"
mount -t tmpfs -o size=2g,mode=0755 nucleus-bench-context "$MNT"
STATE=$MNT/state
mkdir -p "$STATE"
N="$NUCLEUS --root $STATE run"
ps_before=$("$NUCLEUS" ps --all | tail -n +2 | wc -l)

# --- sanity: the nucleus copy must hold every file (no policy exclusion), bind likewise
for mode in copy bind; do
  $N --context "$TREE" --context-mode "$mode" -- find /context -type f -printf '%s\n' >"$B/context-sizes.txt" 2>"$B/context-run.err" ||
    { log "nucleus run --context-mode $mode failed:"; cat "$B/context-run.err" >&2; exit 1; }
  got=$(awk '{ n++; s += $1 } END { printf "%d %d\n", n, s }' "$B/context-sizes.txt")
  [[ $got == "$nfiles $nbytes" ]] || { log "/context in $mode mode holds '$got', want '$nfiles $nbytes'"; exit 1; }
done
# one --timings run with the copy, for the report (where the time goes inside nucleus)
$N --timings --context "$TREE" -- /bin/true 2>"$B/context-timings.txt" >/dev/null || true
# The population alone: --timings's `plan` step (where the context is copied) with and without the
# context, and its `stop` step (where the staged copy is removed), RUNS alternating pairs.
: >"$B/phase-with.txt"
: >"$B/phase-without.txt"
for ((i = 0; i < RUNS; i++)); do
  $N --timings --context "$TREE" -- /bin/true 2>&1 >/dev/null | grep -E '^ *timing (plan|stop) ' >>"$B/phase-with.txt" || true
  $N --timings -- /bin/true 2>&1 >/dev/null | grep -E '^ *timing (plan|stop) ' >>"$B/phase-without.txt" || true
done
# Bind mode's check alone: the `plan` step (where the tree is walked for symlinks and special
# files) with the 10,000-file tree and with the one-file tree, RUNS alternating pairs.
: >"$B/phase-bind-tree.txt"
: >"$B/phase-bind-tiny.txt"
for ((i = 0; i < RUNS; i++)); do
  $N --timings --context "$TREE" --context-mode bind -- /bin/true 2>&1 >/dev/null | grep -E '^ *timing plan ' >>"$B/phase-bind-tree.txt" || true
  $N --timings --context "$TINY" --context-mode bind -- /bin/true 2>&1 >/dev/null | grep -E '^ *timing plan ' >>"$B/phase-bind-tiny.txt" || true
done
phase_median() { awk -v p="$1" '$2 == p { print $3 }' "$2" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# --- one hyperfine invocation; --prepare once per command (rm -rf of the previous cp -a copy)
names=() cmds=() preps=()
add() { names+=("$1"); preps+=("$2"); cmds+=("$3"); }
add "cp -a (tmpfs)" "rm -rf $MNT/cp" "cp -a $TREE $MNT/cp"
add "rm -rf of a cp -a copy (tmpfs)" "cp -a $TREE $MNT/rm" "rm -rf $MNT/rm"
add "nucleus run (no context)" "true" "$N -- /bin/true"
add "nucleus run --context (copy)" "true" "$N --context $TREE -- /bin/true"
add "nucleus run --context --context-mode bind" "true" "$N --context $TREE --context-mode bind -- /bin/true"
add "nucleus run --context-mode bind, 1-file tree" "true" "$N --context $TINY --context-mode bind -- /bin/true"
args=()
for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" --prepare "${preps[$i]}" "${cmds[$i]}"); done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "hyperfine: ${#cmds[@]} commands x $RUNS runs"
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$B/context.json" "${args[@]}" >&2
rm -rf "${MNT:?}/cp" "${MNT:?}/rm"

# --- leftovers: no container state or staged copy in our state dir, nothing new in the default one
leftover=$(find "$STATE" -mindepth 1 -maxdepth 1 ! -name '.*' | wc -l)
ps_after=$("$NUCLEUS" ps --all | tail -n +2 | wc -l)
notes=()
((leftover == 0)) || notes+=("**$leftover** container directories left in the state dir after the runs: $(ls "$STATE" | head -5 | tr '\n' ' ')")
((ps_after == ps_before)) || notes+=("\`nucleus ps --all\` lists $ps_before containers before, $ps_after after")

# --- derived numbers (seconds, from the medians)
med() { jq --arg n "$1" '.results[] | select(.command == $n) | .median' "$B/context.json"; }
cp_s=$(med "cp -a (tmpfs)")
rm_s=$(med "rm -rf of a cp -a copy (tmpfs)")
base_s=$(med "nucleus run (no context)")
copy_s=$(med "nucleus run --context (copy)")
bind_s=$(med "nucleus run --context --context-mode bind")
tiny_s=$(med "nucleus run --context-mode bind, 1-file tree")
sd() { jq --arg n "$1" '.results[] | select(.command == $n) | .stddev // 0' "$B/context.json"; }
cp_sd=$(sd "cp -a (tmpfs)") base_sd=$(sd "nucleus run (no context)") copy_sd=$(sd "nucleus run --context (copy)")
bind_sd=$(sd "nucleus run --context --context-mode bind") tiny_sd=$(sd "nucleus run --context-mode bind, 1-file tree")
calc() { awk "BEGIN { $1 }"; }
# the sd of a difference of two independent timings
dsd() { calc "printf \"%.1f\", sqrt(($1) ^ 2 + ($2) ^ 2) * 1000"; }
mb=$(calc "printf \"%.1f\", $nbytes / 1e6")
pop_copy=$(calc "printf \"%.4f\", $copy_s - $base_s")
pop_bind=$(calc "printf \"%.4f\", $bind_s - $base_s")
bind_tree=$(calc "printf \"%.4f\", $bind_s - $tiny_s")
tp_cp=$(calc "printf \"%.0f\", $nbytes / 1e6 / $cp_s")
tp_cprm=$(calc "printf \"%.0f\", $nbytes / 1e6 / ($cp_s + $rm_s)")
tp_copy=$(calc "if ($pop_copy > 0) printf \"%.0f\", $nbytes / 1e6 / $pop_copy; else print \"inf\"")
ratio=$(calc "if ($pop_copy > 0) printf \"%.2f\", $cp_s / $pop_copy; else print \"inf\"")
ratio_rm=$(calc "if ($pop_copy > 0) printf \"%.2f\", ($cp_s + $rm_s) / $pop_copy; else print \"inf\"")
ms() { calc "printf \"%.1f\", ($1) * 1000"; }
plan_pop=$(calc "printf \"%.4f\", ($(phase_median plan "$B/phase-with.txt") - $(phase_median plan "$B/phase-without.txt")) / 1000")
stop_extra=$(calc "printf \"%.4f\", ($(phase_median stop "$B/phase-with.txt") - $(phase_median stop "$B/phase-without.txt")) / 1000")
bind_walk=$(calc "printf \"%.4f\", ($(phase_median plan "$B/phase-bind-tree.txt") - $(phase_median plan "$B/phase-bind-tiny.txt")) / 1000")
entries=$((nfiles + ndirs))
tp_plan=$(calc "if ($plan_pop > 0) printf \"%.0f\", $nbytes / 1e6 / $plan_pop; else print \"inf\"")
ratio_plan=$(calc "if ($plan_pop > 0) printf \"%.2f\", $cp_s / $plan_pop; else print \"inf\"")
plan_ok=$(calc "print ($plan_pop > 0 && $cp_s / $plan_pop >= 0.9) ? \"meets\" : \"misses\"")
copy_ok=$(calc "print ($pop_copy > 0 && $cp_s / $pop_copy >= 0.9) ? \"meets\" : \"misses\"")
# O(1): bind with the 10,000-file tree costs no more than with one file, within 10 ms or 5 % of the run
bind_ok=$(calc "print ($bind_tree <= 0.010 || $bind_tree <= 0.05 * $tiny_s) ? \"O(1)\" : \"not O(1)\"")

{
  echo "# Context population benchmark, $(date -u '+%F %H:%M UTC')"
  echo
  machine_rows
  echo "| hyperfine | $(hyperfine --version) (-N, --warmup 1, --runs $RUNS, one invocation) |"
  echo "| load average before | $load_before |"
  echo "| source tree | \`bench/.build/context-tree\` on $(findmnt -no FSTYPE -T "$TREE") (page cache warm) |"
  echo "| destination | a tmpfs at \`bench/.build/context-tmpfs\`: cp -a's target, and nucleus's state dir (\`--root\`), where it stages the copy |"
  echo
  echo "Tree: $nfiles files, $nbytes bytes ($mb MB, $(calc "printf \"%.1f\", $nbytes / 1048576") MiB), $ndirs directories;"
  echo "$small text files of 1–8 KiB, $medium of 100 KiB–1 MiB, $large of 4–16 MiB; $depths."
  echo "Generated by python3's seeded PRNG (seed $SEED), no name that the context filter excludes."
  echo
  echo "| command | median (ms) | mean ± sd (ms) | min (ms) | max (ms) |"
  echo "|---|---:|---:|---:|---:|"
  jq -r '.results[] | "| \(.command) | \(.median*1000*10|round/10) | \(.mean*1000*10|round/10) ± \(.stddev*1000*10|round/10) | \(.min*1000*10|round/10) | \(.max*1000*10|round/10) |"' \
    "$B/context.json"
  echo
  echo "Commands: \`cp -a TREE DEST\`; \`bin/nucleus --root STATE run [--context TREE [--context-mode bind]] -- /bin/true\`."
  echo
  echo "| derived (from medians) | ms | ± sd (ms) | MB/s | × cp -a |"
  echo "|---|---:|---:|---:|---:|"
  echo "| cp -a | $(ms "$cp_s") | $(ms "$cp_sd") | $tp_cp | 1 |"
  echo "| cp -a, then rm -rf (what nucleus does: it removes its copy at teardown) | $(ms "$cp_s + $rm_s") | – | $tp_cprm | $(calc "printf \"%.2f\", $cp_s / ($cp_s + $rm_s)") |"
  echo "| **nucleus copy mode, population: \`plan\` step with the context − without (--timings medians)** | $(ms "$plan_pop") | – | $tp_plan | $ratio_plan |"
  echo "| nucleus copy mode, teardown: \`stop\` step with − without (the staged copy removed) | $(ms "$stop_extra") | – | – | – |"
  echo "| nucleus copy mode, end to end: run with the context − run without (population, teardown, cold JVM code) | $(ms "$pop_copy") | $(dsd "$copy_sd" "$base_sd") | $tp_copy | $ratio |"
  echo "| nucleus bind mode: run with the context − run without | $(ms "$pop_bind") | $(dsd "$bind_sd" "$base_sd") | – | – |"
  echo "| nucleus bind mode: 10,000-file tree − 1-file tree | $(ms "$bind_tree") | $(dsd "$bind_sd" "$tiny_sd") | – | – |"
  echo "| nucleus bind mode, the check alone: \`plan\` step, 10,000-file tree − 1-file tree (--timings medians) | $(ms "$bind_walk") | – | – | – |"
  echo
  echo "× cp -a is the ratio of throughputs (cp -a time / nucleus time); against cp -a followed by rm -rf it is $ratio_rm."
  echo "A population time is a difference of two medians; its ± is the two runs' sd combined (sqrt of the sum of squares)."
  echo
  echo "**Verdict:** populating /context runs at $tp_plan MB/s = ${ratio_plan}× cp -a ($tp_cp MB/s): it $plan_ok the target (≥ 0.9×); end to end, with the copy's removal at teardown, ${ratio}× ($copy_ok); bind mode costs $(ms "$pop_bind") ms over no context and $(ms "$bind_tree") ms more for 10,000 files than for one: $bind_ok at the scale of a run (within 10 ms or 5 %). Its check is still a walk, linear in the tree: $(ms "$bind_walk") ms for $entries entries ($(calc "printf \"%.2f\", $bind_walk * 1e6 / $entries") µs each), which refuses symlinks and special files (a unix socket would stay reachable through a read-only mount)."
  echo
  echo "One \`--timings\` run of the copy (ms): the context is copied inside \`plan\` and its staged copy removed inside \`stop\`:"
  echo
  echo '```'
  grep -E '^ *timing ' "$B/context-timings.txt" || echo "(no timings: $(head -c 200 "$B/context-timings.txt"))"
  echo '```'
  notes_section "${notes[@]}"
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
