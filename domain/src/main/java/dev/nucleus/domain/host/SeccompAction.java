package dev.nucleus.domain.host;

/** Seccomp filter return actions a kernel may support ({@code SECCOMP_GET_ACTION_AVAIL}). */
public enum SeccompAction {
    KILL_PROCESS, KILL_THREAD, TRAP, ERRNO, USER_NOTIF, TRACE, LOG, ALLOW
}
