#!/usr/bin/env bash
# JMH micro-benchmarks of a launch's in-JVM hot spots (module bench-jmh): request parsing and
# validation, plan building and encoding, seccomp profile resolution, OCI config.json generation.
# Builds the module, runs every benchmark, writes bench/results/jmh-<date>.md (OUT= overrides).
#   FORKS=1  WARMUP=3  WARMUP_TIME=1s  ITERATIONS=5  TIME=1s  (JMH's -f -wi -w -i -r)
#   INCLUDE=regex (default: all)  JVM_ARGS='...' (appended to the forks' flags)  JMH_ARGS='...' (more JMH options)
#   OUT=path.md  NO_BUILD=1 (use bench-jmh/target/benchmarks.jar as it is)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
JAVA=$JAVA_HOME/bin/java
FORKS=${FORKS:-1}
WARMUP=${WARMUP:-3}
WARMUP_TIME=${WARMUP_TIME:-1s}
ITERATIONS=${ITERATIONS:-5}
TIME=${TIME:-1s}
INCLUDE=${INCLUDE:-dev.nucleus.bench.}
OUT=${OUT:-$ROOT/bench/results/jmh-$(date -u +%F).md}
B=$ROOT/bench/.build
JAR=$ROOT/bench-jmh/target/benchmarks.jar
log() { printf '[bench] %s\n' "$*" >&2; }

command -v jq >/dev/null || { log "jq is missing: run scripts/setup.sh (as root)"; exit 1; }
mkdir -p "$B" "$(dirname "$OUT")"

if [[ -z ${NO_BUILD:-} ]]; then
  log "building bench-jmh"
  (cd "$ROOT" && mvn -o -q -B --no-transfer-progress install -DskipTests -pl bench-jmh -am) >&2
fi
[[ -f $JAR ]] || { log "no $JAR: build the bench-jmh module"; exit 1; }

load=$(cut -d' ' -f1-3 /proc/loadavg)
rm -f "$B/jmh.json"
# JMH 1.37 reads field offsets through sun.misc.Unsafe; the flag only silences JDK 25's warning about
# it. The forks inherit the host JVM's flags (so this one too), then JVM_ARGS.
UNSAFE=--sun-misc-unsafe-memory-access=allow
jvm_args=()
[[ -n ${JVM_ARGS:-} ]] && jvm_args=(-jvmArgsAppend "$JVM_ARGS")
log "running: forks $FORKS, warm-up $WARMUP x $WARMUP_TIME, measurement $ITERATIONS x $TIME (log: $B/jmh.log)"
# shellcheck disable=SC2086 # JMH_ARGS is a list of options
"$JAVA" "$UNSAFE" -jar "$JAR" "$INCLUDE" -f "$FORKS" -wi "$WARMUP" -w "$WARMUP_TIME" -i "$ITERATIONS" -r "$TIME" \
  "${jvm_args[@]}" ${JMH_ARGS:-} -rf json -rff "$B/jmh.json" 2>&1 | tee "$B/jmh.log" >&2
[[ -s $B/jmh.json ]] && jq -e 'length > 0' "$B/jmh.json" >/dev/null ||
  { log "JMH wrote no results; see $B/jmh.log"; exit 1; }

# benchmark, score, error (99.9 % confidence half-width; JMH gives NaN below 3 iterations), unit
jq -r '.[] | [(.benchmark | sub("^dev\\.nucleus\\.bench\\."; "")),
              (.params // {} | to_entries | map("\(.key)=\(.value)") | join(",")),
              .primaryMetric.score, .primaryMetric.scoreError, .primaryMetric.scoreUnit] | @tsv' "$B/jmh.json" |
  awk -F'\t' '{
    name = $2 == "" ? $1 : $1 " (" $2 ")"
    err = ($4 ~ /^-?[0-9.eE+-]+$/) ? sprintf("± %.3f", $4) : "n/a"
    printf "| %s | %.3f | %s | %s |\n", name, $3, err, $5
  }' >"$B/jmh-table.md"

first=$(jq -r '.[0]' "$B/jmh.json")
jdk=$(jq -r '"\(.jdkVersion), \(.vmName) \(.vmVersion)"' <<<"$first")
fork_args=$(jq -r '.jvmArgs | join(" ")' <<<"$first")
cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -1)
{
  echo "# JMH micro-benchmarks, $(date -u '+%F %H:%M UTC')"
  echo
  echo "\`bench/jmh.sh\`: JMH $(jq -r '.jmhVersion' <<<"$first"), mode $(jq -r '.mode' <<<"$first"), $FORKS fork(s),"
  echo "warm-up $WARMUP × $WARMUP_TIME, measurement $ITERATIONS × $TIME${JMH_ARGS:+, extra options: \`$JMH_ARGS\`}."
  echo "Machine: $(uname -sr), $(nproc) cores, ${cpu:-unknown CPU}; JDK $jdk${fork_args:+ (fork flags: \`$fork_args\`)};"
  echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet -- . ':(exclude)bench/results' 2>/dev/null || echo ' (dirty)'), load before: $load."
  echo
  echo "| benchmark | score | error | unit |"
  echo "|---|---:|---:|---|"
  cat "$B/jmh-table.md"
  echo
  echo "LaunchRequestBench: parse = raw option text to a typed LaunchRequest; resolve = parse plus the"
  echo "cross-option rules and the mode's enforcement (LaunchResolution), for \`run -- /bin/true\` (agent)"
  echo "and examples/production.nucleus.toml as flags (production). PlanBench: PlanBuilder.build of the"
  echo "isolation plan from a resolved spec and fixed adapter findings; encode = PlanEncoder's bytes for the"
  echo "shim. SeccompBench: the default networked profile, \`--seccomp-allow alarm,sysinfo\` on it, its"
  echo "canonical encoding (the compiled-program cache key), and all three. OciConfigBench: the gVisor"
  echo "config.json text for a minimal and a full bundle. Error = JMH's 99.9 % confidence half-width."
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
