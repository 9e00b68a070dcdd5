package dev.nucleus.gvisor;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.spec.NetworkMode;
import dev.nucleus.domain.spec.Readiness;
import dev.nucleus.domain.spec.SeccompMode;

import java.util.ArrayList;
import java.util.List;

/**
 * What this build of the gVisor backend cannot do yet, named as the user wrote it (exit 125; never
 * run without it). Trace mode is refused for good: gVisor's own syscall table is not the host's.
 */
final class GvisorUnsupported {
    private GvisorUnsupported() {
    }

    static List<String> of(ContainerSpec spec) {
        LaunchRequest r = spec.request();
        List<String> out = new ArrayList<>();
        add(out, r.network().mode() == NetworkMode.HOST, "--network host with --runtime gvisor (use gvisor-host)");
        add(out, r.security().seccomp().mode() == SeccompMode.TRACE, "--seccomp-mode trace with --runtime gvisor"
                + " (use the native runtime to trace)");
        add(out, r.security().landlockPolicy().isPresent(), "--landlock-policy with --runtime gvisor");
        add(out, r.workload().envFd().isPresent(), "--env-fd with --runtime gvisor (runsc keeps the container's"
                + " spec, environment included, in its state files on disk)");
        add(out, r.health().readiness().kind() == Readiness.Kind.TCP && r.network().mode() == NetworkMode.NONE,
                "--readiness-tcp with --runtime gvisor and --network none (the sandbox's loopback is gVisor's own;"
                        + " use --readiness-exec, or a network)");
        add(out, r.health().readiness().kind() == Readiness.Kind.SD_NOTIFY, "--readiness-sd-notify with --runtime"
                + " gvisor (use --readiness-exec)");
        add(out, r.gpu().enabled(), "--gpu");
        add(out, spec.userNamespace().enabled(), "user namespaces with --runtime gvisor");
        add(out, r.security().seccomp().logDenied(), "--seccomp-log-denied with --runtime gvisor (gVisor's "
                + "seccomp denials never reach the host's audit log)");
        return out;
    }


    private static void add(List<String> out, boolean unsupported, String what) {
        if (unsupported) {
            out.add(what);
        }
    }
}
