#!/usr/bin/env bash
# Embedded launches: N sequential /bin/true containers through dev.nucleus.cli.embed.Nucleus from
# one long-lived JVM, against `crun run` and `runc run` of a busybox bundle, interleaved: each of
# N rounds launches one of each (bench/embedded/peer-loop.sh runs the peers). Writes
# bench/results/embedded-<date>.md.
#   N=200  WARMUP=2000  OUT=path.md
# WARMUP: a platform's long-lived JVM has launched thousands; after 200 launches C2 was still
# compiling the launch path (19% of the JVM's CPU samples while launches were recorded), which on
# two cores slowed the launches beside it. The report gives the JIT's time while recording.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DIST=$ROOT/distribution/target/nucleus
B=$ROOT/bench/.build/embedded
N=${N:-200}
WARMUP=${WARMUP:-2000}
OUT=${OUT:-$ROOT/bench/results/embedded-$(date -u +%F).md}
log() { printf '[bench] %s\n' "$*" >&2; }
[[ -x $DIST/bin/nucleus ]] || { log "no distribution at $DIST: run make build"; exit 1; }
for t in jq; do command -v "$t" >/dev/null || { log "$t is missing: run scripts/setup.sh"; exit 1; }; done
mkdir -p "$B" "$(dirname "$OUT")"

# The separate jars (lib/jars/), as an embedding application has them (README, "Embedding: launching from a JVM").
CP=$(find "$DIST/lib/jars" -name '*.jar' | sort | paste -sd:)
"$JDK/bin/javac" --release 25 -cp "$CP" -d "$B/classes" "$ROOT/bench/embedded/EmbeddedBench.java"

# Peers: a busybox bundle for crun and runc (the same as bench/startup.sh's).
BUSYBOX=$(command -v busybox || true)
[[ -n $BUSYBOX ]] || { log "busybox-static is missing: run scripts/setup.sh"; exit 1; }
rm -rf "$B/rootfs" && mkdir -p "$B/rootfs/bin" "$B/rootfs/proc" "$B/rootfs/dev" "$B/rootfs/tmp"
cp "$BUSYBOX" "$B/rootfs/bin/busybox" && ln -s busybox "$B/rootfs/bin/true"
rm -rf "$B/bundle" && mkdir -p "$B/bundle" && (cd "$B/bundle" && runc spec)
jq --arg r "$B/rootfs" '.process.args=["/bin/true"] | .process.terminal=false | .root={path: $r, readonly: true}' \
  "$B/bundle/config.json" >"$B/c.json" && mv "$B/c.json" "$B/bundle/config.json"

# crun 1.8.1 refuses this host's hybrid cgroup layout ("cgroups in hybrid mode not supported") and,
# on cgroup2, raises RLIMIT_MEMLOCK for its eBPF device filter, which this root cannot (no
# CAP_SYS_RESOURCE). So it runs in a mount namespace that shows only the cgroup2 hierarchy at
# /sys/fs/cgroup, from a copy of the bundle without rlimits and resources: it does less than the others.
jq 'del(.process.rlimits) | del(.linux.resources)' "$B/bundle/config.json" >"$B/crun.json"
rm -rf "$B/crun-bundle" && mkdir -p "$B/crun-bundle" && mv "$B/crun.json" "$B/crun-bundle/config.json"
# The peers, each a launch loop the benchmark drives one launch per round (bench/embedded/peer-loop.sh).
LOOP=$ROOT/bench/embedded/peer-loop.sh
names=() peers=()
: >"$B/peers-note.txt"
if command -v crun >/dev/null; then
  names+=("crun run (busybox bundle, cgroup2-only view, no rlimits/resources)")
  peers+=("exec unshare -m bash -c 'mount --make-rprivate / && mount -t cgroup2 none /sys/fs/cgroup && exec $LOOP crun run --bundle $B/crun-bundle nucleus-embed-crun-$$'")
else
  echo "crun is not installed: run scripts/setup.sh" >"$B/peers-note.txt"
fi
if command -v runc >/dev/null; then
  names+=("runc run (busybox bundle)")
  peers+=("exec $LOOP runc run --bundle $B/bundle nucleus-embed-runc-$$")
fi

log "embedded: $WARMUP warm-up launches, then $N recorded launches of each runtime in alternating blocks, in one JVM"
"$JDK/bin/java" --enable-native-access=ALL-UNNAMED -Dnucleus.home="$DIST" -cp "$CP:$B/classes" EmbeddedBench "$N" "$WARMUP" \
  "${peers[@]}" >"$B/rounds.txt"

# Runtime r's launches (0 = Nucleus, then the peers): median, mean, p90.
jit_ms=$(awk '$1 == "#" && $2 == "jit-ms" {print $3}' "$B/rounds.txt")
stats() { awk -v r="$1" '$1 == r {print $2}' "$B/rounds.txt" | sort -n | awk '{a[NR]=$1; s+=$1} END {m=(NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.2f %.2f %.2f", m, s/NR, a[int(NR*0.9)]}'; }
read -r emb emb_mean emb_p90 <<<"$(stats 0)"
crun_med=
if [[ ${names[0]:-} == crun* ]]; then read -r crun_med _ _ <<<"$(stats 1)"; fi
ratio() { [[ -n $crun_med ]] && awk -v e="$1" -v c="$crun_med" 'BEGIN {printf "%.2f", e/c}' || echo –; }
{
  echo "# Embedded launches, $(date -u '+%F %H:%M UTC')"
  echo
  echo "Machine: $(uname -sr), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')),"
  echo "commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet -- . ':(exclude)bench/results' || echo ' (dirty)'), JDK $("$JDK/bin/java" -version 2>&1 | sed -n 2p),"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| launcher | launches | median (ms) | mean (ms) | p90 (ms) | × crun |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '| Nucleus.run("--", "/bin/true"), one JVM, agent mode | %d | %s | %s | %s | %s |\n' "$N" "$emb" "$emb_mean" "$emb_p90" "$(ratio "$emb")"
  for i in "${!names[@]}"; do
    read -r med mean p90 <<<"$(stats $((i + 1)))"
    printf '| %s | %d | %s | %s | %s | %s |\n' "${names[$i]}" "$N" "$med" "$mean" "$p90" "$(ratio "$med")"
  done
  echo
  echo "Alternating blocks: $WARMUP embedded launches first, unrecorded (JIT warm-up; the JIT compiled for ${jit_ms:-?} ms"
  echo "while launches were recorded), and 5 of each peer; then blocks"
  echo "of 20 sequential launches of one runtime after another (Nucleus, then each peer; System.nanoTime around run,"
  echo "and bench/embedded/peer-loop.sh for a peer: a fork and exec of its binary, timed by bash's \$EPOCHREALTIME), the"
  echo "first 3 of each block unrecorded (a launch right after another runtime's is slowed by what that one left behind),"
  echo "until each has $N recorded launches: the machine's drift falls on every runtime alike."
  echo "The workload is /bin/true in every row; Nucleus runs it with its agent-mode defaults (host view"
  echo "read-only, seccomp, Landlock, cgroups, all namespaces), the peers in a busybox rootfs with runc's default spec."
  echo "crun: see the note in bench/embedded.sh (it cannot run this host's hybrid cgroups, so it runs with a cgroup2-only"
  echo "view and without rlimits/resources)."
  [[ -s $B/peers-note.txt ]] && cat "$B/peers-note.txt"
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
