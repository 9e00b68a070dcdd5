# Checks of lib/container-args.nix, with builtins alone: evaluates to true, or fails naming the
# check. Run: nix-instantiate --eval --strict nix/tests/container-args.nix
let
  args = import ../lib/container-args.nix;
  base = { rootfs = "/nix/store/00000000000000000000000000000000-web-rootfs"; memory = "256M"; command = [ "/bin/web" ]; };
  web = args "web" base;
  has = list: xs: builtins.any (i: builtins.genList (j: builtins.elemAt list (i + j)) (builtins.length xs) == xs)
    (builtins.genList (i: i) (builtins.length list - builtins.length xs + 1));
  refused = settings: !(builtins.tryEval (args "web" settings)).success;
  check = name: ok: if ok then true else throw "container-args: ${name}";
  checks = [
    (check "production, the runtime and the rootfs verified, always" (has web [ "--service-mode" "production" "--runtime" "native" ]
      && has web [ "--verify-rootfs-attestation" ] && has web [ "--rootfs" base.rootfs ]))
    (check "a CPU limit by default" (has web [ "--cpus" "1" ]))
    (check "no network by default" (has web [ "--network" "none" ]))
    (check "the command last" (has web [ "--" "/bin/web" ] && builtins.elemAt web (builtins.length web - 1) == "/bin/web"))
    (check "deny logging on native" (has web [ "--seccomp-log-denied" ]))
    (check "gVisor: its platform, no deny logging" (let g = args "web" (base // { runtime = "gvisor"; }); in
      has g [ "--runtime" "gvisor" ] && has g [ "--gvisor-platform" "systrap" ] && !(builtins.elem "--seccomp-log-denied" g)))
    (check "volumes, secrets, credentials, environment" (let a = args "web" (base // {
        volumes = [ { source = "/srv/data"; dest = "/data"; } { source = "/srv/static"; dest = "/static"; readOnly = true; } ];
        secrets = [ { source = "/run/keys/db"; dest = "/run/secrets/db"; } ];
        credentials = [ { name = "token"; source = "/etc/token"; dest = "/run/secrets/token"; } ];
        environment = { B = "2"; A = "1"; };
      }); in has a [ "--volume" "/srv/data:/data:rw" "--volume" "/srv/static:/static:ro" ]
        && has a [ "--secret" "/run/keys/db:/run/secrets/db" ] && has a [ "--systemd-credential" "token:/run/secrets/token" ]
        && has a [ "--env" "A=1" "--env" "B=2" ]))
    (check "a bridge with its name servers and egress" (let a = args "web" (base // { network = "bridge"; dns = [ "10.0.0.53" ];
        egressAllow = [ "10.0.0.0/8" ]; egressTcpPorts = [ 443 ]; portForwards = [ "127.0.0.1:8080:80" ]; });
      in has a [ "--network" "bridge" ] && has a [ "--dns" "10.0.0.53" ] && has a [ "--egress-allow" "10.0.0.0/8" ]
        && has a [ "--egress-tcp-port" "443" ] && has a [ "--publish" "127.0.0.1:8080:80" ]))
    (check "pinned policies" (let a = args "web" (base // { capsPolicy = "/etc/caps.toml"; capsPolicySha256 = "ab"; });
      in has a [ "--caps-policy" "/etc/caps.toml" "--caps-policy-sha256" "ab" ]))
    (check "an image gives the rootfs, command, environment, directory and ids" (let
        a = args "web" { image = ./fixtures/image; memory = "256M"; environment = { EXTRA = "1"; }; };
      in has a [ "--rootfs" "/nix/store/00000000000000000000000000000000-web-rootfs" "--verify-rootfs-attestation" ]
        && has a [ "--user" "1000" ] && has a [ "--group" "100" ] && has a [ "--additional-group" "10" ]
        && has a [ "--workdir" "/srv" ] && has a [ "--env" "PORT=8080" "--env" "EXTRA=1" ]
        && has a [ "--" "/bin/serve" "--port" "8080" ]))
    (check "the container's own settings win over the image's" (let
        a = args "web" { image = ./fixtures/image; memory = "256M"; user = "web"; workdir = "/"; command = [ "/bin/other" ]; };
      in has a [ "--user" "web" ] && has a [ "--workdir" "/" ] && has a [ "--" "/bin/other" ]
        && !(builtins.elem "/bin/serve" a)))
    (check "refused: an image and a rootfs" (refused (base // { image = ./fixtures/image; })))
    (check "refused: an image with a layer" (refused { image = ./fixtures/layered-image; memory = "256M"; }))
    (check "refused: a bridge without dns" (refused (base // { network = "bridge"; })))
    (check "refused: no memory" (refused (removeAttrs base [ "memory" ])))
    (check "refused: no rootfs" (refused (removeAttrs base [ "rootfs" ])))
    (check "refused: cpus null" (refused (base // { cpus = null; })))
    (check "refused: an unpinned policy" (refused (base // { seccompProfile = "/etc/p.json"; })))
    (check "refused: an unknown setting" (refused (base // { memroy = "1G"; })))
    (check "refused: an unknown runtime" (refused (base // { runtime = "docker"; })))
  ];
in
builtins.all (x: x) checks
