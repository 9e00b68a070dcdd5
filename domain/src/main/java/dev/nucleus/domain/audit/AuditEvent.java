package dev.nucleus.domain.audit;

import dev.nucleus.domain.value.AsciiText;

/** The audit record types, named as the reference names them (snake_case in the log). */
public enum AuditEvent {
    CONTAINER_START, CONTAINER_STOP, CONTAINER_EXEC, NAMESPACE_CREATED, CGROUP_CREATED, FILESYSTEM_MOUNTED,
    ROOT_SWITCHED, MOUNT_AUDIT_PASSED, MOUNT_AUDIT_FAILED, CAPABILITIES_DROPPED, SECCOMP_APPLIED,
    SECCOMP_PROFILE_LOADED, LANDLOCK_APPLIED, NO_NEW_PRIVS_SET, NETWORK_BRIDGE_SETUP, EGRESS_POLICY_APPLIED,
    EGRESS_DENIED, HEALTH_CHECK_PASSED, HEALTH_CHECK_FAILED, HEALTH_CHECK_UNHEALTHY, READINESS_PROBE_READY,
    READINESS_PROBE_FAILED, SECRETS_MOUNTED, INIT_SUPERVISOR_STARTED, ZOMBIE_REAPED, SIGNAL_FORWARDED, GVISOR_STARTED,
    /** Beyond the reference: a setup step failed and the launch stopped. */
    CONTAINER_SETUP_FAILED,
    /** Beyond the reference: a seccomp denial attributed to the container (--seccomp-log-denied). */
    SECCOMP_DENIED;

    public String wireName() {
        return AsciiText.lowerCase(name());
    }
}
