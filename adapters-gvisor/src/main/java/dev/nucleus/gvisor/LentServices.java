package dev.nucleus.gvisor;

import dev.nucleus.ports.out.EventSink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the composition root lends the gVisor backend from the native runtime's adapter, which
 * this one may not depend on: the copy-in-out workspace, health checks and readiness. Each runs
 * the native runtime's own code; only how a probe reaches the workload (runsc exec) is gVisor's.
 */
public final class LentServices {
    private LentServices() {
    }

    /**
     * {@code --workspace-mode copy-in-out}: the workload works on a private copy, and its changes go
     * back to the source once it ran (the native runtime's {@code WorkspaceCopy}, wired by the
     * composition root: this adapter may not depend on that one).
     */
    @FunctionalInterface
    public interface Workspaces {
        /** Copies {@code source} to {@code staged}, a directory not there yet. */
        StagedWorkspace stage(Path source, Path staged) throws IOException;
    }

    /**
     * A --rootfs as runsc gets it. runsc's gofer makes the mount points of the sandbox's mounts
     * (a secret's file, a volume's directory) in the sandbox's root on the host, and made them in
     * the user's tree, whose attestation then failed. So runsc gets a view: an overlay over the
     * rootfs whose writes land in the bundle (wired by the composition root: a mount on the host).
     */
    public interface RootViews {
        /** Mounts at {@code view} a view of {@code rootfs} whose writes go to {@code upper} ({@code work}: its scratch). */
        void mount(Path rootfs, Path upper, Path work, Path view) throws IOException;

        /** Detaches the view at {@code view}, if one is mounted there. */
        void unmount(Path view) throws IOException;
    }

    /** A staged workspace copy. */
    public interface StagedWorkspace {
        /** Copies the workload's changes back to the source. */
        void syncBack() throws IOException;
    }

    /**
     * {@code --health-cmd} checks of a running sandbox: the native runtime's monitor (its verdicts
     * recorded where {@code ps} reads them, an unhealthy container stopped), wired by the
     * composition root; {@code probe} runs one check in the sandbox.
     */
    @FunctionalInterface
    public interface HealthChecks {
        Checking start(String id, String name, dev.nucleus.domain.spec.Health health, Probe probe,
                       EventSink events, Runnable stop);
    }

    /** Checks under way, until closed (when the sandbox ended). */
    public interface Checking extends AutoCloseable {
        @Override
        void close();
    }

    /** One health check: the probe's exit status. */
    @FunctionalInterface
    public interface Probe {
        int run(List<String> argv, java.time.Duration timeout);
    }

    /**
     * Readiness of a running sandbox ({@code --readiness-exec} through {@code probe}) and, with
     * {@code --sd-notify}, READY=1 to the service manager once ready: the native runtime's watch,
     * wired by the composition root.
     */
    @FunctionalInterface
    public interface ReadinessChecks {
        /** @param network a process in the network namespace the sandbox's sockets live in, if any */
        Checking start(String id, String name, dev.nucleus.domain.spec.Readiness readiness, Probe probe,
                       java.time.Duration timeout, java.util.OptionalLong network, EventSink events);
    }
}
