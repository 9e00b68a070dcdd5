#!/usr/bin/env bash
# Assembles distribution/target/nucleus. Called by the distribution pom:
#   assemble.sh prepare   (prepare-package, before the dependency plugin fills lib/)
#   assemble.sh assemble  (package, after the jar plugin built the training driver jar)
# Configuration comes from the environment the pom sets (see distribution/pom.xml).
set -euo pipefail
REPO=$(cd "$REPO" && pwd -P)

: "${DIST:?}" "${WORK:?}" "${JDK:?}" "${JLINK_MODULES:?}" "${JVM_FLAGS:?}" "${REPO:?}" "${BASEDIR:?}"
# stat format of the launcher's fast AOT check; the stamp is written with the same string.
STAT_FORMAT='%n %s %d:%i %.9Y %.9Z|'
# The jars' mtimes, for the launcher's slow check of a copied tree.
MTIME_FORMAT='%n %Y|'
# Stamped besides the jars (paths relative to lib/): the caches and the runtime.
STAMPED_EXTRA='nucleus.aot nucleus-manage.aot nucleus-gvisor.aot nucleus-extended.aot nucleus-network.aot nucleus-detach.aot ../runtime/release'
log() { printf '[nucleus-dist] %s\n' "$*" >&2; }
die() { printf '[nucleus-dist] ERROR: %s\n' "$*" >&2; exit 1; }

prepare() {
  rm -rf "$DIST/lib" "$DIST/bin" "$WORK/native" "$WORK/aot"
  mkdir -p "$DIST/lib" "$DIST/bin" "$WORK"
}

jlink_runtime() {
  local key
  key="jdk=$JDK modules=$JLINK_MODULES opts=strip-debug,no-man-pages,no-header-files,generate-cds-archive
$(cat "$JDK/release")"
  if [[ -x "$DIST/runtime/bin/java" && -f "$WORK/jlink.key" && "$(cat "$WORK/jlink.key")" == "$key" ]]; then
    log "runtime/ is up to date (jlink $JLINK_MODULES), not relinking"
    return
  fi
  rm -rf "$DIST/runtime" "$WORK/jlink.key"
  log "jlink --add-modules $JLINK_MODULES"
  "$JDK/bin/jlink" --add-modules "$JLINK_MODULES" --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive --output "$DIST/runtime"
  printf '%s' "$key" >"$WORK/jlink.key"
}

assemble() {
  local cpfile="$WORK/classpath.txt" jars=() entry
  [[ -s "$cpfile" ]] || die "$cpfile is missing (dependency:build-classpath)"
  # build-classpath writes lib/<file>:lib/<file>... in Maven's resolution order (cli jar first).
  IFS=: read -r -a entries <"$cpfile" || true  # no trailing newline
  for entry in "${entries[@]}"; do
    entry=${entry##*/}
    [[ -f "$DIST/lib/$entry" ]] || die "lib/$entry listed on the classpath but not copied"
    jars+=("$entry")
  done
  mapfile -t jars < <(launch_order "${jars[@]}")
  local boot=() app=()
  split_class_paths "${jars[@]}"
  # The separate jars go to lib/jars/ (an embedding application's class path, README); the boot
  # class path is one jar merged from them, the training driver LAST: training and production
  # class paths must be identical (P2), and last means it never shadows a real class.
  mkdir -p "$DIST/lib/jars"
  for entry in "${jars[@]}"; do mv "$DIST/lib/$entry" "$DIST/lib/jars/$entry"; done
  merge_boot_jars "${boot[@]}"
  boot=("$BOOT_JAR")
  app=("${app[@]/#/jars/}")
  jars=("${boot[@]}" "${app[@]}")

  # The JNI library and the shim, both from the nucleus-native jar. The shim is installed
  # read-only (DESIGN.md: a container must never be able to rewrite the runtime's executable).
  local native="$WORK/native/native/linux-x86_64"
  [[ -f "$native/libnucleus.so" ]] || die "the nucleus-native jar has no native/linux-x86_64/libnucleus.so"
  [[ -f "$native/nucleus-shim" ]] || die "the nucleus-native jar has no native/linux-x86_64/nucleus-shim"
  install -m 0444 "$native/libnucleus.so" "$DIST/lib/libnucleus.so"
  install -m 0555 "$native/nucleus-shim" "$DIST/lib/nucleus-shim"
  log "lib/libnucleus.so and lib/nucleus-shim from the nucleus-native jar"

  jlink_runtime

  local flags_sed=${JVM_FLAGS//\\/\\\\}
  sed -e "s|@JARS@|${jars[*]}|" -e "s|@BOOT_JARS@|${boot[*]}|" -e "s|@APP_JARS@|${app[*]}|" -e "s#@JVM_FLAGS@#${flags_sed}#" -e "s#@STAT_FORMAT@#${STAT_FORMAT}#" -e "s#@MTIME_FORMAT@#${MTIME_FORMAT}#" \
    -e "s#@STAMPED_EXTRA@#${STAMPED_EXTRA}#" "$BASEDIR/src/dist/lib/nucleus-launch.sh" >"$DIST/lib/nucleus-launch.sh"
  chmod 0644 "$DIST/lib/nucleus-launch.sh"
  if grep -q '@[A-Z_]*@' "$DIST/lib/nucleus-launch.sh"; then die "unsubstituted placeholder in lib/nucleus-launch.sh"; fi
  launcher "${jars[@]}"

  train "${jars[@]}"
}

# The class path in the order a start is likeliest to need a jar: a class the AOT cache does not
# hold (an untrained path: --help, an error, a config document) is looked up jar by jar, opening
# every jar before the one that has it (about 1 ms each, cold). So Nucleus's own jars first, then
# picocli, Jackson, logging, and OpenTelemetry (only with an OTLP endpoint) last; Maven's order
# within each group.
launch_order() {
  local pattern j
  local -A placed=()
  for pattern in 'nucleus-*' 'picocli-*' 'jackson-*' 'slf4j-*' 'logback-*' '*'; do
    for j in "$@"; do
      # shellcheck disable=SC2254 # the pattern is meant to match
      case $j in
        $pattern) [[ -n ${placed[$j]:-} ]] || { placed[$j]=1; printf '%s\n' "$j"; } ;;
      esac
    done
  done
}

# Which jars the JVM reads through the boot class path (-Xbootclasspath/a) and which through the
# application class loader (-cp); sets the caller's boot and app arrays, each in launch order.
# Classes from the boot class path skip what the application loader does for every class of its
# AOT cache at each start (a URL, a manifest and a protection domain per jar, a package definition
# per package, all Java run cold: the JVM's start 2-5 ms shorter, `ps` some 14 ms; README, "The
# launcher and the AOT cache"). The boot loader sees only the modules defined to it, so a jar that needs one of
# the platform loader's (java.net.http, java.sql) goes on -cp: OpenTelemetry's JDK HTTP sender,
# which OpenTelemetry finds as a service through the system class loader. The training driver is
# on the boot class path, last: on -cp, it was the cache's only class of the application loader,
# which then opened its jar in Java and defined its package at every start.
CLASS_PATH_JARS='opentelemetry-exporter-sender-jdk-*.jar'
split_class_paths() {
  local j pattern on_cp
  for j in "$@"; do
    on_cp=
    for pattern in $CLASS_PATH_JARS; do
      # shellcheck disable=SC2254 # the pattern is meant to match
      case $j in $pattern) on_cp=1 ;; esac
    done
    if [[ -n $on_cp ]]; then app+=("$j"); else boot+=("$j"); fi
  done
  [[ ${#app[@]} -ge 1 ]] || die "expected the OpenTelemetry JDK sender on -cp, got: ${app[*]}"
}

# lib/nucleus-boot.jar: the boot class path's jars (lib/jars/, in the order given) and the training
# driver, merged into one (MergeJars.java says how). The JVM opens each jar of -Xbootclasspath/a
# before main, realpath-ing each directory on its way: 26 jars cost a start some 2-3 ms more than
# one holding the same entries (README, "The launcher and the AOT cache").
BOOT_JAR=nucleus-boot.jar
merge_boot_jars() {
  local inputs=("${@/#/$DIST/lib/jars/}" "$TRAINING_JAR")
  "$JDK/bin/java" "$BASEDIR/src/build/MergeJars.java" "$DIST/lib/$BOOT_JAR" "${inputs[@]}" ||
    die "merging the boot class path's jars into lib/$BOOT_JAR failed"
  log "lib/$BOOT_JAR: $# jars and the training driver merged ($(stat -c %s "$DIST/lib/$BOOT_JAR") bytes)"
}

# bin/nucleus: the C launcher, static (no dynamic loader at every start), with the jar lists (the
# caller's boot and app arrays), the stamped files and the JVM flags compiled in from the values
# the script gets.
launcher() {
  local header="$WORK/launcher/launch_config.h" f
  mkdir -p "$WORK/launcher"
  c_strings() { local out="" x; for x in "$@"; do out+="\"$x\", "; done; printf '{%s}' "$out"; }
  local -a flags stamped
  read -r -a flags <<<"$JVM_FLAGS"
  read -r -a stamped <<<"$STAMPED_EXTRA"
  for f in "$@" "${flags[@]}" "${stamped[@]}"; do
    [[ $f != *[\"\\]* ]] || die "cannot compile a launcher for a name or flag with a quote or backslash: $f"
  done
  {
    echo "/* Generated by distribution/src/build/assemble.sh. */"
    echo "#define LAUNCH_CACHE \"nucleus.aot\""
    echo "#define MANAGE_CACHE \"nucleus-manage.aot\""
    echo "#define GVISOR_CACHE \"nucleus-gvisor.aot\""
    echo "#define EXTENDED_CACHE \"nucleus-extended.aot\""
    echo "#define NETWORK_CACHE \"nucleus-network.aot\""
    echo "#define DETACH_CACHE \"nucleus-detach.aot\""
    echo "static const char *const BOOT_JARS[] = $(c_strings "${boot[@]}");"
    echo "static const char *const APP_JARS[] = $(c_strings "${app[@]}");"
    echo "static const char *const STAMPED_FILES[] = $(c_strings "$@" "${stamped[@]}");"
    echo "static const char *const JVM_FLAGS[] = $(c_strings "${flags[@]}");"
  } >"$header"
  "${CC:-gcc}" -std=c11 -O2 -Wall -Wextra -Werror -static -s -I"$WORK/launcher" \
    -o "$DIST/bin/nucleus" "$BASEDIR/src/launcher/nucleus-launcher.c" || die "compiling bin/nucleus failed"
  chmod 0755 "$DIST/bin/nucleus"
  log "bin/nucleus: the C launcher ($(stat -c %s "$DIST/bin/nucleus") bytes), lib/nucleus-launch.sh for the slow path"
}

# The caches, trained with the launcher's class paths (the caller's boot and app arrays): the JVM
# maps a cache only for the class paths it was trained with.
train() {
  local jars=("$@") cp="" bootcp="" appcp="" j
  for j in "${jars[@]}"; do cp+="${cp:+:}$DIST/lib/$j"; done
  for j in "${boot[@]}"; do bootcp+="${bootcp:+:}$DIST/lib/$j"; done
  for j in "${app[@]}"; do appcp+="${appcp:+:}$DIST/lib/$j"; done
  local aot="$DIST/lib/nucleus.aot"
  rm -f "$aot" "$aot.classpath-digest" "$aot.mtimes" "$aot.stamp" "$DIST/lib/nucleus-manage.aot" "$DIST/lib/nucleus-gvisor.aot" \
    "$DIST/lib/nucleus-extended.aot" "$DIST/lib/nucleus-network.aot" "$DIST/lib/nucleus-detach.aot"
  mkdir -p "$WORK/aot/rootfs"
  # A rootfs gVisor can run /bin/true in (busybox-static, when installed; else the gVisor line fails
  # early and trains only the bundle path).
  rm -rf "$WORK/aot/busybox-rootfs" && mkdir -p "$WORK/aot/busybox-rootfs/"{bin,proc,dev,tmp}
  local busybox
  busybox=$(command -v busybox || true)
  if [[ -n $busybox ]]; then
    cp "$busybox" "$WORK/aot/busybox-rootfs/bin/busybox" && ln -s busybox "$WORK/aot/busybox-rootfs/bin/true"
  fi
  # Production runs a rootfs from the Nix store: the busybox one scripts/nix-busybox-rootfs.sh builds
  # (nix-bin, installed by scripts/setup.sh). Without Nix that line is refused and trains the rules only.
  local nix_rootfs="$WORK/aot/busybox-rootfs"
  if command -v nix-build >/dev/null && [[ -n $busybox ]]; then
    nix_rootfs=$("$REPO/scripts/nix-busybox-rootfs.sh") || { log "note: the Nix rootfs did not build"; nix_rootfs="$WORK/aot/busybox-rootfs"; }
  fi
  rm -rf "$WORK/aot/state"
  # The image lines' HMAC key (0600, as nucleus requires), made for the training and removed with it.
  rm -f "$WORK/aot/image.key" && (umask 077 && head -c 32 /dev/urandom >"$WORK/aot/image.key")
  local file
  for file in training-commands.txt training-commands-manage.txt training-commands-gvisor.txt \
    training-commands-extended.txt training-commands-network.txt training-commands-detach.txt; do
    sed -e "s#@REPO@#$REPO#g" -e "s#@ROOTFS@#$WORK/aot/rootfs#g" -e "s#@BUSYBOX_ROOTFS@#$WORK/aot/busybox-rootfs#g" \
      -e "s#@NIX_ROOTFS@#$nix_rootfs#g" -e "s#@IMAGE_KEY@#$WORK/aot/image.key#g" \
      -e "s#@STATE@#$WORK/aot/state#g" "$BASEDIR/src/aot/$file" >"$WORK/aot/$file"
  done
  [[ -f "$REPO/examples/agent.nucleus.toml" ]] ||
    log "note: $REPO/examples/agent.nucleus.toml does not exist yet; that training command will fail"
  # Exactly the launcher's flags: $JVM_FLAGS is the same pom property substituted into bin/nucleus.
  # No -Xshare here: JDK 25 refuses any -Xshare:* next to -XX:AOTCache(Output)= ("cannot be used
  # at the same time with -Xshare:on, -Xshare:auto, ..."); the launcher adds -Xshare:auto only
  # when it runs without the cache.
  [[ $JVM_FLAGS != *-Xshare* ]] || die "nucleus.jvm.flags must not contain -Xshare:* (see the launcher)"
  train_cache "$WORK/aot/training-commands.txt" "$aot"
  # A run that reads a document (a config, a policy, a seccomp profile, hooks) or uses one of the
  # launcher's other extended options has a cache of its own: the launch's lines and the extended
  # ones (whose classes would cost every plain run ~1 ms).
  cat "$WORK/aot/training-commands.txt" "$WORK/aot/training-commands-extended.txt" \
    >"$WORK/aot/training-commands-with-extended.txt"
  train_cache "$WORK/aot/training-commands-with-extended.txt" "$DIST/lib/nucleus-extended.aot"
  # A bridged run has one too: those lines and a bridge's (its set-up and teardown would cost the
  # extended cache's runs ~1 ms of JVM start, in a bigger cache).
  cat "$WORK/aot/training-commands-with-extended.txt" "$WORK/aot/training-commands-network.txt" \
    >"$WORK/aot/training-commands-with-network.txt"
  train_cache "$WORK/aot/training-commands-with-network.txt" "$DIST/lib/nucleus-network.aot"
  # A foreground `run --runtime gvisor` has one too: its bundle and runsc classes stay out of every
  # native start.
  train_cache "$WORK/aot/training-commands-gvisor.txt" "$DIST/lib/nucleus-gvisor.aot"
  # Container management has a cache of its own (the launcher picks it for ps, attach, stop, ...),
  # trained on containers of its own in a state directory of its own, removed afterwards.
  train_cache "$WORK/aot/training-commands-manage.txt" "$DIST/lib/nucleus-manage.aot"
  # A detached start's two JVMs (run -d / create -d, and the supervisor it starts) have one too: in
  # the management cache each mapped and loaded its every class (Jackson's, the images', doctor's).
  # The supervisor's line runs last: it moves the training JVM's stdout and stderr onto the
  # container's log, and reports on fd 3.
  local document
  document=$(capture_launch_document) || die "cannot capture a launch document to train the supervisor on"
  { cat "$WORK/aot/training-commands.txt" "$WORK/aot/training-commands-detach.txt"
    echo "supervise $document"; } >"$WORK/aot/training-commands-with-detach.txt"
  train_cache "$WORK/aot/training-commands-with-detach.txt" "$DIST/lib/nucleus-detach.aot" "$WORK/aot/supervise-status.txt"
  grep -q '^@@nucleus-supervise started$' "$WORK/aot/supervise-status.txt" ||
    die "the supervisor trained in lib/nucleus-detach.aot did not start its container: $(cat "$WORK/aot/supervise-status.txt")"
  "$DIST/runtime/bin/java" -cp "$cp" dev.nucleus.cli.Main --root "$WORK/aot/state" rm --force aot-training \
    aot-training-2 aot-training-keep aot-image aot-detach aot-detach-2 aot-detach-supervised >/dev/null 2>&1 || true
  rm -rf "$WORK/aot/capture" "$WORK/aot/supervise-status.txt"
  rm -rf "$WORK/aot/state" "$WORK/aot/image.key"

  (cd "$DIST/lib" && sha256sum -- "${jars[@]}" ../runtime/release | sha256sum | cut -d' ' -f1) \
    >"$aot.classpath-digest"
  # The JVM itself refuses a cache whose jars' mtimes changed ("timestamp has changed", with
  # error lines on stderr), so the launcher's slow path also needs the trained mtimes.
  (cd "$DIST/lib" && stat -L --printf "$MTIME_FORMAT" -- "${jars[@]}") >"$aot.mtimes"
  echo >>"$aot.mtimes"
  # Stamp last: nothing in lib/ or runtime/release may change after it.
  # shellcheck disable=SC2086 # a list of plain names
  (cd "$DIST/lib" && stat -L --printf "$STAT_FORMAT" -- "${jars[@]}" $STAMPED_EXTRA) \
    >"$aot.stamp"
  echo >>"$aot.stamp"
  settle_caches
  verify
}

# A file just written stays in the page cache in the small folios it was written in, and a JVM
# mapping a cache faults it in page by page (relocating it touches every page): a start with a
# cache the build had just written spent 1.4 ms longer creating its VM (its mapping, "Genesis",
# 7.1 against 5.6 ms) than with the same file read back from disk, in readahead's large folios.
# So each cache is written out and dropped from the page cache; the next start reads it back.
# (Neither changes the file: the stamp's times stay.)
settle_caches() {
  local aot
  for aot in "$DIST"/lib/*.aot; do
    sync -- "$aot" && dd if="$aot" iflag=nocache count=0 status=none || die "cannot drop $aot from the page cache"
  done
}

# The distribution's JVM with the launcher's flags and the caller's bootcp and appcp, in $WORK/aot,
# with no JAVA_TOOL_OPTIONS or the like: PROPERTIES_AND_OPTIONS... CLASS ARGS...
training_java() {
  local -a flags
  read -r -a flags <<<"$JVM_FLAGS"
  local -a before=()
  while [[ $1 == -* ]]; do before+=("$1"); shift; done
  (cd "$WORK/aot" && env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u _JAVA_OPTIONS "$DIST/runtime/bin/java" "${flags[@]}" \
    "${before[@]}" "-Xbootclasspath/a:$bootcp" -cp "$appcp" "$@")
}

# A launch document as `create -d` hands it to its supervisor, for the supervisor's training: the
# command runs with a nucleus.home whose bin/nucleus only copies the document it is given (to
# $WORK/aot/capture/.launch/, 0700, as `supervise` requires) and exits, so nothing runs it; the
# command then ends with 125 (no report), which is expected. Prints the copy's path. The secrets
# (none) that came on the stub's stdin are written into the copy: the training JVM's stdin is not
# the supervisor's pipe.
capture_launch_document() {
  local home="$WORK/aot/capture/home" into="$WORK/aot/capture/.launch" found
  rm -rf "$WORK/aot/capture" && mkdir -p "$home/bin" "$into" && chmod 700 "$into"
  ln -s "$DIST/lib" "$home/lib" && ln -s "$DIST/runtime" "$home/runtime"
  printf '#!/bin/sh\n# $1 is "supervise", $2 the launch document\numask 077\nexec sed %q -- "$2" >%q/"${2##*/}"\n' \
    's/"secret_env_on_stdin":true/"secret_env":[]/' "$into" >"$home/bin/nucleus"
  chmod +x "$home/bin/nucleus"
  training_java "-Dnucleus.home=$home" dev.nucleus.cli.Main --root "$WORK/aot/state" \
    create -d --name aot-detach-supervised -- /bin/true </dev/null >/dev/null 2>&1 || true
  found=$(find "$into" -maxdepth 1 -name '*.json' -print -quit)
  [[ -n $found ]] && echo "$found"
}

# One training JVM: the commands of $1, run through the CLI's own entry point, recorded into cache
# $2, with the caller's bootcp and appcp; fd 3 goes to file $3 when given (a supervisor reports there).
train_cache() {
  local commands=$1 aot=$2 status=${3:-/dev/null}
  log "AOT training: $DIST/runtime/bin/java $JVM_FLAGS -XX:AOTCacheOutput=lib/${aot##*/} ($(basename "$commands"))"
  local rc=0 t0=$SECONDS
  training_java "-Dnucleus.home=$DIST" "-XX:AOTCacheOutput=$aot" dev.nucleus.dist.AotTraining "$commands" \
    </dev/null >"$WORK/aot/training.out" 3>"$status" || rc=$?
  [[ -s "$WORK/aot/training.out" ]] && sed 's/^/[nucleus-dist] training stdout: /' "$WORK/aot/training.out" >&2
  # A training command may fail today; the JVM failing to write the cache may not.
  [[ -s "$aot" ]] || die "the training JVM (exit $rc) did not write $aot"
  log "AOT cache: $(du -h "$aot" | cut -f1) in $((SECONDS - t0)) s (training JVM exit $rc)"
  # --keep's container would still hold its name when the next cache's training runs that line
  # again, which would then train the refusal (exit 2) instead of the launch.
  training_java dev.nucleus.cli.Main --root "$WORK/aot/state" rm --force aot-training-keep </dev/null >/dev/null 2>&1 ||
    true
}

# The real launcher must map the cache with its own flags: -XX:AOTMode=on makes any mismatch
# (P2 module flags, P3 runtime, or the launcher refusing the cache) fatal, and stdout must be
# exactly the version line with nothing else on stderr (P4).
verify() {
  local out err rc=0
  out=$(env -u JDK_JAVA_OPTIONS -u _JAVA_OPTIONS JAVA_TOOL_OPTIONS=-XX:AOTMode=on \
    "$DIST/bin/nucleus" --version 2>"$WORK/aot/verify.err" </dev/null) || rc=$?
  err=$(grep -v '^Picked up JAVA_TOOL_OPTIONS' "$WORK/aot/verify.err" || true)
  # (JVM initialisation errors go to stdout, hence both.)
  [[ $rc -eq 0 ]] || die "bin/nucleus --version with -XX:AOTMode=on failed (exit $rc): $out $err"
  [[ -z "$err" ]] || die "bin/nucleus --version wrote to stderr with the AOT cache: $err"
  [[ "$out" == nucleus\ * && "$out" != *$'\n'* ]] || die "bin/nucleus --version stdout is not one version line: $out"
  log "verified: bin/nucleus --version -> '$out' with the AOT cache mapped (-XX:AOTMode=on), stderr clean"
  # Each other cache, as the launcher picks it: management for `ps`, gVisor for a foreground
  # `run --runtime gvisor`, extended for a run that names a config document, network for a bridged run.
  verify_maps nucleus-manage.aot --root "$WORK/aot/verify-state" ps
  rm -rf "$WORK/aot/verify-state"
  verify_maps nucleus-gvisor.aot run --runtime gvisor --help
  verify_maps nucleus-extended.aot run --config "$WORK/aot/none.json" --help
  verify_maps nucleus-network.aot run --network bridge --help
  verify_maps nucleus-detach.aot run -d --help
}

# bin/nucleus ARGS... runs with lib/CACHE mapped (-XX:AOTMode=on makes a cache it cannot map
# fatal), exits 0 and writes nothing on stderr.
verify_maps() {
  local cache=$1 out err rc=0
  shift
  out=$(env -u JDK_JAVA_OPTIONS -u _JAVA_OPTIONS JAVA_TOOL_OPTIONS=-XX:AOTMode=on \
    "$DIST/bin/nucleus" "$@" 2>"$WORK/aot/verify.err" </dev/null) || rc=$?
  err=$(grep -v '^Picked up JAVA_TOOL_OPTIONS' "$WORK/aot/verify.err" || true)
  [[ $rc -eq 0 && -z "$err" ]] || die "bin/nucleus $* with -XX:AOTMode=on (lib/$cache) failed (exit $rc): $out $err"
  log "verified: bin/nucleus $* with lib/$cache mapped (-XX:AOTMode=on), stderr clean"
}

case ${1:-} in
  prepare) prepare ;;
  assemble) assemble ;;
  *) die "usage: assemble.sh prepare|assemble" ;;
esac
