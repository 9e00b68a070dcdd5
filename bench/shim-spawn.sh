#!/usr/bin/env bash
# Start cost of the native shim from a small and from a big (pre-touched) JVM heap: posix_spawn
# of the static nucleus-shim must not grow with the heap (DESIGN.md, "The native shim").
# Needs root and a built native module (mvn -pl native install). Usage: bench/shim-spawn.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
runs=${1:-50}
cp=native/target/classes:native/target/test-classes
[[ -f native/target/test-classes/dev/nucleus/linux/jni/ShimSpawnBench.class ]] ||
  { echo "build first: mvn -q -B install -pl native -DskipTests=false" >&2; exit 1; }
for heap in "-Xms64m -Xmx64m" "-Xms4g -Xmx4g -XX:+AlwaysPreTouch"; do
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $heap -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp "$cp" \
    dev.nucleus.linux.jni.ShimSpawnBench "$runs"
done
