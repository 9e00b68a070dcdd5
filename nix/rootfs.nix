# Rootfs builders for `nucleus run --rootfs`, from plain derivations (no nixpkgs needed).
#
#   let nucleus = import ./nix/rootfs.nix { tools = <a store path with bin/sh, coreutils, awk, find>; };
#   in nucleus.mkRootfs { name = "web-rootfs"; packages = [ busybox myServer ]; }
#
# With nixpkgs, pass `tools = pkgs.busybox` (or a buildEnv of coreutils, findutils, gawk, gnused).
# The result is attested (.nucleus-rootfs-sha256) and lists its Nix closure
# (.nucleus-rootfs-store-paths), so production mode can run it:
#   nucleus run --service-mode production --trust-level trusted --rootfs ./result \
#     --verify-rootfs-attestation --memory 256M --cpus 1 -- /bin/sh -c 'echo hi'
{ tools, system ? builtins.currentSystem }:
let
  indexed = packages: builtins.genList (i: { inherit i; p = builtins.elemAt packages i; })
    (builtins.length packages);
in
{
  mkRootfs = { packages, name ? "nucleus-rootfs" }:
    assert builtins.isList packages && packages != [ ]
      || throw "mkRootfs: packages must be a non-empty list of store paths";
    derivation {
      inherit name system packages;
      builder = "${tools}/bin/sh";
      args = [ ./build-rootfs.sh ];
      PATH = "${tools}/bin";
      exportReferencesGraph = builtins.concatMap (x: [ "graph-${toString x.i}" x.p ]) (indexed packages);
      closureGraphs = map (x: "graph-${toString x.i}") (indexed packages);
    };
}
