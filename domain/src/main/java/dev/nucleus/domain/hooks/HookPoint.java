package dev.nucleus.domain.hooks;

/**
 * Where a hook runs, as the OCI runtime spec defines the points. Nucleus runs them at these
 * moments of its launch:
 * <ul>
 *   <li>{@link #CREATE_RUNTIME}: the container's namespaces exist, nothing is mounted yet; in the
 *       runtime's namespaces; OCI state "creating"</li>
 *   <li>{@link #CREATE_CONTAINER}: the same moment, inside the container's namespaces (mount, uts,
 *       ipc, net, pid), before pivot_root; state "created"</li>
 *   <li>{@link #START_CONTAINER}: inside the same namespaces after pivot_root and every mount, while
 *       the container process waits before its filters and execve (plan op 40); state "created"</li>
 *   <li>{@link #POSTSTART}: the workload has been exec'd; runtime namespaces; state "running"</li>
 *   <li>{@link #POSTSTOP}: the workload ended and was cleaned up; state "stopped"; a failure is only
 *       logged</li>
 * </ul>
 */
public enum HookPoint {
    CREATE_RUNTIME("createRuntime"), CREATE_CONTAINER("createContainer"), START_CONTAINER("startContainer"),
    POSTSTART("poststart"), POSTSTOP("poststop");

    private final String ociName;

    HookPoint(String ociName) {
        this.ociName = ociName;
    }

    public String ociName() {
        return ociName;
    }

    /** A failure here stops the launch (poststop: it only warns). */
    public boolean fatal() {
        return this != POSTSTOP;
    }
}
