#!/usr/bin/env bash
# One peer launch per line read on stdin: runs "$@" and prints "<exit status> <wall µs>", timed
# with bash's $EPOCHREALTIME (no fork for the clock; the launch is one fork and exec of bash, as
# hyperfine -N's is one of its own). EmbeddedBench drives it, one launch per line.
set -u
while read -r _; do
  s=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 </dev/null
  rc=$?
  e=$EPOCHREALTIME
  echo "$rc $(( 10#${e/./} - 10#${s/./} ))"
done
