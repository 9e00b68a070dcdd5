# Image builder for `nucleus image run`, from plain derivations (no nixpkgs needed): the reference's
# lib.mkImage. An image Nix builds is an attested rootfs and what to run on it; it has no layer
# ("diff": null) and no signature: it is immutable in the store, and nucleus trusts it as it trusts
# the rootfs beside it (a copy outside the store is refused).
#
#   let images = import ./nix/image.nix { tools = <a store path with bin/sh, sha256sum, awk>; };
#   in images.mkImage { rootfs = myRootfs; config = { command = [ "/bin/serve" ]; env = { PORT = "8080"; }; }; }
#   nucleus image run ./result [RUN OPTIONS] [-- ARGS]
#
# config: command (required, a non-empty list), env (an attribute set or a list of "KEY=VALUE"),
# workdir ("/workspace"), uid and gid (0), additionalGids ([]).
{ tools, system ? builtins.currentSystem }:
let
  envList = env:
    if builtins.isList env then env
    else map (k: "${k}=${env.${k}}") (builtins.attrNames env);
in
{
  mkImage = { rootfs, config, name ? "nucleus-image" }:
    assert (config ? command && builtins.isList config.command && config.command != [ ])
      || throw "mkImage: config.command must be a non-empty list";
    derivation {
      inherit name system rootfs;
      builder = "${tools}/bin/sh";
      args = [ ./build-image.sh ];
      PATH = "${tools}/bin";
      # builtins.toJSON writes compact JSON with each object's keys in order: the manifest's form.
      configJson = builtins.toJSON {
        additional_gids = config.additionalGids or [ ];
        command = config.command;
        env = envList (config.env or [ ]);
        gid = config.gid or 0;
        uid = config.uid or 0;
        workdir = config.workdir or "/workspace";
      };
    };
}
