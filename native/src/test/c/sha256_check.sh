#!/usr/bin/env bash
# Checks src/main/c/sha256.c against coreutils' sha256sum, both its SHA-NI path (where the CPU has
# the extensions) and its portable one, on files of every length around the padding edges and on a
# few large ones, under ASan and UBSan. Run by `make test-c`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../main/c
out=${SHA256_OUT:-$here/../../../target/sha256-check}
mkdir -p "$out/files"
for n in $(seq 0 130) 1000 4095 4096 65535 65536 65537 1000003; do
  head -c "$n" /dev/urandom >"$out/files/f$n"
done
cp /bin/sh "$out/files/binary"
for variant in ni portable; do
  flags=()
  [[ $variant == portable ]] && flags=(-DSHA256_PORTABLE_ONLY)
  gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined -fno-sanitize-recover=all \
    "${flags[@]}" -I"$src" -o "$out/sha256_$variant" "$here/sha256_file.c" "$src/sha256.c"
  if ! diff <(cd "$out/files" && sha256sum f* binary) <(cd "$out/files" && "$out/sha256_$variant" f* binary); then
    echo "sha256_check.sh: the $variant build disagrees with sha256sum" >&2
    exit 1
  fi
  echo "sha256_check.sh: $variant: $(ls "$out/files" | wc -l) files agree with sha256sum"
done
