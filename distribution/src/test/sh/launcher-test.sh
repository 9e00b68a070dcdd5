#!/usr/bin/env bash
# Tests of the assembled distribution's launcher and AOT-cache guard (run by `mvn verify`).
# Works on copies under target/launcher-test; never touches target/nucleus itself.
set -uo pipefail
DIST=${DIST:?}
T=${WORK:?}/launcher-test
REPO=$(cd "$(dirname "$0")/../../../.." && pwd -P)
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "  ok   $1"; }
ko() { fail=$((fail + 1)); echo "  FAIL $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else ko "$name"; fi; }
# The line NUCLEUS_LAUNCH_TRACE prints before the exec: which check passed, and the java command.
traced() { local launcher=$1; shift; NUCLEUS_LAUNCH_TRACE=1 "$launcher" "$@" 2>&1 >/dev/null | grep '^nucleus-launch: '; }
uses_cache() { traced "$1/bin/nucleus" --version | grep -q ' exec .*-XX:AOTCache='; }

rm -rf "$T" && mkdir -p "$T"

out=$("$DIST/bin/nucleus" --version 2>"$T/err"); rc=$?
check "--version exits 0" test $rc -eq 0
check "--version stdout is one 'nucleus ' line" bash -c '[[ $1 == nucleus\ * && $1 != *$'"'\n'"'* ]]' _ "$out"
check "--version stderr is empty" test ! -s "$T/err"
# The launcher's -Dnucleus.version is the same build's: the version the cli jar's manifest holds.
manifest_version=$(cd "$T" && "${JDK:?}/bin/jar" xf "$(echo "$DIST/lib/jars/"nucleus-adapters-cli-*.jar)" META-INF/MANIFEST.MF &&
  tr -d '\r' <META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: //p')
check "--version names the cli jar's Implementation-Version ($manifest_version)" \
  test -n "$manifest_version" -a "$out" = "nucleus $manifest_version"
check "NUCLEUS_NO_AOT=1 --version: the same" bash -c '[[ $(NUCLEUS_NO_AOT=1 "$1/bin/nucleus" --version) == "nucleus $2" ]]' \
  _ "$DIST" "$manifest_version"
check "in-place build uses the AOT cache (stamp matches)" uses_cache "$DIST"
check "in place, bin/nucleus decides by itself (no shell)" bash -c "$(declare -f traced); traced \"\$1/bin/nucleus\" --version | grep -q '^nucleus-launch: stamp matches (bin/nucleus): exec '" _ "$DIST"
check "bin/nucleus is an ELF executable" bash -c '[[ $(head -c 4 "$1/bin/nucleus") == $'"'\x7fELF'"' ]]' _ "$DIST"
check "NUCLEUS_NO_AOT=1 runs without it" bash -c "$(declare -f traced); ! NUCLEUS_NO_AOT=1 traced \"\$1/bin/nucleus\" --version | grep -q AOTCache=" _ "$DIST"
check "NUCLEUS_NO_AOT=1 still starts: --version" bash -c 'NUCLEUS_NO_AOT=1 "$1/bin/nucleus" --version | grep -q "^nucleus "' _ "$DIST"
out=$("$DIST/bin/nucleus" run --timings --dry-run -- /bin/true 2>&1 >/dev/null)
check "--timings gets the exec mark from bin/nucleus (a jvm line)" bash -c '[[ $1 == *"timing jvm "* ]]' _ "$out"
check "with the cache, the JVM maps it (-XX:AOTMode=on)" bash -c 'JAVA_TOOL_OPTIONS=-XX:AOTMode=on "$1/bin/nucleus" --version >/dev/null 2>&1' _ "$DIST"

# The class paths, through both deciders: every jar but OpenTelemetry's JDK HTTP sender (it needs
# java.net.http, which the boot loader cannot see) merged into the one jar of the boot class path,
# the sender on -cp.
class_paths_via() {
  local line
  line=$(traced "$@") || return 1
  [[ $line =~ -Xbootclasspath/a:([^ ]*)\ -cp\ ([^ ]*)\ dev.nucleus.cli.Main ]] || return 1
  local boot=${BASH_REMATCH[1]} cp=${BASH_REMATCH[2]}
  [[ $boot =~ ^[^:]*/lib/nucleus-boot\.jar$ ]] && [[ $cp =~ ^[^:]*/lib/jars/opentelemetry-exporter-sender-jdk-[^:/]*\.jar$ ]]
}
check "bin/nucleus: one merged jar on the boot class path, the JDK HTTP sender on -cp" \
  class_paths_via "$DIST/bin/nucleus" --version
# The merged jar holds every class of the jars it was made from (the training driver's, last,
# too), and each service file names every provider the separate jars name.
merged_jar_complete() {
  local j listed
  listed=$("${JDK:?}/bin/jar" tf "$DIST/lib/nucleus-boot.jar" | sort -u) || return 1
  for j in "$DIST"/lib/jars/*.jar; do
    [[ $j == *sender-jdk* ]] && continue
    comm -23 <("${JDK:?}/bin/jar" tf "$j" | grep '\.class$' | grep -v 'module-info\.class$' | sort -u) <(echo "$listed") |
      grep -q . && { echo "classes of $j missing from nucleus-boot.jar" >&2; return 1; }
  done
  grep -qx 'dev/nucleus/dist/AotTraining.class' <<<"$listed" || return 1
  (cd "$T" && rm -rf services && mkdir services && cd services && "${JDK:?}/bin/jar" xf "$DIST/lib/nucleus-boot.jar" META-INF/services) || return 1
  for j in "$DIST"/lib/jars/*.jar; do
    [[ $j == *sender-jdk* ]] && continue
    (cd "$T" && rm -rf one && mkdir one && cd one && "${JDK:?}/bin/jar" xf "$j" META-INF/services) || return 1
    [[ -d $T/one/META-INF/services ]] || continue
    for f in "$T"/one/META-INF/services/*; do
      while read -r provider; do
        grep -qx "$provider" "$T/services/META-INF/services/${f##*/}" || { echo "${f##*/} lost $provider of $j" >&2; return 1; }
      done < <(sed 's/#.*//; s/[[:space:]]//g' "$f" | grep .)
    done
  done
}
check "lib/nucleus-boot.jar: every class and service provider of lib/jars/ (but the sender's)" merged_jar_complete
check "the script: the same class paths, with the cache and without" bash -c \
  "$(declare -f traced class_paths_via); class_paths_via sh \"\$1/lib/nucleus-launch.sh\" --version &&
   NUCLEUS_NO_AOT=1 class_paths_via sh \"\$1/lib/nucleus-launch.sh\" --version" _ "$DIST"

# Which cache a command line maps: the management one for state/ps/stats/logs/attach/stop/kill/rm,
# doctor and image; the detach one for a detached start and its supervisor.
# Checked through both deciders, bin/nucleus and the script, which must agree.
maps_via() { local want=$1; shift; traced "$@" | grep -q " exec .*-XX:AOTCache=[^ ]*/$want "; }
maps() {
  local dist=$1 want=$2; shift 2
  maps_via "$want" "$dist/bin/nucleus" "$@" && maps_via "$want" sh "$dist/lib/nucleus-launch.sh" "$@"
}
check "ps maps lib/nucleus-manage.aot" maps "$DIST" nucleus-manage.aot ps --help
check "doctor maps lib/nucleus-manage.aot" maps "$DIST" nucleus-manage.aot doctor --help
check "image commit maps lib/nucleus-manage.aot" maps "$DIST" nucleus-manage.aot image commit --help
check "image run maps lib/nucleus-manage.aot, not the run cache" maps "$DIST" nucleus-manage.aot image run --help
check "an image named after -- is the workload's" maps "$DIST" nucleus.aot run --help -- image
check "attach after global options maps lib/nucleus-manage.aot" maps "$DIST" nucleus-manage.aot --log-level warn attach --help
check "run maps lib/nucleus.aot" maps "$DIST" nucleus.aot run --help
check "a word after -- is the workload's, not the command" maps "$DIST" nucleus.aot run --help -- ps
check "a detached create maps lib/nucleus-detach.aot" maps "$DIST" nucleus-detach.aot create --help -d -- x
check "a detached run (--detach) maps lib/nucleus-detach.aot" maps "$DIST" nucleus-detach.aot run --detach --help
# (supervise refuses any argument but a launch document, exit 2: only the JVM's line is looked at)
supervisor_maps_detach() {
  { traced "$DIST/bin/nucleus" supervise x.json || true; } | grep -q " exec .*-XX:AOTCache=[^ ]*/nucleus-detach.aot " &&
    { traced sh "$DIST/lib/nucleus-launch.sh" supervise x.json || true; } | grep -q " exec .*-XX:AOTCache=[^ ]*/nucleus-detach.aot "
}
check "the supervisor maps lib/nucleus-detach.aot" supervisor_maps_detach
check "supervise as run's value is not the command" maps "$DIST" nucleus.aot run --name supervise --help
check "-d after -- is the workload's" maps "$DIST" nucleus.aot run --help -- sh -d
check "a value that is a command word is not the command" maps "$DIST" nucleus.aot run --name ps --help
check "run --runtime gvisor maps lib/nucleus-gvisor.aot" maps "$DIST" nucleus-gvisor.aot run --runtime gvisor --help
check "run --runtime=gvisor maps lib/nucleus-gvisor.aot" maps "$DIST" nucleus-gvisor.aot run --runtime=gvisor --help
check "a command-word value before --runtime gvisor" maps "$DIST" nucleus-gvisor.aot run --name ps --runtime gvisor --help
check "run --runtime native maps lib/nucleus.aot" maps "$DIST" nucleus.aot run --runtime native --help
check "a detached gVisor run maps lib/nucleus-detach.aot" maps "$DIST" nucleus-detach.aot run --runtime gvisor -d --help
check "gvisor after -- is the workload's" maps "$DIST" nucleus.aot run --help -- --runtime gvisor
check "a gvisor not after --runtime is a value" maps "$DIST" nucleus.aot run --name gvisor --help
# A run that reads a document (or watches the kernel log, probes its workload, copies its
# workspace) maps the extended cache: their classes stay out of the plain launch's.
for opt in --config=a.toml "--config a.json" "--config-fd 3" "--env-fd 3" "--secrets-fd 4" "--seccomp-profile p.json" \
  "--seccomp-mode trace" --seccomp-log-denied "--seccomp-allow sysinfo" "--caps-policy c.toml" "--landlock-policy l.toml" \
  "--hooks h.json" "--health-cmd true" "--readiness-exec true" "--readiness-tcp 80" "--workspace-mode copy-in-out"; do
  # shellcheck disable=SC2086 # the option and its value, two words
  check "run $opt maps lib/nucleus-extended.aot" maps "$DIST" nucleus-extended.aot run $opt --help
done
check "run --network bridge maps lib/nucleus-network.aot" maps "$DIST" nucleus-network.aot run --network bridge --help
check "run --network=bridge maps lib/nucleus-network.aot" maps "$DIST" nucleus-network.aot run --network=bridge --help
check "a bridged run with a document maps lib/nucleus-network.aot" maps "$DIST" nucleus-network.aot run \
  --config a.toml --network bridge --help
check "a bridged gVisor run maps lib/nucleus-gvisor.aot" maps "$DIST" nucleus-gvisor.aot run --runtime gvisor \
  --network bridge --help
check "a bridge not after --network is a value" maps "$DIST" nucleus.aot run --name bridge --help
check "run --network host maps lib/nucleus.aot" maps "$DIST" nucleus.aot run --network host --help
check "a document option after -- is the workload's" maps "$DIST" nucleus.aot run --help -- --config a.toml
check "a gVisor run with a document maps lib/nucleus-gvisor.aot" maps "$DIST" nucleus-gvisor.aot run --runtime gvisor \
  --config a.toml --help
check "a detached run with a document maps lib/nucleus-detach.aot" maps "$DIST" nucleus-detach.aot run -d \
  --seccomp-profile p.json --help
# A foreground run whose options are all plain ones runs interpreted (-Xint): the JIT's counters and
# compilations cost a short launch more than they save it; a run with anything to read or walk
# (or an option the launcher does not know) keeps the JIT. Commands that would make something are
# given a value the run refuses, so that only the JVM's flags are looked at.
# (The runs exit 2: the trace line is taken whatever the status.)
jvm_line() { traced "$DIST/bin/nucleus" "$@" || true; }
interpreted() { local line; line=$(jvm_line "$@"); [[ $line == *' exec '*' -Xint '* ]]; }
compiled() { local line; line=$(jvm_line "$@"); [[ $line == *' exec '* && $line != *' -Xint '* ]]; }
check "a plain run runs interpreted (-Xint)" interpreted --root "$T/state" run --memory bad -- /bin/true
check "plain options (--name=x, -e K=V, --network host, --root): interpreted" interpreted --root "$T/state" \
  run --name=lt-x -e A=B -m bad --network host --allow-host-network -- /bin/true
check "a rootless run with explicit maps, a pid file and an added host: interpreted" interpreted --root "$T/state" \
  run --rootless --uidmap 0:100000:65536 --gidmap 0:100000:65536 --pid-file "$T/pid" --add-host db:10.0.0.2 \
  --memory bad -- /bin/true
check "a run under a --cgroup-parent: interpreted" interpreted --root "$T/state" \
  run --cgroup-parent agents/team1 --memory bad -- /bin/true
check "strict-agent, trusted: interpreted" interpreted --root "$T/state" \
  run --service-mode strict-agent --trust-level trusted --memory bad -- /bin/true
check "a document to read (--seccomp-profile) keeps the JIT" compiled --root "$T/state" \
  run --seccomp-profile "$T/none.json" -- /bin/true
check "an attested rootfs keeps the JIT" compiled --root "$T/state" run --rootfs "$T/none" --verify-rootfs-attestation \
  --memory bad -- /bin/true
check "--network bridge keeps the JIT" compiled --root "$T/state" run --network bridge --memory bad -- /bin/true
check "an option the launcher does not know keeps the JIT" compiled --root "$T/state" run --no-such-option -- /bin/true
check "a workload named without -- keeps the JIT" compiled --root "$T/state" run --memory bad /bin/true
check "run --dry-run keeps the JIT" compiled run --dry-run -- /bin/true
check "--version keeps the JIT" compiled --version
check "ps keeps the JIT" compiled --root "$T/state" ps
check "ps with the management cache, mapped by the JVM (-XX:AOTMode=on)" bash -c \
  'JAVA_TOOL_OPTIONS=-XX:AOTMode=on "$1/bin/nucleus" ps --help >/dev/null 2>&1' _ "$DIST"

# Every class these starts load comes from their AOT cache: a class read from a jar makes the JVM
# open that jar and each one before it (about 1 ms a jar, cold), and a class spun at run time (an
# annotation proxy, a pattern switch's, a JDK lambda) costs about as much.

# Runs once the java command bin/nucleus runs for "$@", with -Xlog:disable dropped and the log
# option $1 added.
run_logged() {
  local log=$1; shift
  local -a argv=() run=()
  read -r -a argv <<<"$(traced "$DIST/bin/nucleus" "$@" | sed 's/^nucleus-launch: [^:]*: exec //')"
  local a
  for a in "${argv[@]}"; do
    case $a in
      -Xlog:disable) ;;
      -cp) run+=("$log" -cp) ;;
      *) run+=("$a") ;;
    esac
  done
  "${run[@]}" >/dev/null 2>&1
}

# Runs "$@" once with the JVM's log of TAGS into FILE (emptied first); fails, saying so on
# stdout, when the JVM wrote none.
logged_run() {
  local tags=$1 file=$2
  shift 2
  rm -f "$file"
  run_logged "-Xlog:$tags=info:file=$file" "$@"
  [[ -s $file ]] || { echo "no $tags log"; return 1; }
}

# The classes that came from neither the cache nor the JDK image.
classes_from_jars() {
  logged_run class+load "$T/classes.log" "$@" || return 0
  # Everything but the cache's classes and the JDK image's (JFR's event classes are never archived),
  # and the "opened: JAR" lines of the boot class path's jars, which the JVM opens at every start.
  grep -v -e 'source: shared objects file' -e 'source: jrt:/' -e '\] opened: /' "$T/classes.log" || true
}
no_class_from_jars() { local got; got=$(classes_from_jars "$@"); [[ -z $got ]] || { echo "$got" | head -5 >&2; false; }; }
no_jar_class_nor_jackson() { no_class_from_jars "$@" && no_jackson "$@"; }
no_jackson() {
  logged_run class+load "$T/classes.log" "$@" >&2 || return 1
  ! grep -m3 ' tools\.jackson\.' "$T/classes.log" >&2
}

# The initialisations of the classes that show a stream pipeline built (the framework's flag
# table), an EnumSet or EnumMap made (each reads its enum's constants by reflection at first use),
# a regular expression compiled or a Locale's constants made (toLowerCase(Locale.ROOT)). The launch
# path avoids all four, cold (Lists, TreeMaps, AsciiText).
slow_paths_initialised() {
  logged_run class+init "$T/init.log" "$@" || return 0
  grep -E "Initializing '(java/util/stream/StreamOpFlag|java/util/EnumMap|java/util/RegularEnumSet|java/util/regex/Pattern|java/util/Locale)'" \
    "$T/init.log" || true
}
none_initialised() { local got; got=$(slow_paths_initialised "$@"); [[ -z $got ]] || { echo "$got" | head -5 >&2; false; }; }
no_jar_class_nor_regex() { no_class_from_jars "$@" && none_initialised "$@"; }
# No jar opened in Java: a class of the application loader in the cache (the training driver was
# one) has that loader open its jar (ZipFile, JarFile), read the manifest and define its package at
# every start, before main.
no_jar_opened_in_java() {
  logged_run class+init "$T/init.log" "$@" >&2 || return 1
  ! grep -E "Initializing '(java/util/zip/ZipFile|java/util/jar/JarFile)'" "$T/init.log" >&2
}
check "--version opens no jar in Java" no_jar_opened_in_java --version
check "--version reads no class from a jar" no_class_from_jars --version
check "run --dry-run reads no class from a jar" no_class_from_jars run --dry-run -- /bin/true
check "ps reads no class from a jar and spins no proxy" no_class_from_jars --root "$T/state" ps
check "state reads no class from a jar and spins no proxy" no_class_from_jars --root "$T/state" state
if [[ $(id -u) -eq 0 ]]; then
  check "run -- /bin/true reads no class from a jar" no_class_from_jars --root "$T/state" run -- /bin/true
  check "run --memory 64M /bin/true (no --) reads no class from a jar" no_class_from_jars --root "$T/state" \
    run --memory 64M /bin/true
  # An agent platform's usual options (trained: untrained, each such start spun its list readers',
  # mount checks' and records' call sites, 12 to 20 ms).
  mkdir -p "$T/vol" "$T/ws" "$T/ctx"
  check "run with -e, --volume, --tmpfs, --workspace and a bind --context reads no class from a jar and spins none" \
    no_class_from_jars --root "$T/state" run -e A=B --volume "$T/vol:/data:ro" --tmpfs /scratch --workspace "$T/ws" \
    --context "$T/ctx" --context-mode bind -- /bin/true
  # A bridged run maps the network cache, trained on one (untrained, such a start linked its call
  # sites and read its classes cold: a fifth of its time). It makes the bridge and removes it.
  check "run --network bridge reads no class from a jar and spins none" no_class_from_jars \
    --root "$T/state" run --network bridge -- /bin/true
  # --cgroup-parent's names are checked by hand (its two regexes cost a cold start 5 ms). The
  # parent's levels stay for later containers, as nucleus/ does: the test removes its own.
  check "run --cgroup-parent reads no class from a jar, compiles no regex" no_jar_class_nor_regex \
    --root "$T/state" run --cgroup-parent "lt-agents-$$/team1" -- /bin/true
  find /sys/fs/cgroup -maxdepth 7 -type d -name "lt-agents-$$" -exec rmdir {}/team1 {} \; 2>/dev/null || true
  check "run with a copied --context, --user and host networking: none either" no_class_from_jars --root "$T/state" \
    run --context "$T/ctx" --user 65534 --group 65534 --network host --allow-host-network -- /bin/true
  # A JSON config document is read by our own reader: no Jackson class loads (a cold JVM took
  # ~120 ms for them), and the document's path is trained.
  printf '{"memory": "256M", "env_vars": ["A=B"], "volume": ["%s:/data:ro"], "tmpfs": ["/scratch"],\n "command": ["/bin/true"]}\n' \
    "$T/vol" >"$T/launch.json"
  check "run --config of a JSON document reads no class from a jar and builds none" no_class_from_jars \
    --root "$T/state" run --config "$T/launch.json"
  check "run --config of a JSON document loads no Jackson class" no_jackson --root "$T/state" run --config "$T/launch.json"
  check "run --config of a JSON document builds no stream, EnumSet or EnumMap, compiles no regex, makes no Locale" \
    none_initialised --root "$T/state" run --config "$T/launch.json"
  # So is a seccomp profile (~190 ms with Jackson, cold), the shipped coding agent's here.
  check "run --seccomp-profile reads no class from a jar and loads no Jackson class" no_jar_class_nor_jackson \
    --root "$T/state" run --seccomp-profile "$REPO/config/coding-agent.seccomp.json" -- /bin/true
  # And TOML, by our own reader: a config document, and the shipped capability and Landlock policies.
  printf 'memory = "256M"\ncommand = ["/bin/true"]\n[env_vars]\nA = "B"\n' >"$T/launch.toml"
  printf 'hooks = "%s"\ncommand = ["/bin/true"]\n' "$REPO/distribution/src/aot/training-hooks.json" >"$T/launch-hooks.toml"
  check "run --config of a TOML document reads no class from a jar and loads no Jackson class" \
    no_jar_class_nor_jackson --root "$T/state" run --config "$T/launch.toml"
  check "run --caps-policy --landlock-policy (TOML) reads no class from a jar and loads no Jackson class" \
    no_jar_class_nor_jackson --root "$T/state" run --caps-policy "$REPO/config/coding-agent.caps.toml" \
    --landlock-policy "$REPO/config/coding-agent.landlock.toml" -- /bin/true
  # Nor do these runs build a stream, an EnumSet or EnumMap, a regex or a Locale (cold set-ups).
  check "run with the shipped seccomp, caps and Landlock policies: none of those either" none_initialised \
    --root "$T/state" run --seccomp-profile "$REPO/config/coding-agent.seccomp.json" \
    --caps-policy "$REPO/config/coding-agent.caps.toml" --landlock-policy "$REPO/config/coding-agent.landlock.toml" -- /bin/true
  check "run --config of a TOML document and with --hooks: none of those either" none_initialised \
    --root "$T/state" run --config "$T/launch-hooks.toml"
  # gVisor's cache likewise (runsc and busybox-static come with scripts/setup.sh, as on CI).
  mkdir -p "$T/gv-rootfs/bin" && cp "$(command -v busybox)" "$T/gv-rootfs/bin/busybox" && ln -sf busybox "$T/gv-rootfs/bin/true"
  check "run --runtime gvisor with -e, --volume, --tmpfs, --workspace and a name reads no class from a jar and builds none" \
    no_class_from_jars --root "$T/state" run --runtime gvisor --rootfs "$T/gv-rootfs" -e A=B --volume "$T/vol:/data:ro" \
    --tmpfs /scratch --workspace "$T/ws" --name lt-gvisor -- /bin/true
  check "run -- /bin/true builds no stream, EnumSet or EnumMap, compiles no regex, makes no Locale" none_initialised \
    --root "$T/state" run -- /bin/true
  # An agent's usual workload is a shell line: the audit redacts its words by hand (the regexes
  # compiled for every argument with a space cost such a start 4.7 ms).
  check "run -- /bin/sh -c 'a line: with spaces' compiles no regex, builds no stream" none_initialised \
    --root "$T/state" run -- /bin/sh -c 'true; echo "a: b" >/dev/null'
  check "run -- /bin/true opens no jar in Java" no_jar_opened_in_java --root "$T/state" run -- /bin/true
  check "run -- /bin/true, interpreted, with its cache mapped by the JVM (-XX:AOTMode=on)" bash -c \
    'JAVA_TOOL_OPTIONS=-XX:AOTMode=on "$1/bin/nucleus" --root "$2" run -- /bin/true >/dev/null 2>&1' _ "$DIST" "$T/state"
  # The other trained launches (their classes are in every start's cache): nor do they, each in a
  # state root of its own, so the seccomp program store misses and writes there too.
  check "run --memory 512M with an events stream: none either" none_initialised --root "$T/state-memory" \
    --events-jsonl "$T/events.jsonl" run --memory 512M -- /bin/true
  check "run strict-agent, trusted: none either" none_initialised --root "$T/state-strict" \
    run --service-mode strict-agent --trust-level trusted -- /bin/true
  if [[ -x $WORK/aot/busybox-rootfs/bin/busybox ]]; then
    check "run --rootfs (busybox) --rootfs-mode overlay: none either" none_initialised --root "$T/state-overlay" \
      run --rootfs "$WORK/aot/busybox-rootfs" --rootfs-mode overlay -- /bin/true
  else
    ko "run --rootfs --rootfs-mode overlay: no busybox rootfs at $WORK/aot/busybox-rootfs (install busybox-static)"
  fi
  # With containers to list, sort and check: nothing spun for them either.
  "$DIST/bin/nucleus" --root "$T/state" create -d --name lt-a -- /bin/sleep 30 >/dev/null &&
    "$DIST/bin/nucleus" --root "$T/state" create -d --name lt-b -- /bin/sleep 30 >/dev/null
  check "ps of two containers reads no class from a jar and spins none" no_class_from_jars --root "$T/state" ps
  check "state CONTAINER reads no class from a jar and spins none" no_class_from_jars --root "$T/state" state lt-a
  "$DIST/bin/nucleus" --root "$T/state" rm --force lt-a lt-b >/dev/null
  # A detached start's own JVM (its supervisor's is trained alike; the build checks it started).
  check "create -d reads no class from a jar and spins none" no_class_from_jars --root "$T/state" \
    create -d --name lt-d -- /bin/true
  check "create -d, with the detach cache mapped by the JVM (-XX:AOTMode=on)" bash -c \
    'JAVA_TOOL_OPTIONS=-XX:AOTMode=on "$1/bin/nucleus" --root "$2" create -d --name lt-d2 -- /bin/true >/dev/null 2>&1' \
    _ "$DIST" "$T/state"
  "$DIST/bin/nucleus" --root "$T/state" rm --force lt-d lt-d2 >/dev/null
else
  ko "run -- /bin/true reads no class from a jar: needs root (these tests run as root on CI)"
fi

# A copy keeping mtimes (new inodes and ctimes): the stamp differs, the digest and mtimes match
# -> cache used (bin/nucleus hands over to the script).
cp -a "$DIST" "$T/copy with space"
check "copied tree: digest matches, cache used" uses_cache "$T/copy with space"
out=$("$T/copy with space/bin/nucleus" --version 2>"$T/err2")
check "copied tree: clean stdout and stderr" bash -c '[[ $1 == nucleus\ * ]] && [[ ! -s $2 ]]' _ "$out" "$T/err2"

# A copy with new mtimes: same bytes, but the JVM would refuse the cache noisily -> no cache, quiet.
cp -r "$DIST" "$T/plain copy"
check "plain copy (new mtimes): runs without the cache" bash -c "$(declare -f traced uses_cache); ! uses_cache \"\$1\"" _ "$T/plain copy"
out=$("$T/plain copy/bin/nucleus" --version 2>"$T/err5")
check "plain copy (new mtimes): clean stdout and stderr" bash -c '[[ $1 == nucleus\ * ]] && [[ ! -s $2 ]]' _ "$out" "$T/err5"

# Through a symlink to the launcher.
ln -s "$T/copy with space/bin/nucleus" "$T/nucleus-link"
check "symlinked launcher works" bash -c '"$1" --version | grep -q "^nucleus "' _ "$T/nucleus-link"

# P1: a changed jar must never run with the old cache (Temurin 25.0.3 would use it silently).
cp -r "$DIST" "$T/stale"
jar="$T/stale/lib/nucleus-boot.jar"
printf 'x' >>"$jar"   # still a valid zip for the JVM? irrelevant: the guard must refuse first
check "changed jar: cache refused" bash -c "$(declare -f traced uses_cache); ! uses_cache \"\$1\"" _ "$T/stale"
"$T/stale/bin/nucleus" --version >/dev/null 2>"$T/err3"
check "changed jar: one-line warning on stderr" grep -q 'not what the AOT cache was trained on' "$T/err3"
cp -r "$DIST" "$T/touched"
touch -r "$T/touched/lib/nucleus.aot" "$T/touched/lib/"*.jar   # same sizes, mtimes forged
cp "$DIST/lib/nucleus.aot.stamp" "$T/touched/lib/nucleus.aot.stamp"
check "forged mtimes + copied stamp: the digest decides (ctime/inode differ), mtimes refuse" bash -c "$(declare -f traced);
  traced \"\$1/bin/nucleus\" --version | grep -q '^nucleus-launch: no AOT cache: same bytes, but the jar mtimes moved (lib/nucleus-launch.sh): exec '" _ "$T/touched"
check "copied tree keeping mtimes: the digest decides, cache used" bash -c "$(declare -f traced);
  traced \"\$1/bin/nucleus\" --version | grep -q '^nucleus-launch: digest matches (lib/nucleus-launch.sh): exec .*-XX:AOTCache='" _ "$T/copy with space"
# No runtime: bin/nucleus hands over to the script, which names what is missing.
cp -a "$DIST" "$T/no-runtime" && rm "$T/no-runtime/runtime/bin/java"
"$T/no-runtime/bin/nucleus" --version >/dev/null 2>"$T/err6"; rc=$?
check "no runtime/bin/java: exit 125" test $rc -eq 125
check "no runtime/bin/java: says it is missing" grep -q 'runtime/bin/java is missing' "$T/err6"

# The repository launcher without a build.
mkdir -p "$T/repo/bin" && cp "$DIST/../../../bin/nucleus" "$T/repo/bin/nucleus"
"$T/repo/bin/nucleus" --version >/dev/null 2>"$T/err4"; rc=$?
check "repo bin/nucleus without a build: exit 125" test $rc -eq 125
check "repo bin/nucleus without a build: says 'make build'" grep -q 'make build' "$T/err4"

# The repository launcher with the build, however it is named: ./nucleus from bin/, a path through
# .., a symbolic link to it (each must find the repository two levels above the script).
want=$("$DIST/bin/nucleus" --version)
check "repo bin/nucleus as ./nucleus from bin/" bash -c 'cd "$1/bin" && [[ $(./nucleus --version) == "$2" ]]' _ "$REPO" "$want"
check "repo bin/nucleus through bin/../bin" bash -c '[[ $("$1/bin/../bin/nucleus" --version) == "$2" ]]' _ "$REPO" "$want"
ln -s "$REPO/bin/nucleus" "$T/repo-link"
check "repo bin/nucleus through a symbolic link" bash -c '[[ $("$1" --version) == "$2" ]]' _ "$T/repo-link" "$want"

rm -rf "$T"
echo "launcher: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
