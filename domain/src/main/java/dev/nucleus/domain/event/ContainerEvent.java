package dev.nucleus.domain.event;

import java.util.Optional;

/** One record of the events stream. Adapters add the time and write it as one JSON line. */
public sealed interface ContainerEvent {

    /** The JSON {@code type} of the record. */
    String type();

    /** Something the launch went on without (agent mode's best effort), or a degraded layer. */
    record Warning(String message) implements ContainerEvent {
        public String type() {
            return "warning";
        }
    }

    /**
     * The workload is running ({@code execve} succeeded), with the security it actually got, the
     * limits asked for and the cgroup they are in (relative to the caller's own; empty without one).
     */
    record Started(String id, String name, long pid, String runtime, String mode, String network,
                   SecurityStatus security, dev.nucleus.domain.spec.Resources limits, String cgroupPath)
            implements ContainerEvent {
        public String type() {
            return "container_started";
        }
    }

    /**
     * A syscall the filter refused (with {@code --seccomp-log-denied}), from the kernel's audit
     * record of a process of this container (its audit session).
     */
    record SeccompDenied(String id, SeccompAuditRecord record, Optional<String> syscallName)
            implements ContainerEvent {
        public String type() {
            return "seccomp_denied";
        }
    }

    /** The workload ended: its exit code, how many denials were reported, its final resource use and its limits. */
    record Summary(String id, String name, int exitCode, Optional<Long> seccompDenials, ResourceStats stats,
                   dev.nucleus.domain.spec.Resources limits) implements ContainerEvent {
        public String type() {
            return "container_summary";
        }
    }

    /** The health check's verdict changed (--health-cmd): starting, healthy or unhealthy. */
    record HealthChanged(String id, String name, HealthStatus status, int failingStreak)
            implements ContainerEvent {
        public String type() {
            return "health_status";
        }
    }

    /**
     * The launch ended before its workload ran: the exit status Nucleus ends with (2 an invalid
     * request, 125 its own failure, 126/127 a program that cannot run) and why. {@code name} is
     * the --name asked for, if any: a refused launch has no id.
     */
    record LaunchFailed(Optional<String> name, int exitCode, String error) implements ContainerEvent {
        public String type() {
            return "container_failed";
        }
    }

    /** The readiness probe passed ({@code how}: exec, tcp, sd_notify or started when none is set). */
    record Ready(String id, String name, String how) implements ContainerEvent {
        public String type() {
            return "container_ready";
        }
    }

    /** The container's network is wired: how, its addresses, and the egress rules actually installed. */
    record NetworkConfigured(String id, String name, String network, java.util.List<String> addresses,
                             java.util.List<String> egressRules) implements ContainerEvent {
        public NetworkConfigured {
            addresses = java.util.List.copyOf(addresses);
            egressRules = java.util.List.copyOf(egressRules);
        }

        public String type() {
            return "network_configured";
        }
    }
}
