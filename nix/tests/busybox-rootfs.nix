# A rootfs built by mkRootfs from busybox and one package of its own, for the end-to-end tests:
#   nix-build nix/tests/busybox-rootfs.nix --argstr tools /nix/store/...-busybox
# where `tools` is a store directory holding bin/busybox and its applet links (the tests add it
# with `nix-store --add`; there is no nixpkgs on the test machines).
{ tools }:
let
  busybox = builtins.storePath tools;
  nucleus = import ../rootfs.nix { tools = busybox; };
  hello = derivation {
    name = "nucleus-hello";
    system = builtins.currentSystem;
    builder = "${busybox}/bin/sh";
    PATH = "${busybox}/bin";
    args = [ "-c" ''
      mkdir -p $out/bin
      printf '#!/bin/sh\necho "hello from $0"\n' > $out/bin/hello
      chmod 0555 $out/bin/hello
    '' ];
  };
in
nucleus.mkRootfs { name = "nucleus-test-rootfs"; packages = [ busybox hello ]; }
