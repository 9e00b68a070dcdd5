# The `nucleus run` command line of one container of the NixOS module (module.nix), from its
# settings: a pure function over builtins only, so that it can be evaluated and tested without
# nixpkgs (tests/container-args.nix; NixModuleIT runs what it returns through the real CLI).
#
#   args { name = "web"; rootfs = "/nix/store/...-web-rootfs"; memory = "512M";
#          command = [ "/bin/web" ]; }  =>  [ "run" "--name" "web" "--service-mode" "production" ... ]
#
# Where the reference's module went wrong, this does not: the runtime is always passed (it never
# silently becomes gVisor), deny logging is only asked of the native runtime (gVisor refuses it),
# a CPU limit is always set (production requires one), and the rootfs is always verified.
#
# `image` (an image from nix/image.nix, mkImage; exclusive with `rootfs`) gives the rootfs and,
# unless set here, the command, environment, working directory and ids, read from its
# manifest.json. An image with a layer (nucleus image commit) is refused: it runs only with
# `nucleus image run`, as an overlay, which production does not allow.
name: settings:
let
  defaults = {
    command = null;
    rootfs = null;
    image = null;
    workdir = null;
    user = null;
    group = null;
    supplementaryGroups = [ ];
    memory = null;
    cpus = 1;
    pids = 512;
    network = "none";
    dns = [ ];
    natBackend = null;
    egressAllow = [ ];
    egressDomains = [ ];
    egressTcpPorts = [ ];
    egressUdpPorts = [ ];
    credentialBroker = null;
    credentialBrokerNoProxyEnv = false;
    portForwards = [ ];
    trustLevel = "trusted";
    runtime = "native";
    gvisorPlatform = "systrap";
    requireKernelLockdown = null;
    verifyContextIntegrity = true;
    seccompLogDenied = true;
    timeNamespace = false;
    cgroupNamespace = true;
    healthCheck = null;
    healthInterval = 30;
    healthRetries = 3;
    healthStartPeriod = 5;
    readinessExec = null;
    readinessTcp = null;
    readinessSdNotify = false;
    sdNotify = false;
    secrets = [ ];
    credentials = [ ];
    volumes = [ ];
    environment = { };
    context = null;
    seccompProfile = null;
    seccompProfileSha256 = null;
    capsPolicy = null;
    capsPolicySha256 = null;
    landlockPolicy = null;
    landlockPolicySha256 = null;
    extraArgs = [ ];
  };
  unknown = builtins.filter (k: !(builtins.hasAttr k defaults)) (builtins.attrNames settings);
  c = defaults // settings;
  fail = why: throw "services.nucleus.containers.${name}: ${why}";
  str = toString;
  opt = flag: value: if value == null then [ ] else [ flag (str value) ];
  many = flag: values: builtins.concatMap (v: [ flag (str v) ]) values;
  switch = flag: on: if on then [ flag ] else [ ];
  oneOf = what: allowed: value:
    if builtins.elem value allowed then value
    else fail "${what} must be one of ${builtins.concatStringsSep ", " allowed}, not ${str value}";
  pinned = flag: file: sha:
    if file == null then [ ]
    else if sha == null then fail "${flag} needs its SHA-256 (production pins every policy file)"
    else [ "--${flag}" (str file) "--${flag}-sha256" sha ];
  runtime = oneOf "runtime" [ "native" "gvisor" ] c.runtime;
  # The manifest names store paths; the image (which the module keeps in the unit) refers to them.
  manifest = if c.image == null then null
    else builtins.fromJSON (builtins.unsafeDiscardStringContext (builtins.readFile "${str c.image}/manifest.json"));
  image = if manifest == null then { } else manifest.config;
  rootfs = if manifest == null then c.rootfs else manifest.base.rootfs_path;
  command = if (c.command == null || c.command == [ ]) && manifest != null then image.command else c.command;
  fromImage = key: value: if value == null && manifest != null then str image.${key} else value;
  network = oneOf "network" [ "none" "bridge" ] c.network;
in
if unknown != [ ] then fail "unknown settings ${builtins.concatStringsSep ", " unknown}"
else if c.image != null && c.rootfs != null then fail "image and rootfs exclude each other (an image names its rootfs)"
else if manifest != null && manifest.diff != null
then fail "image ${str c.image} has a layer (nucleus image commit): it runs with `nucleus image run`, as an overlay, which production does not allow; use an image from nix/image.nix (mkImage)"
else if rootfs == null then fail "rootfs is required (a Nix-built rootfs: nix/rootfs.nix), or an image (nix/image.nix)"
else if c.memory == null then fail "memory is required (production limits memory)"
else if c.cpus == null then fail "cpus is required (production limits CPU)"
else if command == null || command == [ ] then fail "command is required"
else if network == "bridge" && c.dns == [ ] && c.credentialBroker == null
then fail "a bridge network needs dns (production has no public resolver defaults)"
else
  [ "run" "--name" name "--service-mode" "production" "--runtime" runtime "--trust-level"
    (oneOf "trustLevel" [ "trusted" "untrusted" ] c.trustLevel) "--rootfs" (str rootfs)
    "--verify-rootfs-attestation" "--memory" (str c.memory) "--cpus" (str c.cpus) "--pids" (str c.pids)
    "--network" network ]
  ++ (if runtime == "gvisor" then [ "--gvisor-platform" c.gvisorPlatform ] else [ ])
  ++ opt "--user" (fromImage "uid" c.user)
  ++ opt "--group" (fromImage "gid" c.group)
  ++ many "--additional-group" (if c.supplementaryGroups == [ ] && manifest != null then image.additional_gids
    else c.supplementaryGroups)
  ++ opt "--workdir" (fromImage "workdir" c.workdir)
  ++ many "--dns" c.dns
  ++ opt "--nat-backend" c.natBackend
  ++ many "--egress-allow" c.egressAllow
  ++ many "--egress-domain" c.egressDomains
  ++ many "--egress-tcp-port" c.egressTcpPorts
  ++ many "--egress-udp-port" c.egressUdpPorts
  ++ opt "--credential-broker" c.credentialBroker
  ++ switch "--credential-broker-no-proxy-env" c.credentialBrokerNoProxyEnv
  ++ many "--publish" c.portForwards
  ++ opt "--require-kernel-lockdown" c.requireKernelLockdown
  ++ switch "--verify-context-integrity" (c.context != null && c.verifyContextIntegrity)
  ++ switch "--seccomp-log-denied" (c.seccompLogDenied && runtime == "native")
  ++ switch "--time-namespace" c.timeNamespace
  ++ switch "--disable-cgroup-namespace" (!c.cgroupNamespace)
  ++ (if c.healthCheck == null then [ ] else [ "--health-cmd" c.healthCheck "--health-interval"
    (str c.healthInterval) "--health-retries" (str c.healthRetries) "--health-start-period"
    (str c.healthStartPeriod) ])
  ++ opt "--readiness-exec" c.readinessExec
  ++ opt "--readiness-tcp" c.readinessTcp
  ++ switch "--readiness-sd-notify" c.readinessSdNotify
  ++ switch "--sd-notify" c.sdNotify
  ++ builtins.concatMap (s: [ "--secret" "${str s.source}:${s.dest}" ]) c.secrets
  ++ builtins.concatMap (s: [ "--systemd-credential" "${s.name}:${s.dest}" ]) c.credentials
  ++ builtins.concatMap (v: [ "--volume" "${str v.source}:${v.dest}:${if v.readOnly or false then "ro" else "rw"}" ])
    c.volumes
  ++ many "--env" (if manifest == null then [ ] else image.env)
  ++ builtins.concatMap (k: [ "--env" "${k}=${str c.environment.${k}}" ]) (builtins.attrNames c.environment)
  ++ opt "--context" c.context
  ++ pinned "seccomp-profile" c.seccompProfile c.seccompProfileSha256
  ++ pinned "caps-policy" c.capsPolicy c.capsPolicySha256
  ++ pinned "landlock-policy" c.landlockPolicy c.landlockPolicySha256
  ++ map str c.extraArgs
  ++ [ "--" ] ++ map str command
