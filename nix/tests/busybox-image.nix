# An image built by mkImage over the test rootfs (nix/tests/busybox-rootfs.nix), for the end-to-end
# tests: nix-build nix/tests/busybox-image.nix --argstr tools /nix/store/...-busybox
{ tools }:
let
  busybox = builtins.storePath tools;
  images = import ../image.nix { tools = busybox; };
in
images.mkImage {
  name = "nucleus-test-image";
  rootfs = import ./busybox-rootfs.nix { inherit tools; };
  config = {
    command = [ "/bin/sh" "-c" "hello; echo \"$GREETING from $(pwd) as $(id -u):$(id -g)\"" ];
    env = { GREETING = "built by Nix"; };
    workdir = "/etc";
  };
}
