#!/usr/bin/env bash
# Startup benchmark: bin/nucleus against the JVM floor and the container peers, in ONE
# hyperfine invocation (-N, --warmup 3, RUNS runs each). Writes bench/results/startup-<date>.md.
#   RUNS=30 (default)   ROUNDS=30 (interleaved cross-check)   OUT=path/to/file.md (default bench/results/startup-YYYY-MM-DD.md)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DIST=$ROOT/distribution/target/nucleus
B=$ROOT/bench/.build
RUNS=${RUNS:-30}
OUT=${OUT:-$ROOT/bench/results/startup-$(date -u +%F).md}
log() { printf '[bench] %s\n' "$*" >&2; }

for t in hyperfine jq; do
  command -v "$t" >/dev/null || { log "$t is missing: run scripts/setup.sh (as root)"; exit 1; }
done
[[ -x $DIST/bin/nucleus ]] || { log "no distribution at $DIST: run make build"; exit 1; }
mkdir -p "$B" "$(dirname "$OUT")"

# The launcher's exact JVM flags, read from the generated launcher script (single source: the pom;
# bin/nucleus has the same flags compiled in).
FLAGS=$(sed -n 's/^set -- "\$JAVA" \(.*\) "-Dnucleus.home=.*/\1/p' "$DIST/lib/nucleus-launch.sh")
[[ -n $FLAGS ]] || { log "could not read the JVM flags from $DIST/lib/nucleus-launch.sh"; exit 1; }
# The distribution's launcher, as installed; the repository's bin/nucleus only adds a dash exec.
NUCLEUS=$DIST/bin/nucleus
JAVA=$DIST/runtime/bin/java

# --- JVM floor: Hello, with the jlinked runtime + launcher flags + its own AOT cache, and plain.
cat >"$B/Hello.java" <<'J'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
J
rm -rf "$B/hello" && "$JDK/bin/javac" --release 25 -d "$B/hello" "$B/Hello.java"
"$JDK/bin/jar" cf "$B/hello.jar" -C "$B/hello" .
rm -f "$B/hello.aot"
# shellcheck disable=SC2086
"$JAVA" $FLAGS -XX:AOTCacheOutput="$B/hello.aot" -cp "$B/hello.jar" Hello >/dev/null 2>"$B/hello-train.err" ||
  { log "Hello AOT training failed:"; cat "$B/hello-train.err" >&2; exit 1; }

names=() cmds=() notes=()
add() { names+=("$1"); cmds+=("$2"); }
add "JVM floor: Hello, jlink+flags+AOT" "$JAVA $FLAGS -XX:AOTCache=$B/hello.aot -cp $B/hello.jar Hello"
add "Hello, plain java (JDK 25, defaults)" "$JDK/bin/java -cp $B/hello.jar Hello"
add "bin/nucleus --version" "$NUCLEUS --version"
add "bin/nucleus --version, NUCLEUS_NO_AOT=1" "env NUCLEUS_NO_AOT=1 $NUCLEUS --version"
# The nucleus commands under test; one that fails is timed anyway (hyperfine -i) and reported.
ignore=()
nucleus_case() {
  local label=$1; shift
  local rc=0
  "$NUCLEUS" "$@" >/dev/null 2>"$B/run.err" || rc=$?
  if [[ $rc -ne 0 ]]; then
    ignore=(-i)
    notes+=("\`bin/nucleus $*\` exits **$rc** on this build (timed anyway, with hyperfine -i): $(head -c 200 "$B/run.err" | tr '\n' ' ')")
  fi
  add "$label" "$NUCLEUS $*"
}
# A busybox rootfs: production's rootfs and the peers' bundle.
BUSYBOX=$(command -v busybox || true)
if [[ -n $BUSYBOX ]] && file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked'; then
  rm -rf "$B/rootfs" && mkdir -p "$B/rootfs/bin" "$B/rootfs/proc" "$B/rootfs/dev" "$B/rootfs/tmp"
  cp "$BUSYBOX" "$B/rootfs/bin/busybox"
  for a in sh true; do ln -s busybox "$B/rootfs/bin/$a"; done
else
  BUSYBOX=""
  notes+=("busybox-static not installed: the production row and the runc, runsc and bwrap peers are skipped")
fi

nucleus_case "bin/nucleus run --dry-run --memory 512M -- /bin/true" run --dry-run --memory 512M -- /bin/true
nucleus_case "bin/nucleus run -- /bin/true (agent, native)" run -- /bin/true
nucleus_case "bin/nucleus run (strict-agent, trusted, native)" run --service-mode strict-agent --trust-level trusted -- /bin/true
if [[ -n $BUSYBOX ]]; then
  # Production runs a rootfs from the Nix store, attested: the busybox one, built by Nix.
  NIX_ROOTFS=$("$ROOT/scripts/nix-busybox-rootfs.sh" --out-link "$B/nix-rootfs")
  nucleus_case "bin/nucleus run (production, Nix busybox rootfs, --memory 256M --cpus 1, attested)" run \
    --service-mode production --trust-level trusted --rootfs "$NIX_ROOTFS" --verify-rootfs-attestation \
    --memory 256M --cpus 1 -- /bin/true
fi
GVISOR_NAME=""
if command -v runsc >/dev/null; then
  GVISOR_NAME="bin/nucleus run --runtime gvisor (agent, busybox rootfs)"
  nucleus_case "$GVISOR_NAME" run --runtime gvisor --rootfs "$B/rootfs" -- /bin/true
else
  notes+=("runsc not installed: the gVisor rows are skipped")
fi
peer_ok() { "$@" >/dev/null 2>"$B/peer.err"; }
RUNC_NAME=""
if [[ -n $BUSYBOX ]] && command -v runc >/dev/null; then
  rm -rf "$B/runc" && mkdir -p "$B/runc"
  (cd "$B/runc" && runc spec)
  jq --arg rootfs "$B/rootfs" '.process.args=["/bin/true"] | .process.terminal=false | .root={path: $rootfs, readonly: true}' \
    "$B/runc/config.json" >"$B/runc/c.json"
  mv "$B/runc/c.json" "$B/runc/config.json"
  rc_cmd="runc run --bundle $B/runc nucleus-bench-$$"
  if peer_ok $rc_cmd; then RUNC_NAME="runc run (busybox bundle, /bin/true)"; add "$RUNC_NAME" "$rc_cmd"
  else notes+=("runc present but \`$rc_cmd\` failed: $(head -c 200 "$B/peer.err")"); fi
else
  notes+=("runc not installed: peer skipped")
fi
RUNSC_NAME=""
if [[ -n $BUSYBOX && -n $GVISOR_NAME && -n $RUNC_NAME ]]; then
  # The same platform the gVisor row uses (what nucleus probed and cached), its own state root.
  PLATFORM=$(head -n 1 /run/nucleus/gvisor/platform 2>/dev/null | tr 'A-Z' 'a-z')
  PLATFORM=${PLATFORM:-systrap}
  mkdir -p "$B/runsc-root"
  rs_cmd="runsc --root $B/runsc-root --platform $PLATFORM --network none run --bundle $B/runc nucleus-bench-runsc-$$"
  if peer_ok $rs_cmd; then RUNSC_NAME="runsc run (busybox bundle, --platform $PLATFORM)"; add "$RUNSC_NAME" "$rs_cmd"
  else notes+=("runsc present but \`$rs_cmd\` failed: $(head -c 200 "$B/peer.err")"); fi
fi
if [[ -n $BUSYBOX ]] && command -v bwrap >/dev/null; then
  bw="bwrap --unshare-all --ro-bind $B/rootfs / --proc /proc --dev /dev /bin/true"
  if peer_ok $bw; then add "bwrap --unshare-all (busybox rootfs)" "$bw"
  else notes+=("bwrap present but \`$bw\` failed: $(head -c 200 "$B/peer.err")"); fi
else
  notes+=("bwrap not installed: peer skipped")
fi
us="unshare -mpfnuic --mount-proc /bin/true"
if peer_ok $us; then add "unshare -mpfnuic --mount-proc /bin/true" "$us"
else notes+=("\`$us\` failed: $(head -c 200 "$B/peer.err")"); fi

# --- one hyperfine invocation
args=()
for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "hyperfine: ${#cmds[@]} commands x $RUNS runs"
hyperfine -N --warmup 3 --runs "$RUNS" "${ignore[@]}" --export-json "$B/startup.json" "${args[@]}" >&2

# --- interleaved cross-check: every round runs each target-ratio command once, so a slow
# stretch of this shared VM hits all of them alike (hyperfine runs one command's runs in a block).
# Timed with bash's $EPOCHREALTIME around a plain fork+exec: a few hundred us more per run than
# hyperfine -N, the same for every command.
ROUNDS=${ROUNDS:-30}
AGENT_NAME="bin/nucleus run -- /bin/true (agent, native)"
inter_names=() inter_cmds=()
for i in "${!names[@]}"; do
  case ${names[$i]} in
    "$RUNC_NAME" | "$AGENT_NAME" | "$GVISOR_NAME" | "$RUNSC_NAME")
      [[ -n ${names[$i]} ]] && inter_names+=("${names[$i]}") && inter_cmds+=("${cmds[$i]}") ;;
  esac
done
log "interleaved: ${#inter_cmds[@]} commands x $ROUNDS rounds"
# shellcheck disable=SC2086 # a command line, split into its words
run_words() { $1; }
interleave "$B/interleaved.tsv" "$ROUNDS" run_words "${inter_cmds[@]}"
inter_median() { tsv_median "$B/interleaved.tsv" "$1"; }

# --- report
floor=$(jq '.results[0].median' "$B/startup.json")
runc_med=$(jq --arg n "$RUNC_NAME" '[.results[] | select(.command == $n) | .median][0] // empty' "$B/startup.json")
runsc_med=$(jq --arg n "$RUNSC_NAME" '[.results[] | select(.command == $n) | .median][0] // empty' "$B/startup.json")
gvisor_med=$(jq --arg n "$GVISOR_NAME" '[.results[] | select(.command == $n) | .median][0] // empty' "$B/startup.json")
{
  echo "# Startup benchmark, $(date -u '+%F %H:%M UTC')"
  echo
  machine_rows
  echo "| JDK (jlinked runtime) | $("$JAVA" -version 2>&1 | sed -n 2p) |"
  echo "| hyperfine | $(hyperfine --version) (-N, --warmup 3, --runs $RUNS, one invocation) |"
  echo "| load average before | $load_before |"
  echo
  echo "JVM flags (launcher and floor): \`$FLAGS\`; for a foreground \`run\` whose options are all plain ones (the agent and strict-agent rows), the launcher adds \`-Xint\` (README, \"The launcher and the AOT cache\")."
  echo
  echo "| command | median (ms) | mean ± sd (ms) | min (ms) | × JVM floor | × runc |"
  echo "|---|---:|---:|---:|---:|---:|"
  jq -r --argjson floor "$floor" --argjson runc "${runc_med:-null}" '
    .results[] | "| \(.command) | \(.median*1000*10|round/10) | \(.mean*1000*10|round/10) ± \(.stddev*1000*10|round/10) | \(.min*1000*10|round/10) | \(.median/$floor*100|round/100) | \(if $runc == null then "–" else (.median/$runc*100|round/100) end) |"' \
    "$B/startup.json"
  if [[ -n $runsc_med && -n $gvisor_med ]]; then
    echo
    echo "gVisor: \`$GVISOR_NAME\` / \`$RUNSC_NAME\` = $(awk -v a="$gvisor_med" -v b="$runsc_med" 'BEGIN {printf "%.2f", a/b}')×"
  fi
  if [[ ${#inter_cmds[@]} -gt 0 ]]; then
    echo
    echo "Interleaved cross-check ($ROUNDS rounds, each round runs every command below once, in this order):"
    echo
    echo "| command | median (ms) | × runc |"
    echo "|---|---:|---:|"
    inter_runc=""
    for i in "${!inter_names[@]}"; do [[ ${inter_names[$i]} == "$RUNC_NAME" ]] && inter_runc=$(inter_median "$i"); done
    for i in "${!inter_names[@]}"; do
      m=$(inter_median "$i")
      echo "| ${inter_names[$i]} | $(awk -v m="$m" 'BEGIN {printf "%.1f", m}') | $(awk -v m="$m" -v r="$inter_runc" 'BEGIN {if (r == "") print "–"; else printf "%.2f", m / r}') |"
      [[ ${inter_names[$i]} == "$GVISOR_NAME" ]] && inter_gvisor=$m
      [[ ${inter_names[$i]} == "$RUNSC_NAME" ]] && inter_runsc=$m
    done
    if [[ -n ${inter_gvisor:-} && -n ${inter_runsc:-} ]]; then
      echo
      echo "Interleaved gVisor ratio: $(awk -v a="$inter_gvisor" -v b="$inter_runsc" 'BEGIN {printf "%.2f", a/b}')×"
    fi
  fi
  echo
  echo "Ratios are of medians. \"JVM floor\" = an empty Hello with the launcher's runtime, flags and its own AOT cache."
  echo "\`bin/nucleus\` = the distribution's launcher (\`distribution/target/nucleus/bin/nucleus\`, a static C program), as installed."
  notes_section "${notes[@]}"
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
