# Builds a Nucleus image in $out (run by nix/image.nix with a POSIX sh, sha256sum and awk on PATH).
#
# Inputs (environment): $rootfs (an attested rootfs: mkRootfs's, or one with .nucleus-rootfs-sha256),
# $configJson (the manifest's config object, compact, keys in order).
# Output: manifest.json (schema 2, as `nucleus image commit` writes it but with "diff": null and
# created_at 0; image_id is the SHA-256 of the manifest with an empty image_id), rootfs.sha256 (the
# rootfs's manifest; base.attestation is its SHA-256) and store-paths (the rootfs's closure).
set -eu
export LC_ALL=C

if [ ! -f "$rootfs/.nucleus-rootfs-sha256" ]; then
  echo "mkImage: $rootfs is not attested (no .nucleus-rootfs-sha256); build it with mkRootfs" >&2
  exit 1
fi
mkdir -p "$out"
cp "$rootfs/.nucleus-rootfs-sha256" "$out/rootfs.sha256"
if [ -f "$rootfs/.nucleus-rootfs-store-paths" ]; then
  awk 'NF' "$rootfs/.nucleus-rootfs-store-paths" > "$out/store-paths"
else
  : > "$out/store-paths"
fi
attestation=$(sha256sum < "$out/rootfs.sha256" | cut -d' ' -f1)
paths=$(awk 'NF { printf "%s\"%s\"", (n++ ? "," : ""), $0 }' "$out/store-paths")
manifest() {
  printf '{"base":{"attestation":"%s","rootfs_path":"%s","store_paths":[%s]},"config":%s,"created_at":0,"diff":null,"image_id":"%s","nucleus_version":"mkImage","schema_version":2}' \
    "$attestation" "$rootfs" "$paths" "$configJson" "$1"
}
id=$(manifest "" | sha256sum | cut -d' ' -f1)
manifest "$id" > "$out/manifest.json"
