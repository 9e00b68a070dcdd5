package dev.nucleus.linux.net;

import dev.nucleus.domain.net.EgressRules;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.BridgeSettings;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.domain.value.PortMapping;
import dev.nucleus.linux.state.ProcStart;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.NetworkDriver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** One container behind slirp4netns: started on connect, stopped (and its directory removed) on close. */
final class SlirpAttachment implements NetworkDriver.Attachment {
    private static final long READY_TIMEOUT_MILLIS = 10_000;

    private final Path dir;
    private final String id;
    private final ContainerSpec spec;
    private final List<IpAddress> domains;
    private final BridgeSettings subnet;
    private final List<String> installed = new ArrayList<>();
    private boolean closed;

    SlirpAttachment(Path dir, String id, ContainerSpec spec, List<IpAddress> domains) {
        this.dir = dir;
        this.id = id;
        this.spec = spec;
        this.domains = List.copyOf(domains);
        this.subnet = spec.request().network().bridge();
    }

    @Override
    public List<IpAddress> addresses() {
        return List.of(subnet.host(UserspaceNat.GUEST));
    }

    @Override
    public Optional<IpAddress> builtInDns() {
        return Optional.of(subnet.host(UserspaceNat.DNS));
    }

    @Override
    public String describe() {
        return "userspace NAT (slirp4netns) " + subnet.subnet() + ", address " + subnet.host(UserspaceNat.GUEST);
    }

    @Override
    public void connect(long pid) throws LaunchFailedException {
        List<String> args = new ArrayList<>(List.of("--configure", "--mtu=65520", "--disable-host-loopback",
                "--cidr=" + subnet.subnet(), "--api-socket=" + dir.resolve("api.sock")));
        if (!spec.request().network().dns().isEmpty()) {
            args.add("--disable-dns");
        }
        if (spec.userNamespace().enabled()) {
            args.add("--userns-path=/proc/" + pid + "/ns/user");
        }
        args.add(Long.toString(pid));
        args.add("eth0");
        long slirp = start(args);
        awaitConfigured(pid, slirp);
        for (PortMapping p : spec.request().network().publish()) {
            SlirpApi.addForward(dir.resolve("api.sock"), p);
        }
        EgressRules rules = EgressRules.of(spec.network().egress(), spec.network().dns().isEmpty()
                ? List.of(subnet.host(UserspaceNat.DNS)) : spec.network().dns(), domains);
        installed.addAll(EgressInstaller.install(pid, rules, dir, id));
    }

    private long start(List<String> args) throws LaunchFailedException {
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            List<String> argv = new ArrayList<>();
            argv.add(HostTools.find("slirp4netns").toString());
            argv.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("slirp4netns.log").toFile());
            pb.environment().clear();
            Process p = pb.start();
            long start = ProcStart.of(p.pid()).orElse(0);
            Files.writeString(dir.resolve("pid"), p.pid() + " " + start + "\n", StandardCharsets.UTF_8);
            return p.pid();
        } catch (IOException e) {
            throw new LaunchFailedException("cannot start slirp4netns: " + e.getMessage(), e);
        }
    }

    /** Waits until slirp4netns brought eth0 up with the container's address (or died saying why). */
    private void awaitConfigured(long pid, long slirp) throws LaunchFailedException {
        String address = subnet.host(UserspaceNat.GUEST) + "/";
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (ProcessHandle.of(slirp).map(ProcessHandle::isAlive).orElse(false)) {
                String shown = HostTools.exec("nsenter", List.of("-t", Long.toString(pid), "-n", "--",
                        HostTools.find("ip").toString(), "-o", "-4", "addr", "show", "dev", "eth0")).out();
                if (shown.contains(address) && Files.exists(dir.resolve("api.sock"))) {
                    return;
                }
            } else {
                throw new LaunchFailedException("slirp4netns exited: " + log());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchFailedException("interrupted while slirp4netns starts", e);
            }
        }
        throw new LaunchFailedException("slirp4netns did not configure eth0 within " + READY_TIMEOUT_MILLIS / 1000
                + " s: " + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("slirp4netns.log")).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public List<String> egressRules() {
        return List.copyOf(installed);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop(dir);
        } catch (LaunchFailedException e) {
            // `nucleus rm` or the next sweep stops it
        }
    }

    /** Stops the slirp4netns of {@code dir} (if it is still running) and removes the directory. */
    static void stop(Path dir) throws LaunchFailedException {
        OptionalLong pid = UserspaceNat.livePid(dir);
        if (pid.isPresent()) {
            ProcessHandle.of(pid.getAsLong()).ifPresent(h -> {
                h.destroyForcibly();
                try {
                    h.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reaped by its parent or init
                }
            });
        }
        if (Files.isDirectory(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new LaunchFailedException("cannot remove " + dir + ": " + e.getMessage(), e);
            }
        }
    }
}
