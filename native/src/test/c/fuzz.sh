#!/usr/bin/env bash
# Fuzzes the plan decoder (src/main/c/plan.c) with libFuzzer under ASan and UBSan for a bounded
# time; fails on any crash, sanitizer report, leak or broken invariant (fuzz_plan.c).
#   FUZZ_SECONDS (default 30), CLANG (default clang-14, else clang), FUZZ_OUT (default native/target/fuzz)
# Run by `make test-c`. Needs clang with libFuzzer: scripts/setup.sh installs clang-14 and
# libclang-rt-14-dev.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../main/c
out=${FUZZ_OUT:-$here/../../../target/fuzz}
clang=${CLANG:-$(command -v clang-14 || command -v clang || true)}
if [[ -z $clang ]]; then
  echo "fuzz.sh: no clang found; run scripts/setup.sh (installs clang-14 libclang-rt-14-dev)" >&2
  exit 1
fi
mkdir -p "$out/corpus" "$out/seeds"
"$clang" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Wall -Wextra -Werror \
  -I"$src" -o "$out/fuzz_plan" "$here/fuzz_plan.c" "$src/plan.c"
"$clang" -O1 -Wall -Wextra -Werror -I"$src" -o "$out/gen_seeds" "$here/gen_seeds.c"
"$out/gen_seeds" "$out/seeds"
# Every seed must decode as intended before fuzzing starts (valid ones cleanly, under sanitizers).
"$out/fuzz_plan" -runs=0 "$out/seeds"
"$out/fuzz_plan" -max_total_time="${FUZZ_SECONDS:-30}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/" -print_final_stats=1 "$out/corpus" "$out/seeds" 2>&1 | tail -n 25
status=${PIPESTATUS[0]}
if ((status != 0)); then
  echo "fuzz.sh: libFuzzer failed (exit $status); crashing input saved under $out/" >&2
  exit "$status"
fi
echo "fuzz.sh: no crash in ${FUZZ_SECONDS:-30} s"
