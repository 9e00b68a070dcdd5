#!/usr/bin/env bash
# Tests of the assembled distribution's launcher and AOT-cache guard (run by `mvn verify`).
# Works on copies under target/launcher-test; never touches target/nucleus itself.
set -uo pipefail
DIST=${DIST:?}
T=${WORK:?}/launcher-test
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "  ok   $1"; }
ko() { fail=$((fail + 1)); echo "  FAIL $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else ko "$name"; fi; }
# The java command line the launcher would exec (sh -x trace of its last line).
uses_cache() { sh -x "$1/bin/nucleus" --version 2>&1 >/dev/null | grep -q '^+ exec .*-XX:AOTCache='; }

rm -rf "$T" && mkdir -p "$T"

out=$("$DIST/bin/nucleus" --version 2>"$T/err"); rc=$?
check "--version exits 0" test $rc -eq 0
check "--version stdout is one 'nucleus ' line" bash -c '[[ $1 == nucleus\ * && $1 != *$'"'\n'"'* ]]' _ "$out"
check "--version stderr is empty" test ! -s "$T/err"
check "in-place build uses the AOT cache (stamp matches)" uses_cache "$DIST"
check "NUCLEUS_NO_AOT=1 runs without it" bash -c '! NUCLEUS_NO_AOT=1 sh -x "$1/bin/nucleus" --version 2>&1 >/dev/null | grep -q AOTCache=' _ "$DIST"
check "with the cache, the JVM maps it (-XX:AOTMode=on)" bash -c 'JAVA_TOOL_OPTIONS=-XX:AOTMode=on "$1/bin/nucleus" --version >/dev/null 2>&1' _ "$DIST"

# Which cache a command line maps: the management one for state/ps/stats/logs/attach/stop/kill/rm.
maps() { sh -x "$1/bin/nucleus" "${@:3}" 2>&1 >/dev/null | grep -q "^+ exec .*-XX:AOTCache=[^ ]*/$2 "; }
check "ps maps lib/nucleus-manage.aot" maps "$DIST" nucleus-manage.aot ps --help
check "attach after global options maps lib/nucleus-manage.aot" maps "$DIST" nucleus-manage.aot --log-level warn attach --help
check "run maps lib/nucleus.aot" maps "$DIST" nucleus.aot run --help
check "a word after -- is the workload's, not the command" maps "$DIST" nucleus.aot run --help -- ps
check "a detached create maps lib/nucleus-manage.aot" maps "$DIST" nucleus-manage.aot create --help -d -- x
check "a detached run (--detach) maps lib/nucleus-manage.aot" maps "$DIST" nucleus-manage.aot run --detach --help
check "-d after -- is the workload's" maps "$DIST" nucleus.aot run --help -- sh -d
check "a value that is a command word is not the command" maps "$DIST" nucleus.aot run --name ps --help
check "ps with the management cache, mapped by the JVM (-XX:AOTMode=on)" bash -c \
  'JAVA_TOOL_OPTIONS=-XX:AOTMode=on "$1/bin/nucleus" ps --help >/dev/null 2>&1' _ "$DIST"

# A copy keeping mtimes (new inodes and ctimes): the stamp differs, the digest and mtimes match
# -> cache used.
cp -a "$DIST" "$T/copy with space"
check "copied tree: digest matches, cache used" uses_cache "$T/copy with space"
out=$("$T/copy with space/bin/nucleus" --version 2>"$T/err2")
check "copied tree: clean stdout and stderr" bash -c '[[ $1 == nucleus\ * ]] && [[ ! -s $2 ]]' _ "$out" "$T/err2"

# A copy with new mtimes: same bytes, but the JVM would refuse the cache noisily -> no cache, quiet.
cp -r "$DIST" "$T/plain copy"
check "plain copy (new mtimes): runs without the cache" bash -c '! sh -x "$1/bin/nucleus" --version 2>&1 >/dev/null | grep -q "^+ exec .*-XX:AOTCache="' _ "$T/plain copy"
out=$("$T/plain copy/bin/nucleus" --version 2>"$T/err5")
check "plain copy (new mtimes): clean stdout and stderr" bash -c '[[ $1 == nucleus\ * ]] && [[ ! -s $2 ]]' _ "$out" "$T/err5"

# Through a symlink to the launcher.
ln -s "$T/copy with space/bin/nucleus" "$T/nucleus-link"
check "symlinked launcher works" bash -c '"$1" --version | grep -q "^nucleus "' _ "$T/nucleus-link"

# P1: a changed jar must never run with the old cache (Temurin 25.0.3 would use it silently).
cp -r "$DIST" "$T/stale"
jar=$(ls "$T/stale/lib/"nucleus-adapters-cli-*.jar)
printf 'x' >>"$jar"   # still a valid zip for the JVM? irrelevant: the guard must refuse first
check "changed jar: cache refused" bash -c '! sh -x "$1/bin/nucleus" --version 2>&1 >/dev/null | grep -q "^+ exec .*-XX:AOTCache="' _ "$T/stale"
"$T/stale/bin/nucleus" --version >/dev/null 2>"$T/err3"
check "changed jar: one-line warning on stderr" grep -q 'not what the AOT cache was trained on' "$T/err3"
cp -r "$DIST" "$T/touched"
touch -r "$T/touched/lib/nucleus.aot" "$T/touched/lib/"*.jar   # same sizes, mtimes forged
cp "$DIST/lib/nucleus.aot.stamp" "$T/touched/lib/nucleus.aot.stamp"
check "forged mtimes + copied stamp: falls back to the digest (ctime/inode differ)" bash -c '
  s=$(sh -x "$1/bin/nucleus" --version 2>&1 >/dev/null); [[ $s == *sha256sum* ]]' _ "$T/touched"

# The repository launcher without a build.
mkdir -p "$T/repo/bin" && cp "$DIST/../../../bin/nucleus" "$T/repo/bin/nucleus"
"$T/repo/bin/nucleus" --version >/dev/null 2>"$T/err4"; rc=$?
check "repo bin/nucleus without a build: exit 125" test $rc -eq 125
check "repo bin/nucleus without a build: says 'make build'" grep -q 'make build' "$T/err4"

rm -rf "$T"
echo "launcher: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
