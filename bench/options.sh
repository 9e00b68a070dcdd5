#!/usr/bin/env bash
# What an option off the plainest path, or a workload given as a shell line, adds to a launch:
# `bin/nucleus run` with `sh -c "a line"`, --cgroup-parent, --io-limit (this host's first whole
# disk), --seccomp-allow, and a bridged network (plain, then with a published port and an egress
# allow-list), each against a bare run, interleaved (every round runs each command once).
#   ROUNDS=20 (default)   OUT=path/to/file.md (default bench/results/options-YYYY-MM-DD.md)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
launch_bench_setup options
log() { printf '[bench] %s\n' "$*" >&2; }
PARENT=nucleus-bench-options-$$

names=() cmds=() notes=()
add() { names+=("$1"); cmds+=("$2"); }
add "run -- /bin/true" "$N run -- /bin/true"
add "run -- /bin/sh -c 'true; true'" "$N run -- /bin/sh -c 'true; true'"
add "run --cgroup-parent $PARENT/team1" "$N run --cgroup-parent $PARENT/team1 -- /bin/true"
# --io-limit names a whole disk of this host (a partition is refused).
disk=""
for d in /sys/block/*; do
  [[ -e $d/device && ! -e $d/partition ]] && { disk=$(cat "$d/dev"); break; }
done
if [[ -n $disk ]]; then
  add "run --io-limit '$disk wbps=10M'" "$N run --io-limit '$disk wbps=10M' -- /bin/true"
else
  notes+=("no whole disk under /sys/block: the --io-limit row is left out")
fi
add "run --seccomp-allow sysinfo" "$N run --seccomp-allow sysinfo -- /bin/true"
add "run --network bridge" "$N run --network bridge -- /bin/true"
add "run --network bridge --publish 127.0.0.1:47915:80 --egress-allow 10.0.0.0/8" \
  "$N run --network bridge --publish 127.0.0.1:47915:80 --egress-allow 10.0.0.0/8 -- /bin/true"

# The parent's levels stay for later containers, as nucleus/ does: removed at the end.
cleanup() {
  find /sys/fs/cgroup -maxdepth 7 -type d -name "$PARENT" -exec rmdir {}/team1 {} \; 2>/dev/null || true
  rm -rf "$B/state"
}
trap cleanup EXIT
time_launches "${cmds[@]}"
{
  launch_table "Launches off the plainest path" "${names[@]}"
  echo
  echo "A bridged run maps the network AOT cache, --seccomp-allow the extended one, the others the"
  echo "launch cache (README, \"The launcher and the AOT cache\"); the bare run and the shell line run"
  echo "interpreted. A bridged run makes the bridge and its host rules and removes them again when it"
  echo "ends: its teardown waits out the kernel's grace periods (the bridge's deletion some 50 ms)."
  echo "bash -c adds ~1 ms to every row alike."
  notes_section "${notes[@]}"
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
