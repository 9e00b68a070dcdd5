# Builds a Nucleus rootfs in $out (run by nix/rootfs.nix with a POSIX sh and coreutils on PATH).
#
# Inputs (environment): $packages (store paths merged into the rootfs's top-level directories),
# $closureGraphs (files written by exportReferencesGraph: every path the packages need).
# Output: bin, sbin, lib, lib64, usr, etc as symlinks into the packages (a one-level buildEnv: a
# name two packages provide is a collision and fails the build), /bin/sh and /usr/bin/env when a
# package has them, an empty etc/resolv.conf, an empty nix/store/<name> mount point per closure
# object (for gVisor, whose root is the rootfs itself), .nucleus-rootfs-store-paths (the closure,
# sorted) and .nucleus-rootfs-sha256 (every regular file reached through the symlinks, sorted by
# path in byte order: what `nucleus run --verify-rootfs-attestation` checks).
set -eu
export LC_ALL=C

mkdir -p "$out"
for pkg in $packages; do
  for top in bin sbin lib lib64 usr etc; do
    [ -d "$pkg/$top" ] || continue
    mkdir -p "$out/$top"
    for entry in "$pkg/$top"/* "$pkg/$top"/.[!.]*; do
      [ -e "$entry" ] || [ -L "$entry" ] || continue
      name=${entry##*/}
      if [ -e "$out/$top/$name" ] || [ -L "$out/$top/$name" ]; then
        echo "mkRootfs: collision: $top/$name is in $pkg and in $(readlink "$out/$top/$name")" >&2
        exit 1
      fi
      ln -s "$entry" "$out/$top/$name"
    done
  done
done

if [ ! -e "$out/bin/sh" ] && [ -e "$out/bin/bash" ]; then ln -s "$(readlink "$out/bin/bash")" "$out/bin/sh"; fi
if [ ! -e "$out/usr/bin/env" ] && [ -e "$out/bin/env" ]; then
  mkdir -p "$out/usr/bin"
  ln -s "$(readlink "$out/bin/env")" "$out/usr/bin/env"
fi
mkdir -p "$out/etc"
[ -e "$out/etc/resolv.conf" ] || : > "$out/etc/resolv.conf"

# Each graph: a path, its deriver (blank), a count, then that many references.
awk 'state == 0 { print; state = 1; next }
     state == 1 { state = 2; next }
     state == 2 { left = $1; state = left > 0 ? 3 : 0; next }
     { if (--left == 0) state = 0 }' $closureGraphs | sort -u > "$out/.nucleus-rootfs-store-paths"
while read -r object; do
  mkdir -p "$out/nix/store/${object##*/}"
done < "$out/.nucleus-rootfs-store-paths"

cd "$out"
# Written outside the tree, then moved in: the shell creates the output file as the pipeline
# starts, while find may still be walking, and a temporary file inside was now and then listed.
manifest=$(mktemp)
find -L . -type f ! -path ./.nucleus-rootfs-sha256 | sed 's|^\./||' | sort | while IFS= read -r file; do
  sum=$(sha256sum "$file")
  printf '%s\t%s\n' "${sum%% *}" "$file"
done > "$manifest"
mv "$manifest" .nucleus-rootfs-sha256
chmod 0444 .nucleus-rootfs-sha256
