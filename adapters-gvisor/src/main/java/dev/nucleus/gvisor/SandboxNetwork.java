package dev.nucleus.gvisor;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.NetworkDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The network namespace a bridged gVisor sandbox runs in: held by a process of its own
 * ({@code unshare --net sleep}), wired by the {@link NetworkDriver} port exactly as a native
 * container's (veth or slirp4netns, forwards, egress rules), and entered by runsc through
 * {@code nsenter}. runsc then uses host networking inside it: its own netstack
 * ({@code --network sandbox}) does not come up in a prepared namespace with this runsc (it refuses
 * one it takes for the root namespace, and with that check hidden it serves nothing), so this is
 * the fallback the reference uses too, and the events say so.
 *
 * <p>The holder dies with this runtime (a parent-death signal, SIGKILL included), and is recorded
 * ({@link NetnsHolders}) so that `nucleus rm` ends it should it outlive a runtime that was killed.
 */
final class SandboxNetwork implements AutoCloseable {
    static final List<Path> TRUSTED_DIRS = List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"),
            Path.of("/sbin"));

    /** How long the holder may take to make its namespace (a few milliseconds, more on a loaded host). */
    private static final Duration HOLDER_START = Duration.ofSeconds(10);

    private final Process holder;
    private final NetworkDriver.Attachment attachment;
    private final Path stateBase;
    private final String id;

    private SandboxNetwork(Process holder, NetworkDriver.Attachment attachment, Path stateBase, String id) {
        this.holder = holder;
        this.attachment = attachment;
        this.stateBase = stateBase;
        this.id = id;
    }

    static SandboxNetwork create(NetworkDriver driver, Path stateBase, String id, ContainerSpec spec)
            throws LaunchFailedException {
        NetworkDriver.Attachment attachment = driver.reserve(id, spec);
        Process holder = null;
        try {
            // setpriv execs unshare, which execs sleep: one process, which keeps the parent-death signal
            holder = new ProcessBuilder(tool("setpriv").toString(), "--pdeathsig", "KILL", "--",
                    tool("unshare").toString(), "--net", "--", tool("sleep").toString(), "infinity")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            NetnsHolders.record(stateBase, id, holder.pid());
            awaitOwnNetworkNamespace(holder, HOLDER_START);
            String netns = "--net=/proc/" + holder.pid() + "/ns/net";
            run(List.of(tool("nsenter").toString(), netns, "--", tool("ip").toString(), "link", "set", "lo", "up"));
            // As Docker does (a native container writes it itself, before its mounts): ports below
            // 1024 need no capability; runsc's host networking binds in this namespace.
            run(List.of(tool("nsenter").toString(), netns, "--", tool("sysctl").toString(), "-q", "-w",
                    "net.ipv4.ip_unprivileged_port_start=0"));
            attachment.connect(holder.pid());
            return new SandboxNetwork(holder, attachment, stateBase, id);
        } catch (IOException | LaunchFailedException | RuntimeException e) {
            if (holder != null) {
                end(holder);
            }
            NetnsHolders.forget(stateBase, id);
            attachment.close();
            throw e instanceof LaunchFailedException l ? l
                    : new LaunchFailedException("cannot prepare the sandbox's network: " + e.getMessage(), e);
        }
    }

    /**
     * Returns once {@code holder} is in a network namespace of its own. Its pid exists as soon as
     * it is spawned, but unshare makes the namespace only after setpriv has exec'd it: until then
     * {@code /proc/<pid>/ns/net} is this runtime's own, and wiring it (lo up, the port sysctl, the
     * veth) would wire the host's namespace and leave the sandbox's lo down.
     */
    static void awaitOwnNetworkNamespace(Process holder, Duration within) throws IOException, LaunchFailedException {
        Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        Path its = Path.of("/proc/" + holder.pid() + "/ns/net");
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (!holder.isAlive()) {
                throw new LaunchFailedException("the sandbox's network namespace holder (unshare --net) ended as it"
                        + " started, with status " + holder.exitValue());
            }
            try {
                if (!Files.readSymbolicLink(its).equals(ours)) {
                    return;
                }
            } catch (java.nio.file.NoSuchFileException ended) {
                // gone between the two checks: the next round, after the pause, says how it ended
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LaunchFailedException("the sandbox's network namespace holder (unshare --net) made no"
                        + " namespace within " + within.toMillis() + " ms");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchFailedException("interrupted while the sandbox's network namespace was made", e);
            }
        }
    }

    NetworkDriver.Attachment attachment() {
        return attachment;
    }

    /** runsc's command line prefixed to enter the namespace. */
    List<String> enter(List<String> runsc) throws LaunchFailedException {
        List<String> argv = new ArrayList<>(List.of(tool("nsenter").toString(), "--net=/proc/" + holder.pid()
                + "/ns/net", "--"));
        argv.addAll(runsc);
        return argv;
    }

    private static void run(List<String> argv) throws IOException, LaunchFailedException {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new LaunchFailedException(String.join(" ", argv) + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("interrupted", e);
        }
    }

    /** {@code name} from a system directory ({@link TrustedProgram}). */
    static Path tool(String name) throws LaunchFailedException {
        return TrustedProgram.first(Lists.map(TRUSTED_DIRS, d -> d.resolve(name))).orElseThrow(() ->
                new LaunchFailedException(name + " not found as a trusted system program in " + TRUSTED_DIRS));
    }

    /** The process holding the sandbox's network namespace: a TCP readiness probe joins it. */
    long holderPid() {
        return holder.pid();
    }

    @Override
    public void close() {
        attachment.close();
        end(holder);
        NetnsHolders.forget(stateBase, id);
    }

    private static void end(Process holder) {
        holder.destroyForcibly();
        try {
            holder.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
