#!/usr/bin/env bash
# What reading a document (or another extended option) adds to a launch: `bin/nucleus run` with a
# config document (JSON, TOML), the fds' JSON, the shipped seccomp/caps/Landlock policies, hooks,
# trace mode, the denial watcher and the probes, each against a bare run and the same launch by
# flags, interleaved (every round runs each command once, so a slow stretch hits all alike).
#   ROUNDS=20 (default)   OUT=path/to/file.md (default bench/results/documents-YYYY-MM-DD.md)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
launch_bench_setup documents
log() { printf '[bench] %s\n' "$*" >&2; }

# The same launch three ways: flags, a JSON document, a TOML document.
FLAGS='--memory 1G --cpus 2 --pids 512 --tmpfs /scratch:256M -e RUST_LOG=info'
cat >"$B/agent.json" <<'EOF'
{"memory": "1G", "cpus": 2, "pids": 512, "tmpfs": ["/scratch:256M"], "env_vars": ["RUST_LOG=info"],
 "command": ["/bin/true"]}
EOF
cat >"$B/agent.toml" <<'EOF'
memory = "1G"
cpus = 2
pids = 512
tmpfs = ["/scratch:256M"]
command = ["/bin/true"]

[env_vars]
RUST_LOG = "info"
EOF
echo '{"API_TOKEN": "not-a-secret"}' >"$B/env.json"
echo '["/etc/hostname:/run/secrets/host"]' >"$B/secrets.json"
HOOKS=$ROOT/distribution/src/aot/training-hooks.json
C=$ROOT/config

names=() cmds=()
add() { names+=("$1"); cmds+=("$2"); }
add "run -- /bin/true" "$N run -- /bin/true"
add "run with flags: $FLAGS" "$N run $FLAGS -- /bin/true"
add "run --config agent.json (the same launch)" "$N run --config $B/agent.json"
add "run --config agent.toml (the same launch)" "$N run --config $B/agent.toml"
add "run --env-fd 3 --secrets-fd 4" "$N run --env-fd 3 --secrets-fd 4 -- /bin/true 3<$B/env.json 4<$B/secrets.json"
add "run --seccomp-profile config/coding-agent.seccomp.json" "$N run --seccomp-profile $C/coding-agent.seccomp.json -- /bin/true"
add "run --caps-policy, --landlock-policy (config/coding-agent.*)" "$N run --caps-policy $C/coding-agent.caps.toml --landlock-policy $C/coding-agent.landlock.toml -- /bin/true"
add "run --hooks (a createRuntime and a poststop hook)" "$N run --hooks $HOOKS -- /bin/true"
add "run --seccomp-mode trace" "$N run --seccomp-mode trace --seccomp-log $B/trace.ndjson -- /bin/true"
add "run --seccomp-log-denied" "$N run --seccomp-log-denied -- /bin/true"
add "run --health-cmd true --readiness-exec true" "$N run --health-cmd true --health-interval 5 --readiness-exec true -- /bin/true"
add "run --workspace (one file) --workspace-mode copy-in-out" "$N run --workspace $B/ws --workspace-mode copy-in-out -- /bin/true"
mkdir -p "$B/ws" && echo x >"$B/ws/file"

time_launches "${cmds[@]}"
flags=$(tsv_median "$B/times.tsv" 1)
{
  launch_table "Launches that read documents" "${names[@]}"
  echo
  printf "The config documents write the same launch as the flags row (its median: %.1f ms).\n" "$flags"
  echo "Such runs map the extended AOT cache (README, \"The launcher and the AOT cache\"); the documents"
  echo "are read by Nucleus's own JSON and TOML readers. bash -c adds ~1 ms to every row alike."
} >"$OUT"
rm -rf "$B/state"
log "wrote $OUT"
cat "$OUT"
