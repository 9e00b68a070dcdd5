#!/usr/bin/env bash
# Embedded launches: N sequential /bin/true containers through dev.nucleus.cli.embed.Nucleus from
# one long-lived JVM, against `crun run` and `runc run` of a busybox bundle (hyperfine, N runs),
# in one script run. Writes bench/results/embedded-<date>.md.
#   N=200  WARMUP=200  OUT=path.md
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DIST=$ROOT/distribution/target/nucleus
B=$ROOT/bench/.build/embedded
N=${N:-200}
WARMUP=${WARMUP:-200}
OUT=${OUT:-$ROOT/bench/results/embedded-$(date -u +%F).md}
log() { printf '[bench] %s\n' "$*" >&2; }
[[ -x $DIST/bin/nucleus ]] || { log "no distribution at $DIST: run make build"; exit 1; }
for t in hyperfine jq; do command -v "$t" >/dev/null || { log "$t is missing: run scripts/setup.sh"; exit 1; }; done
mkdir -p "$B" "$(dirname "$OUT")"

CP=$(find "$DIST/lib" -name '*.jar' ! -name 'nucleus-aot-training.jar' | sort | paste -sd:)
"$JDK/bin/javac" --release 25 -cp "$CP" -d "$B/classes" "$ROOT/bench/embedded/EmbeddedBench.java"

# Peers: a busybox bundle for crun and runc (the same as bench/startup.sh's).
BUSYBOX=$(command -v busybox || true)
[[ -n $BUSYBOX ]] || { log "busybox-static is missing: run scripts/setup.sh"; exit 1; }
rm -rf "$B/rootfs" && mkdir -p "$B/rootfs/bin" "$B/rootfs/proc" "$B/rootfs/dev" "$B/rootfs/tmp"
cp "$BUSYBOX" "$B/rootfs/bin/busybox" && ln -s busybox "$B/rootfs/bin/true"
rm -rf "$B/bundle" && mkdir -p "$B/bundle" && (cd "$B/bundle" && runc spec)
jq --arg r "$B/rootfs" '.process.args=["/bin/true"] | .process.terminal=false | .root={path: $r, readonly: true}' \
  "$B/bundle/config.json" >"$B/c.json" && mv "$B/c.json" "$B/bundle/config.json"

log "embedded: $WARMUP warm-up + $N launches in one JVM"
"$JDK/bin/java" --enable-native-access=ALL-UNNAMED -Dnucleus.home="$DIST" -cp "$CP:$B/classes" EmbeddedBench "$N" "$WARMUP" \
  >"$B/embedded.txt"
# crun 1.8.1 refuses this host's hybrid cgroup layout ("cgroups in hybrid mode not supported") and,
# on cgroup2, raises RLIMIT_MEMLOCK for its eBPF device filter, which this root cannot (no
# CAP_SYS_RESOURCE). So it runs in a mount namespace that shows only the cgroup2 hierarchy at
# /sys/fs/cgroup, from a copy of the bundle without rlimits and resources: it does less than the others.
jq 'del(.process.rlimits) | del(.linux.resources)' "$B/bundle/config.json" >"$B/crun.json"
rm -rf "$B/crun-bundle" && mkdir -p "$B/crun-bundle" && mv "$B/crun.json" "$B/crun-bundle/config.json"
log "peers: hyperfine, $N runs each"
: >"$B/peers-note.txt"
if command -v crun >/dev/null; then
  unshare -m bash -c "mount --make-rprivate / && mount -t cgroup2 none /sys/fs/cgroup &&
    hyperfine -N --warmup 5 --runs $N --export-json $B/crun.json -n 'crun run (busybox bundle, cgroup2-only view, no rlimits/resources)' \
      'crun run --bundle $B/crun-bundle nucleus-embed-bench-$$'" >&2
else
  echo '{"results":[]}' >"$B/crun.json"
  echo "crun is not installed: run scripts/setup.sh" >"$B/peers-note.txt"
fi
if command -v runc >/dev/null; then
  hyperfine -N --warmup 5 --runs "$N" --export-json "$B/runc.json" -n "runc run (busybox bundle)" \
    "runc run --bundle $B/bundle nucleus-embed-bench-$$" >&2
else
  echo '{"results":[]}' >"$B/runc.json"
fi
jq -s '{results: (.[0].results + .[1].results)}' "$B/crun.json" "$B/runc.json" >"$B/peers.json"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
emb=$(median <"$B/embedded.txt")
emb_mean=$(awk '{s+=$1} END {printf "%.2f", s/NR}' "$B/embedded.txt")
emb_p90=$(sort -n "$B/embedded.txt" | awk '{a[NR]=$1} END {print a[int(NR*0.9)]}')
crun_med=$(jq '[.results[] | select(.command | startswith("crun")) | .median][0] // empty' "$B/peers.json")
{
  echo "# Embedded launches, $(date -u '+%F %H:%M UTC')"
  echo
  echo "Machine: $(uname -sr), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')),"
  echo "commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo ' (dirty)'), JDK $("$JDK/bin/java" -version 2>&1 | sed -n 2p),"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| launcher | runs | median (ms) | mean (ms) | p90 (ms) | × crun |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '| Nucleus.run("--", "/bin/true"), one JVM, agent mode | %d | %.2f | %s | %.2f | %s |\n' "$N" "$emb" "$emb_mean" "$emb_p90" \
    "$( [[ -n $crun_med ]] && awk -v e="$emb" -v c="$crun_med" 'BEGIN {printf "%.2f", e/(c*1000)}' || echo –)"
  jq -r --argjson crun "${crun_med:-null}" '.results[] | "| \(.command) | \(.times|length) | \(.median*1000*100|round/100) | \(.mean*1000*100|round/100) | – | \(if $crun == null then "–" else (.median/$crun*100|round/100) end) |"' "$B/peers.json"
  echo
  echo "Embedded: $WARMUP launches first, unrecorded (JIT warm-up), then $N timed one by one (System.nanoTime around"
  echo "run). Peers: hyperfine -N, 5 warm-up runs. The workload is /bin/true in every row; Nucleus runs it with"
  echo "its agent-mode defaults (host view read-only, seccomp, Landlock, cgroups, all namespaces), the peers"
  echo "in a busybox rootfs with runc's default spec. crun: see the note in bench/embedded.sh (it cannot run this"
  echo "host's hybrid cgroups, so it runs with a cgroup2-only view and without rlimits/resources)."
  [[ -s $B/peers-note.txt ]] && cat "$B/peers-note.txt"
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
