# NixOS module: services.nucleus.containers.<name> runs a production container as a systemd unit
# (nucleus-<name>), services.nucleus.topologies.<name> a topology (nucleus-topology-<name>).
# The command line comes from lib/container-args.nix, which the tests evaluate and run through
# the real CLI; this file only maps options onto units. (It has not been evaluated against
# nixpkgs here: the test machines have Nix but no nixpkgs. NixModuleIT checks that it parses.)
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption mkEnableOption mkIf types;
  cfg = config.services.nucleus;
  containerArgs = import ./lib/container-args.nix;

  nullable = type: default: description: mkOption { type = types.nullOr type; inherit default description; };
  strings = description: mkOption { type = types.listOf types.str; default = [ ]; inherit description; };
  flag = default: description: mkOption { type = types.bool; inherit default description; };

  container = { name, ... }: {
    options = {
      enable = flag true "Whether to run this container.";
      command = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "The workload's argv ([ ] with an image: the image's command).";
      };
      rootfs = nullable (types.either types.path types.package) null
        "A rootfs from nix/rootfs.nix (mkRootfs): attested, its closure listed. Exclusive with image.";
      image = nullable (types.either types.path types.package) null
        "An image from nix/image.nix (mkImage): its rootfs, and its command, environment, working directory and ids unless set here. Exclusive with rootfs.";
      workdir = nullable types.str null "Working directory (default: the image's, else nucleus's).";
      user = nullable types.str null "User (name or uid) the workload runs as.";
      group = nullable types.str null "Group (name or gid).";
      supplementaryGroups = strings "Additional groups.";
      memory = mkOption { type = types.str; description = "Memory limit, such as 512M (required)."; };
      cpus = mkOption { type = types.either types.int types.float; default = 1; description = "CPU limit in cores."; };
      pids = mkOption { type = types.int; default = 512; description = "Process limit."; };
      network = mkOption { type = types.enum [ "none" "bridge" ]; default = "none"; description = "Network mode."; };
      dns = strings "Name servers (required with a bridge, unless a credential broker is set).";
      natBackend = nullable (types.enum [ "auto" "kernel" "userspace" ]) null "NAT backend of the bridge.";
      egressAllow = strings "CIDRs the container may reach.";
      egressDomains = strings "Domains the container may reach.";
      egressTcpPorts = mkOption { type = types.listOf types.port; default = [ ]; description = "TCP ports allowed out."; };
      egressUdpPorts = mkOption { type = types.listOf types.port; default = [ ]; description = "UDP ports allowed out."; };
      credentialBroker = nullable types.str null "Credential broker address.";
      credentialBrokerNoProxyEnv = flag false "Do not set proxy variables for the broker.";
      portForwards = strings "Port forwards, [IP:]HOST:CONTAINER[/PROTO].";
      trustLevel = mkOption { type = types.enum [ "trusted" "untrusted" ]; default = "trusted"; description = "Trust level."; };
      runtime = mkOption { type = types.enum [ "native" "gvisor" ]; default = "native"; description = "Runtime (always passed on)."; };
      gvisorPlatform = mkOption { type = types.str; default = "systrap"; description = "gVisor platform."; };
      requireKernelLockdown = nullable (types.enum [ "integrity" "confidentiality" ]) null "Required kernel lockdown.";
      verifyContextIntegrity = flag true "Verify the context's integrity (when a context is set).";
      seccompLogDenied = flag true "Log seccomp denials (native runtime only; gVisor refuses it).";
      timeNamespace = flag false "Give the container a time namespace.";
      cgroupNamespace = flag true "Give the container a cgroup namespace.";
      healthCheck = nullable types.str null "Health check command.";
      healthInterval = mkOption { type = types.int; default = 30; description = "Seconds between health checks."; };
      healthRetries = mkOption { type = types.int; default = 3; description = "Failures before unhealthy."; };
      healthStartPeriod = mkOption { type = types.int; default = 5; description = "Grace period in seconds."; };
      readinessExec = nullable types.str null "Readiness probe command.";
      readinessTcp = nullable types.port null "Readiness probe TCP port.";
      readinessSdNotify = flag false "Ready when the workload sends READY=1.";
      sdNotify = flag false "Pass the workload's READY=1 on to systemd (Type=notify).";
      secrets = mkOption {
        type = types.listOf (types.submodule { options = {
          source = mkOption { type = types.path; description = "Host file."; };
          dest = mkOption { type = types.str; description = "Path in the container."; };
        }; });
        default = [ ];
        description = "Secrets copied into the container's in-memory /run/secrets.";
      };
      credentials = mkOption {
        type = types.listOf (types.submodule { options = {
          name = mkOption { type = types.str; description = "Credential name."; };
          source = mkOption { type = types.str; description = "LoadCredential source."; };
          dest = mkOption { type = types.str; description = "Path in the container."; };
        }; });
        default = [ ];
        description = "systemd credentials (LoadCredential=) shown in the container.";
      };
      volumes = mkOption {
        type = types.listOf (types.submodule { options = {
          source = mkOption { type = types.str; description = "Host path."; };
          dest = mkOption { type = types.str; description = "Path in the container."; };
          readOnly = flag false "Mount read-only.";
        }; });
        default = [ ];
        description = "Host paths bound into the container.";
      };
      environment = mkOption { type = types.attrsOf types.str; default = { }; description = "Environment (not secrets)."; };
      context = nullable types.path null "Directory populated at /context.";
      seccompProfile = nullable types.path null "Seccomp profile (OCI JSON).";
      seccompProfileSha256 = nullable types.str null "Its SHA-256 (required with it).";
      capsPolicy = nullable types.path null "Capability policy (TOML).";
      capsPolicySha256 = nullable types.str null "Its SHA-256 (required with it).";
      landlockPolicy = nullable types.path null "Landlock policy (TOML).";
      landlockPolicySha256 = nullable types.str null "Its SHA-256 (required with it).";
      extraArgs = strings "Further `nucleus run` options.";
    };
  };

  unit = name: c: {
    description = "Nucleus container ${name}";
    after = [ "network-online.target" ];
    wants = [ "network-online.target" ];
    wantedBy = [ "multi-user.target" ];
    # The manifest's store paths reach the command line without their context: the image keeps them.
    environment = lib.optionalAttrs (c.image != null) { NUCLEUS_IMAGE = "${c.image}"; };
    path = lib.optional (c.runtime == "gvisor") cfg.gvisorPackage
      ++ lib.optionals (c.network == "bridge") [ pkgs.iproute2 pkgs.iptables pkgs.slirp4netns ];
    serviceConfig = {
      Type = if c.sdNotify then "notify" else "simple";
      ExecStart = "${cfg.package}/bin/nucleus "
        + lib.escapeShellArgs (containerArgs name (builtins.removeAttrs c [ "enable" "_module" ]));
      Restart = "on-failure";
      RestartSec = "5s";
      SyslogIdentifier = "nucleus-${name}";
      Delegate = true;
      LimitNOFILE = 65536;
      LoadCredential = map (cr: "${cr.name}:${cr.source}") c.credentials;
    };
  };
in
{
  options.services.nucleus = {
    enable = mkEnableOption "Nucleus containers";
    package = mkOption { type = types.package; description = "The nucleus package (bin/nucleus)."; };
    gvisorPackage = mkOption { type = types.package; default = pkgs.gvisor; description = "runsc, for gVisor containers."; };
    containers = mkOption { type = types.attrsOf (types.submodule container); default = { }; description = "Containers."; };
    topologies = mkOption {
      type = types.attrsOf (types.submodule { options = {
        enable = flag true "Whether to run this topology.";
        configFile = mkOption { type = types.path; description = "The topology's TOML file."; };
      }; });
      default = { };
      description = "Topologies (nucleus compose).";
    };
  };

  config = mkIf cfg.enable {
    systemd.services = lib.mapAttrs' (name: c: lib.nameValuePair "nucleus-${name}" (unit name c))
      (lib.filterAttrs (_: c: c.enable) cfg.containers)
      // lib.mapAttrs' (name: t: lib.nameValuePair "nucleus-topology-${name}" {
        description = "Nucleus topology ${name}";
        after = [ "network-online.target" ];
        wants = [ "network-online.target" ];
        wantedBy = [ "multi-user.target" ];
        path = [ pkgs.iproute2 pkgs.iptables ];
        serviceConfig = {
          Type = "oneshot";
          RemainAfterExit = true;
          # -f: the reference's unit left it out, and compose needs it.
          ExecStart = "${cfg.package}/bin/nucleus compose up -f ${t.configFile}";
          ExecStop = "${cfg.package}/bin/nucleus compose down -f ${t.configFile}";
        };
      }) (lib.filterAttrs (_: t: t.enable) cfg.topologies);
  };
}
