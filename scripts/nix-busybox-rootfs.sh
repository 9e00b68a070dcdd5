#!/usr/bin/env bash
# Builds nix/tests/busybox-rootfs.nix (mkRootfs of busybox and a `hello` package) into this host's
# Nix store, offline, and prints the rootfs's store path: a rootfs production mode accepts
# (in /nix/store, attested, its closure listed). Needs nix-bin and busybox-static (scripts/setup.sh).
# With --image, builds nix/tests/busybox-image.nix instead: mkImage (nix/image.nix) over that rootfs.
#   usage: scripts/nix-busybox-rootfs.sh [--image] [--out-link PATH]   (default: no GC root)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
link=(--no-out-link)
what=busybox-rootfs.nix
if [[ ${1:-} == --image ]]; then what=busybox-image.nix; shift; fi
if [[ ${1:-} == --out-link ]]; then link=(--out-link "$2"); fi
offline=(--option build-users-group '' --option substituters '')

busybox=$(command -v busybox)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/busybox/bin"
cp "$busybox" "$work/busybox/bin/busybox"
for applet in $("$busybox" --list); do
  [[ $applet == busybox ]] || ln -s busybox "$work/busybox/bin/$applet"
done
quiet() { "$@" 2> >(grep -v -e "^warning: " -e "^building '" -e "^these .* will be built" -e "^this derivation will be built" -e "^  /nix/store" >&2); }
tools=$(quiet nix-store "${offline[@]}" --add "$work/busybox")
quiet nix-build "${offline[@]}" "${link[@]}" "$repo/nix/tests/$what" --argstr tools "$tools" | tail -n1
