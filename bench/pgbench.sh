#!/usr/bin/env bash
# PostgreSQL steady-state overhead: pgbench on the host against one PostgreSQL 15 server in each
# configuration: bare (postgres started directly), native (inside `bin/nucleus run -d`, agent mode,
# default seccomp and Landlock) and gvisor (`--runtime gvisor`). Each gets its own fresh cluster and
# port and `pgbench -i -s SCALE`; all servers are up at once and the measured runs are interleaved:
# ROUNDS rounds, each running every server's select-only (-S), then every server's TPC-B, DURATION
# seconds each, the order rotated by one config per round. On a shared VM whose load drifts, one
# config after another measured the drift (and the second of two back-to-back runs was the slower
# one); interleaved, both fall on every config alike. Writes bench/results/pgbench-<date>.md.
#   DURATION=30 ROUNDS=3 WARMUP=10 SCALE=10 CLIENTS=2 PORT=55432 (the first config's; then +1 each)
#   CONFIGS='bare native gvisor' OUT=path
#   PG_OPTS='-c fsync=off' (extra server options, all configs)  NATIVE_ARGS='--seccomp-profile F' (extra
#   `run` flags for the native config)  KEEP=1 (keep data dirs and logs)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
DURATION=${DURATION:-30}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-10} # seconds of select-only after the load, not counted
SCALE=${SCALE:-10}
CLIENTS=${CLIENTS:-2}
PORT=${PORT:-55432}
CONFIGS=${CONFIGS:-bare native gvisor}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
OS_USER=${OS_USER:-postgres}
OUT=${OUT:-$ROOT/bench/results/pgbench-$(date -u +%F).md}
B=$ROOT/bench/.build
NUC=$ROOT/bin/nucleus
TAG=pgbench-$$ # container names: unique per invocation, so concurrent users never collide
log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

[[ $EUID -eq 0 ]] || die "run as root (volumes, and starting postgres as $OS_USER)"
[[ $DURATION =~ ^[1-9][0-9]*$ && $ROUNDS =~ ^[1-9][0-9]*$ && $SCALE =~ ^[1-9][0-9]*$ && $WARMUP =~ ^[0-9]+$ ]] ||
  die "DURATION, ROUNDS and SCALE must be positive integers, WARMUP a number of seconds"
for t in initdb postgres pgbench pg_isready psql; do
  [[ -x $PGBIN/$t ]] || die "$PGBIN/$t is missing (PGBIN= points at PostgreSQL's bin directory)"
done
[[ -x $ROOT/distribution/target/nucleus/bin/nucleus ]] || die "no distribution: run make build"
id "$OS_USER" >/dev/null 2>&1 || die "no user $OS_USER (OS_USER= names the unprivileged user)"
PG_UID=$(id -u "$OS_USER")
PG_GID=$(id -g "$OS_USER")
n_configs=$(wc -w <<<"$CONFIGS")
for ((p = PORT; p < PORT + n_configs; p++)); do
  if ss -Hltn "sport = :$p" | grep -q .; then die "port $p is in use (ports $PORT on, one per config): choose another with PORT="; fi
done
mkdir -p "$B" "$(dirname "$OUT")"
runuser -u "$OS_USER" -- test -x "$B" || die "$OS_USER cannot reach $B (every parent needs o+x)"

# Others rebuild the distribution on this machine: while they do, bin/nucleus is missing or its
# jars are half-written. Wait for it, and retry a management command that failed.
nuc() {
  local i
  for ((i = 0; i < 120; i++)); do [[ -x $ROOT/distribution/target/nucleus/bin/nucleus ]] && break; sleep 1; done
  "$NUC" "$@"
}
nuc_retry() {
  local i
  for ((i = 0; i < 10; i++)); do nuc "$@" >/dev/null 2>&1 && return 0; sleep 2; done
  return 1
}

# Stop and remove one of our containers, if it is still listed.
remove_container() {
  if nuc ps --all --format name 2>/dev/null | grep -qx "$1"; then
    nuc_retry stop -t 30 "$1"
    nuc_retry rm "$1" || nuc_retry rm --force "$1" ||
      { log "could not remove container $1: remove it with bin/nucleus rm --force $1"; return 1; }
  fi
}

BARE_PID=
CONTAINERS=()
cleanup() {
  local rc=$? c i
  set +e
  if [[ -n $BARE_PID ]] && kill -0 "$BARE_PID" 2>/dev/null; then
    kill -INT "$BARE_PID" # fast shutdown
    for ((i = 0; i < 300; i++)); do kill -0 "$BARE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$BARE_PID" 2>/dev/null
  fi
  for c in "${CONTAINERS[@]}"; do remove_container "$c"; done
  if [[ ${KEEP:-0} != 1 ]]; then
    rm -rf "$B"/pg-bare "$B"/pg-native "$B"/pg-gvisor "$B"/pg-sock-bare "$B"/pg-sock-native "$B"/pg-sock-gvisor \
      "$B"/pgbench-*.txt "$B"/pgbench-*.log "$B"/pgbench-*.jsonl "$B"/pgbench-*.tsv
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One fresh cluster per config: data and socket directory owned by OS_USER, trust auth (the
# server listens on 127.0.0.1 only), superuser role "postgres".
init_cluster() {
  local cfg=$1 data=$B/pg-$1 sock=$B/pg-sock-$1
  rm -rf "$data" "$sock"
  mkdir -m 700 "$data" && mkdir -m 755 "$sock" && chown "$OS_USER:" "$data" "$sock"
  runuser -u "$OS_USER" -- "$PGBIN/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C \
    --no-instructions >"$B/pgbench-$cfg-initdb.log" 2>&1 || { cat "$B/pgbench-$cfg-initdb.log" >&2; return 1; }
}

# Each config's port: PORT for the first in CONFIGS, then one more for each.
port_of() {
  local cfg i=0
  for cfg in $CONFIGS; do
    [[ $cfg == "$1" ]] && { echo $((PORT + i)); return; }
    i=$((i + 1))
  done
  echo "$PORT"
}

# The server's argv, the same in every config but the port (the volumes keep the host paths).
server_argv() {
  local data=$B/pg-$1 sock=$B/pg-sock-$1
  # shellcheck disable=SC2206 # PG_OPTS is a list of options
  SERVER=("$PGBIN/postgres" -D "$data" -p "$(port_of "$1")" -c listen_addresses=127.0.0.1 -c "unix_socket_directories=$sock" ${PG_OPTS:-})
}

# The nucleus launch of config $1, without the workload (also printed in the results).
nucleus_argv() {
  local data=$B/pg-$1 sock=$B/pg-sock-$1
  LAUNCH=(run -d --name "$TAG-$1" --user "$PG_UID" --group "$PG_GID"
    -v "$data:$data:rw" -v "$sock:$sock:rw" --events-jsonl "$B/pgbench-$1-events.jsonl")
  case $1 in
    # shellcheck disable=SC2206 # NATIVE_ARGS is a list of flags
    native) LAUNCH+=(--network host --allow-host-network ${NATIVE_ARGS:-}) ;;
    gvisor) LAUNCH+=(--runtime gvisor --network gvisor-host --allow-host-network) ;;
  esac
}

server_log() {
  case $1 in
    bare) cat "$B/pgbench-bare-server.log" 2>/dev/null ;;
    *) nuc logs "$TAG-$1" 2>&1 ;;
  esac
}

start_server() {
  local cfg=$1 i
  server_argv "$cfg"
  case $cfg in
    bare)
      # setpriv execs postgres itself (no PAM, no forking wrapper): $! is the postmaster.
      setpriv --reuid="$PG_UID" --regid="$PG_GID" --init-groups -- "${SERVER[@]}" \
        >"$B/pgbench-bare-server.log" 2>&1 </dev/null &
      BARE_PID=$!
      ;;
    *)
      nucleus_argv "$cfg"
      CONTAINERS+=("$TAG-$cfg")
      nuc "${LAUNCH[@]}" -- "${SERVER[@]}" >"$B/pgbench-$cfg-start.log" 2>&1 ||
        { log "$cfg: nucleus run failed:"; cat "$B/pgbench-$cfg-start.log" >&2; return 1; }
      if [[ $cfg == gvisor ]]; then # the platform and network runsc was actually given
        local id
        id=$(tail -1 "$B/pgbench-$cfg-start.log")
        RUNSC_ARGS=$(ps -eo args | grep -m1 -E "^[^ ]*runsc .* run .*$id\$" | grep -oE -- '--(platform|network)[= ][^ ]+' | tr '\n' ' ' || true)
      fi
      ;;
  esac
  for ((i = 0; i < 600; i++)); do
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$(port_of "$cfg")" -U postgres -d postgres && return 0
    if [[ $cfg == bare ]] && ! kill -0 "$BARE_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  log "$cfg: the server did not become ready in 60 s; its log:"
  server_log "$cfg" | tail -20 >&2
  return 1
}

stop_server() {
  local cfg=$1 i
  case $cfg in
    bare)
      kill -INT "$BARE_PID"
      for ((i = 0; i < 300; i++)); do kill -0 "$BARE_PID" 2>/dev/null || break; sleep 0.1; done
      wait "$BARE_PID" 2>/dev/null || true
      BARE_PID=
      ;;
    *)
      server_log "$cfg" >"$B/pgbench-$cfg-server.log"
      remove_container "$TAG-$cfg"
      ;;
  esac
}

pgb() { "$PGBIN/pgbench" -h 127.0.0.1 -p "$(port_of "$1")" -U postgres "${@:2}"; }
psql_on() { "$PGBIN/psql" -q -X -h 127.0.0.1 -p "$(port_of "$1")" -U postgres -d postgres "${@:2}"; }

# A fresh cluster, its server started, loaded (pgbench -i) and warmed up: ready to measure.
setup_config() {
  local cfg=$1
  log "$cfg: initdb"
  init_cluster "$cfg" || return 1
  log "$cfg: starting the server (port $(port_of "$cfg"))"
  start_server "$cfg" || return 1
  log "$cfg: pgbench -i -s $SCALE"
  pgb "$cfg" -i -q -s "$SCALE" postgres >"$B/pgbench-$cfg-init.txt" 2>&1 ||
    { cat "$B/pgbench-$cfg-init.txt" >&2; return 1; }
  # Steady state: the load's dirty pages written out, statistics fresh, the tables in shared_buffers.
  psql_on "$cfg" -c 'VACUUM ANALYZE' -c CHECKPOINT >>"$B/pgbench-$cfg-init.txt" 2>&1 ||
    { cat "$B/pgbench-$cfg-init.txt" >&2; return 1; }
  if ((WARMUP > 0)); then
    log "$cfg: warm-up, select-only, ${WARMUP}s (not counted)"
    pgb "$cfg" -S -c "$CLIENTS" -j "$CLIENTS" -T "$WARMUP" postgres >>"$B/pgbench-$cfg-init.txt" 2>&1 ||
      { cat "$B/pgbench-$cfg-init.txt" >&2; return 1; }
  fi
}

# One measured run of workload $2 (select or tpcb) against config $1 in round $3: a line in the TSV.
# After TPC-B, an untimed CHECKPOINT writes its dirty pages out, so the next config's run does not
# share the disk with this one's checkpoint.
measure() {
  local cfg=$1 w=$2 r=$3 out=$B/pgbench-$1-$2-$3.txt
  log "$cfg: round $r/$ROUNDS, $w, ${DURATION}s"
  if [[ $w == select ]]; then
    pgb "$cfg" -S -c "$CLIENTS" -j "$CLIENTS" -T "$DURATION" postgres >"$out" 2>&1 || { cat "$out" >&2; return 1; }
  else
    pgb "$cfg" -c "$CLIENTS" -j "$CLIENTS" -T "$DURATION" postgres >"$out" 2>&1 || { cat "$out" >&2; return 1; }
    psql_on "$cfg" -c CHECKPOINT >>"$out" 2>&1 || { cat "$out" >&2; return 1; }
  fi
  # PostgreSQL 15's pgbench: "tps = N (without initial connection time)", "latency average = N ms"
  awk -v c="$cfg" -v w="$w" -v r="$r" '
    /^tps = .*without initial connection time/ { tps = $3 }
    /^latency average = / { lat = $4 }
    /^number of failed transactions: / { failed = $5 }
    END { if (tps == "" || lat == "") exit 1; printf "%s\t%s\t%s\t%s\t%s\t%s\n", c, w, r, tps, lat, failed }
  ' "$out" >>"$B/pgbench-results.tsv" || { log "$cfg: cannot parse $out:"; cat "$out" >&2; return 1; }
}

# A config that failed: noted, its server stopped, left out of the rounds still to come.
drop_config() {
  local cfg=$1 why=$2 c kept=()
  notes+=("**$cfg failed** ($why): $(tail -c 300 "$B/pgbench-$cfg-start.log" 2>/dev/null | tr '\n' ' ')(see the script's stderr).")
  if [[ $cfg == bare ]]; then [[ -z $BARE_PID ]] || stop_server bare; else stop_server "$cfg" || true; fi
  [[ $cfg == gvisor ]] || failed=1
  for c in "${UP[@]}"; do [[ $c == "$cfg" ]] || kept+=("$c"); done
  UP=("${kept[@]}")
}

# --- machine
PGVER=$("$PGBIN/postgres" --version)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet -- . ':(exclude)bench/results' 2>/dev/null || echo ' (dirty)')
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
RUNSC=$(command -v runsc >/dev/null && runsc --version 2>/dev/null | sed -n 1p || echo 'not installed')
STARTED=$(date -u '+%F %H:%M UTC')

: >"$B/pgbench-results.tsv"
RUNSC_ARGS=
notes=()
failed=0
UP=() # the configs whose servers are up, in CONFIGS order
for cfg in $CONFIGS; do
  case $cfg in
    bare | native) ;;
    gvisor)
      if ! command -v runsc >/dev/null; then
        notes+=("**gvisor skipped**: runsc is not installed.")
        continue
      fi
      ;;
    *) die "unknown config $cfg (bare, native, gvisor)" ;;
  esac
  UP+=("$cfg")
  setup_config "$cfg" || drop_config "$cfg" "set-up, no numbers"
done

# --- the measured rounds, interleaved: round r starts at the (r-1)-th config and goes round
LOAD_ROUNDS="$(cut -d' ' -f1 /proc/loadavg)"
for ((r = 1; r <= ROUNDS; r++)); do
  for w in select tpcb; do
    order=()
    for ((j = 0; j < ${#UP[@]}; j++)); do order+=("${UP[$(((j + r - 1) % ${#UP[@]}))]}"); done
    for cfg in "${order[@]}"; do
      measure "$cfg" "$w" "$r" || drop_config "$cfg" "round $r, $w"
    done
  done
done
LOAD_ROUNDS+=" → $(cut -d' ' -f1 /proc/loadavg)"

for cfg in "${UP[@]}"; do
  log "$cfg: stopping the server"
  stop_server "$cfg"
  if [[ $cfg != bare ]]; then # did any server process die of a signal (a seccomp kill is SIGSYS, 31)?
    sig=$(grep -cE 'terminated by signal|was terminated by' "$B/pgbench-$cfg-server.log" || true)
    [[ $sig == 0 ]] || notes+=("**$cfg: $sig server process(es) died of a signal** (a seccomp kill is signal 31): see \`$B/pgbench-$cfg-server.log\` (KEEP=1).")
  fi
done

# --- report: median TPS and latency per config and workload, ratios to bare
awk -F'\t' '
  { k = $1 SUBSEP $2; n[k]++; tps[k, n[k]] = $4; lat[k, n[k]] = $5; fail[k] += $6 }
  function median(arr, k, c,   a, i, j, x) {
    for (i = 1; i <= c; i++) a[i] = arr[k, i] + 0
    for (i = 2; i <= c; i++) { x = a[i]; j = i - 1; while (j >= 1 && a[j] > x) { a[j + 1] = a[j]; j-- } a[j + 1] = x }
    return (c % 2) ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
  }
  END { for (k in n) { split(k, p, SUBSEP); printf "%s\t%s\t%.1f\t%.3f\t%d\t%d\n", p[1], p[2], median(tps, k, n[k]), median(lat, k, n[k]), n[k], fail[k] } }
' "$B/pgbench-results.tsv" >"$B/pgbench-medians.tsv"

table() {
  awk -F'\t' -v order="$CONFIGS" '
    { tps[$1, $2] = $3; lat[$1, $2] = $4; runs[$1, $2] = $5; fail[$1, $2] = $6; have[$1] = 1 }
    function ratio(a, b) { return (b > 0) ? sprintf("%.3f", a / b) : "–" }
    END {
      nw = split("select tpcb", ws, " "); label["select"] = "select-only (-S)"; label["tpcb"] = "TPC-B (default)"
      nc = split(order, cs, " ")
      for (i = 1; i <= nw; i++) for (j = 1; j <= nc; j++) {
        w = ws[i]; c = cs[j]; if (!have[c]) continue
        b = have["bare"] ? tps["bare", w] : 0; bl = have["bare"] ? lat["bare", w] : 0
        tr = ratio(tps[c, w], b); mark = ""
        if (c == "native" && b > 0) mark = (tps[c, w] / b >= 0.97) ? " ✓" : " ✗"
        printf "| %s | %s | %.1f | %.3f | %s%s | %s | %d | %d |\n", label[w], c, tps[c, w], lat[c, w], tr, mark, ratio(lat[c, w], bl), runs[c, w], fail[c, w]
      }
    }' "$B/pgbench-medians.tsv"
}

security() { # the container_started event's security summary
  local f=$B/pgbench-$1-events.jsonl
  [[ -s $f ]] || { echo "no events"; return; }
  if command -v jq >/dev/null; then
    jq -r 'select(.type == "container_started") | .security |
      (if .seccomp then "seccomp " + .seccomp.mode + " (" + .seccomp.source + (if .seccomp.instructions then ", \(.seccomp.instructions) BPF instructions" else "" end) + ")" else "no seccomp filter of Nucleus" end) + ", " +
      (if .landlock then "Landlock ABI \(.landlock.abi), \(.landlock.fs_rules) rules" else "no Landlock" end) +
      ", capabilities effective \(.capabilities.effective // [] | length), bounding \(.capabilities.bounding // [] | length)"' "$f" | head -1
  else
    grep -o '"security":{[^}]*}' "$f" | head -1
  fi
}

{
  echo "# pgbench: PostgreSQL on the bare host, in Nucleus (native) and under gVisor, $STARTED"
  echo
  echo "| machine | |"
  echo "|---|---|"
  echo "| kernel | $(uname -sr) |"
  echo "| cores | $(nproc) ($CPU) |"
  echo "| memory | $MEM |"
  echo "| commit | $COMMIT |"
  echo "| PostgreSQL | $PGVER |"
  echo "| runsc | $RUNSC |"
  echo "| load average before | $LOAD |"
  echo
  echo "pgbench on the host over TCP to 127.0.0.1, \`-c $CLIENTS -j $CLIENTS -T $DURATION\`, scale $SCALE"
  echo "(\`pgbench -i -s $SCALE\` once per config, each config its own fresh cluster and port from $PORT, then"
  echo "\`VACUUM ANALYZE\`, \`CHECKPOINT\` and ${WARMUP} s of select-only warm-up, not counted). All servers are up"
  echo "at once and the runs interleaved: $ROUNDS round(s), each every config's select-only, then every config's"
  echo "TPC-B (an untimed \`CHECKPOINT\` after each), the order rotated by one config per round ($CONFIGS)."
  echo "1-min load average over the measured rounds: $LOAD_ROUNDS. Server: \`postgres -D <data> -p <port>"
  echo "-c listen_addresses=127.0.0.1 -c unix_socket_directories=<dir>${PG_OPTS:+ $PG_OPTS}\`, otherwise"
  echo "PostgreSQL's defaults (fsync on: TPC-B commits wait on the disk), as uid $PG_UID ($OS_USER)."
  echo
  echo "| workload | config | median TPS | median latency (ms) | TPS × bare | latency × bare | runs | failed tx |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  table
  echo
  echo "TPS excludes connection set-up (pgbench's \"without initial connection time\"); latency is"
  echo "pgbench's \"latency average\". Medians over the rounds; ratios of medians. Target: native ≥ 0.97 × bare"
  echo "TPS on both workloads (✓/✗)."
  echo
  echo "## Configurations"
  echo
  server_argv bare
  [[ " $CONFIGS " != *" bare "* ]] ||
    echo "* **bare**: \`setpriv --reuid=$PG_UID --regid=$PG_GID --init-groups -- ${SERVER[*]}\`"
  for cfg in native gvisor; do
    [[ " $CONFIGS " == *" $cfg "* ]] || continue
    nucleus_argv "$cfg"
    server_argv "$cfg"
    echo "* **$cfg**: \`bin/nucleus ${LAUNCH[*]} -- ${SERVER[*]}\`; got: $(security "$cfg")$([[ $cfg == gvisor && -n $RUNSC_ARGS ]] && echo "; runsc ${RUNSC_ARGS% }")"
  done
  echo
  if [[ -n ${NATIVE_ARGS:-} ]]; then
    echo "Policies: native ran with the extra flags \`$NATIVE_ARGS\` (NATIVE_ARGS) on top of agent mode's defaults."
  else
    echo "Policies: none beyond the defaults. The native container runs in agent mode with Nucleus's"
    echo "built-in seccomp allowlist (default action KILL_PROCESS) and default Landlock rules (the two"
    echo "volumes read-write), all capabilities dropped, as $OS_USER: a \`--seccomp-mode trace\` run of this"
    echo "whole workload found PostgreSQL 15 calling nothing outside the default, so no seccomp, Landlock or"
    echo "capability policy file is needed (see bench/README.md)."
  fi
  echo "gVisor: no seccomp filter of Nucleus inside the sandbox (only \`--seccomp-profile\` would add one)"
  echo "and no Landlock (a host-kernel layer, refused with gVisor); the sandbox uses the host's network"
  echo "stack (\`gvisor-host\`)."
  if awk -v l="${LOAD%% *}" 'BEGIN { exit !(l > 0.5) }'; then
    notes=("**The machine was busy** (load average $LOAD over 1, 5 and 15 min before the run, on $(nproc) cores): other work shares the CPUs and moves every run's numbers (the interleaving spreads that over the configs alike). The native container has no cpu cgroup of its own (no --cpus), so it is scheduled as the bare server is; seccomp takes about 0.2 % of the backends' CPU samples and Landlock none (see bench/README.md). Compare ratios from a quiet machine." "${notes[@]}")
  fi
  if ((${#notes[@]})); then
    echo
    echo "## Notes"
    echo
    printf '* %s\n' "${notes[@]}"
  fi
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
exit "$failed"
