package dev.nucleus.linux.backend;

import dev.nucleus.domain.audit.AuditEvent;
import dev.nucleus.domain.audit.AuditRecord;
import dev.nucleus.domain.audit.CommandRedaction;
import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.event.SeccompAuditRecord;
import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.plan.Clone;
import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.Step;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.linux.sys.LaunchWorker;
import dev.nucleus.ports.out.AuditLog;

import java.util.ArrayList;
import java.util.List;

/**
 * One launch's audit records. The steps are recorded once the shim has run all of them (EXECED):
 * a record of a layer means the kernel accepted it; a setup failure is recorded as such.
 */
final class AuditTrail {
    private final AuditLog log;
    private final String id;
    private final String name;
    private final List<AuditRecord> pending = new ArrayList<>();
    private final LaunchWorker worker;
    private LaunchWorker.Task starting;

    /** The trail of a launch whose start record is appended on {@code worker}. */
    AuditTrail(AuditLog log, String id, String name, LaunchWorker worker) {
        this.log = log;
        this.id = id;
        this.name = name;
        this.worker = worker;
    }

    /**
     * The start record, appended on the launch's worker while the container is cloned (a cold
     * append costs a start about a millisecond); every later record waits for it, the created
     * ones among them, which come before GO: no workload runs before its start is logged.
     */
    void start(ContainerSpec spec) {
        var r = spec.request();
        AuditRecord start = AuditRecord.of(id, name, AuditEvent.CONTAINER_START, "mode=" + spec.mode().cliName()
                + " runtime=" + r.runtime().kind().cliName() + " trust=" + r.runtime().trustLevel().cliName()
                + " command=" + String.join(" ", CommandRedaction.redact(r.workload().command())));
        starting = worker.submit(() -> log.record(start));
    }

    /** Waits for the start record (the launch's last call does, whatever happened). */
    synchronized void started() {
        if (starting == null) {
            return;
        }
        starting.awaitUninterruptibly();
        starting = null;
    }

    void created(long pid, IsolationPlan plan, CgroupPlacement cgroup) {
        record(AuditEvent.NAMESPACE_CREATED, "pid " + pid + ": " + namespaces(plan.cloneFlags()));
        if (!cgroup.path().isEmpty()) {
            record(AuditEvent.CGROUP_CREATED, cgroup.path() + " in " + String.join(", ", cgroup.directories().keySet()));
        }
        flush();
    }

    /** Every layer the shim applied before execve, as the plan lists them. */
    void applied(IsolationPlan plan, SecurityStatus security, boolean seccompProfile) {
        AppliedSteps steps = AppliedSteps.of(plan.steps());
        record(AuditEvent.FILESYSTEM_MOUNTED, steps.mounts() + " mounts");
        if (steps.secrets()) {
            record(AuditEvent.SECRETS_MOUNTED, "/run/secrets (tmpfs, read-only to the workload)");
        }
        if (steps.pivotRoot()) {
            record(AuditEvent.ROOT_SWITCHED, "pivot_root");
        }
        if (steps.audited() > 0) {
            record(AuditEvent.MOUNT_AUDIT_PASSED, steps.audited() + " mounts carry the flags the plan asked for");
        }
        record(AuditEvent.CAPABILITIES_DROPPED, "effective=" + security.capabilities().effective() + " bounding="
                + security.capabilities().bounding());
        if (steps.noNewPrivs()) {
            record(AuditEvent.NO_NEW_PRIVS_SET, "no_new_privs=1");
        }
        security.landlock().ifPresent(l -> record(AuditEvent.LANDLOCK_APPLIED, "abi=" + l.abi() + " fs_rules="
                + l.fsRules() + " handled=" + l.handledFs().size() + " rights, bind_tcp=" + l.bindTcp().orElse(null)
                + " connect_tcp=" + l.connectTcp().orElse(null) + " scopes=" + l.scopes()));
        security.seccomp().ifPresent(s -> {
            if (seccompProfile) {
                record(AuditEvent.SECCOMP_PROFILE_LOADED, "from --seccomp-profile");
            }
            record(AuditEvent.SECCOMP_APPLIED, "mode=" + s.mode() + " source=" + s.source() + " instructions="
                    + s.instructions() + " log_denied=" + s.logDenied());
        });
        if (steps.miniInit()) {
            record(AuditEvent.INIT_SUPERVISOR_STARTED, "mini-init is PID 1");
        }
        flush();
    }

    void failed(String reason) {
        started();
        boolean mountAudit = reason.contains("mount audit:");
        log.record(AuditRecord.failure(id, name, mountAudit ? AuditEvent.MOUNT_AUDIT_FAILED
                : AuditEvent.CONTAINER_SETUP_FAILED, reason));
    }

    void denied(SeccompAuditRecord r) {
        started();
        log.record(AuditRecord.failure(id, name, AuditEvent.SECCOMP_DENIED, "pid " + r.pid() + " (" + r.comm()
                + ") syscall " + r.syscall() + " " + r.action()));
    }

    /** The network, health and readiness records, from the events that report them. */
    void observed(ContainerEvent event) {
        started();
        if (event instanceof ContainerEvent.NetworkConfigured n) {
            log.record(AuditRecord.of(id, name, AuditEvent.NETWORK_BRIDGE_SETUP, n.network()));
            if (!n.egressRules().isEmpty()) {
                log.record(AuditRecord.of(id, name, AuditEvent.EGRESS_POLICY_APPLIED, n.egressRules().size()
                        + " rules: " + String.join("; ", n.egressRules())));
            }
        } else if (event instanceof ContainerEvent.HealthChanged h) {
            log.record(h.status() == dev.nucleus.domain.event.HealthStatus.UNHEALTHY
                    ? AuditRecord.failure(id, name, AuditEvent.HEALTH_CHECK_UNHEALTHY, h.failingStreak()
                            + " failed checks in a row; stopping the container")
                    : AuditRecord.of(id, name, AuditEvent.HEALTH_CHECK_PASSED, "status " + h.status().cliName()));
        } else if (event instanceof ContainerEvent.Ready r) {
            log.record(AuditRecord.of(id, name, AuditEvent.READINESS_PROBE_READY, "probe " + r.how()));
        }
    }

    void stopped(int code, boolean oomKilled) {
        record(AuditEvent.CONTAINER_STOP, "exit " + code + (oomKilled ? " (OOM killed)" : ""));
        flush();
    }

    /** Records of one moment are appended together (one locked write instead of one each). */
    private void record(AuditEvent event, String detail) {
        pending.add(AuditRecord.of(id, name, event, detail));
    }

    private void flush() {
        started();
        log.recordAll(List.copyOf(pending));
        pending.clear();
    }

    static String namespaces(long flags) {
        List<String> out = new ArrayList<>(List.of("mnt", "pid", "uts", "ipc"));
        if ((flags & Clone.NEWNET) != 0) {
            out.add("net");
        }
        if ((flags & Clone.NEWUSER) != 0) {
            out.add("user");
        }
        if ((flags & Clone.NEWTIME) != 0) {
            out.add("time");
        }
        return String.join(",", out);
    }

    /**
     * What the audit names of an applied plan, in one pass over its steps (a loop: this runs cold
     * at every start, where six stream pipelines over the same steps cost more than the rest).
     */
    private record AppliedSteps(int mounts, int audited, boolean secrets, boolean pivotRoot, boolean noNewPrivs,
                                boolean miniInit) {
        static AppliedSteps of(List<Step> steps) {
            int mounts = 0;
            int audited = 0;
            boolean secrets = false;
            boolean pivotRoot = false;
            boolean noNewPrivs = false;
            boolean miniInit = false;
            for (Step step : steps) {
                if (step instanceof Step.Mount m) {
                    mounts++;
                    secrets |= m.target().endsWith("/run/secrets");
                } else if (step instanceof Step.MountExpect) {
                    audited++;
                } else if (step instanceof Step.PivotRoot) {
                    pivotRoot = true;
                } else if (step instanceof Step.NoNewPrivs) {
                    noNewPrivs = true;
                } else if (step instanceof Step.MiniInit) {
                    miniInit = true;
                }
            }
            return new AppliedSteps(mounts, audited, secrets, pivotRoot, noNewPrivs, miniInit);
        }
    }
}
