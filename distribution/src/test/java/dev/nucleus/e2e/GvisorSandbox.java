package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * The fixture of the --runtime gvisor tests, run with the real runsc of this machine: a busybox
 * rootfs, a context and a secret in a directory of each test's own; after each test, nothing of
 * the sandbox may be left (bundle, staged secrets, runsc state, the sandbox's cgroups).
 */
@Tag("root")
abstract class GvisorSandbox {
    Path dir;
    Path rootfs;

    @BeforeEach
    void busyboxRootfs() throws IOException {
        dir = Files.createTempDirectory("nucleus-gvisor");
        rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "dmesg", "id", "cat", "touch", "head", "echo", "httpd", "mkdir", "nc",
                "printf", "tail", "sleep", "hostname", "grep", "stty", "tty", "cp", "ls")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(dir.resolve("ctx/a.txt"), "ctx-file\n");
        Files.writeString(dir.resolve("token"), "s3cr3t\n");
    }

    @AfterEach
    void nothingLeft() throws IOException {
        try {
            Path bundles = dir.resolve("state/gvisor/bundles");
            if (Files.isDirectory(bundles)) {
                try (var left = Files.list(bundles)) {
                    assertEquals(List.of(), left.toList(), "no bundle is left");
                }
            }
            try (var shm = Files.list(Path.of("/dev/shm"))) {
                assertEquals(List.of(), shm.filter(p -> p.getFileName().toString().startsWith("nucleus-gvisor-"))
                        .toList(), "no staged secret is left");
            }
            Nucleus.Result runsc = Nucleus.shell("runsc --root " + dir.resolve("state/runsc")
                    + " list -quiet 2>/dev/null");
            assertEquals("", runsc.out().strip(), "no runsc container is left");
            assertEquals(List.of(), ownSandboxCgroups(), "no sandbox cgroup is left");
        } finally {
            // A failed test's containers go too, so that the next test starts on a clean host.
            Nucleus.shell("pkill -9 -f '" + dir + "/' ; sleep 0.5");
            for (Path cgroup : ownSandboxCgroups()) {
                if (Files.exists(dir.resolve("state/gvisor/bundles").resolve(cgroup.getFileName().toString()))) {
                    Nucleus.shell("rmdir '" + cgroup + "'");
                }
            }
            Nucleus.shell("rm -rf '" + dir + "'");
        }
    }

    /** Every container cgroup ({@code nucleus/<32 hex>}) in any hierarchy of the host. */
    static List<Path> sandboxCgroups() throws IOException {
        try (var found = Files.find(Path.of("/sys/fs/cgroup"), 8, (p, a) -> a.isDirectory()
                && p.getFileName().toString().matches("[0-9a-f]{32}")
                && p.getParent().getFileName().toString().equals("nucleus"))) {
            return found.toList();
        }
    }

    /**
     * The container cgroups of this JVM's containers, in every hierarchy: those of the ids whose
     * memory directory is beneath this JVM's memory cgroup. Another checkout's tests may run on
     * this host meanwhile, in a memory cgroup of their own (on a host where every process is in
     * the root memory cgroup this is every container cgroup, as before).
     */
    static List<Path> ownSandboxCgroups() throws IOException {
        Path memory = Path.of("/sys/fs/cgroup/memory" + ownCgroup("memory"));
        List<Path> all = sandboxCgroups();
        java.util.Set<String> ours = new java.util.HashSet<>();
        all.stream().filter(c -> c.startsWith(memory)).forEach(c -> ours.add(c.getFileName().toString()));
        return all.stream().filter(c -> ours.contains(c.getFileName().toString())).toList();
    }

    /** This JVM's cgroup in the hierarchy mounted at {@code /sys/fs/cgroup/<mount>}, from /proc/self/cgroup. */
    static String ownCgroup(String mount) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] f = line.split(":", 3);
            String name = f[1].isEmpty() ? "unified" : f[1].replace("name=", "");
            if (name.equals(mount)) {
                return f[2];
            }
        }
        throw new AssertionError("no cgroup of this process in " + mount);
    }

    /** Starts a detached sandbox on the busybox rootfs ({@code run -d --runtime gvisor --rootfs ... ARGS}); its id. */
    String detachedSandbox(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(new String[] {"run", "-d", "--runtime", "gvisor", "--rootfs", rootfs.toString()}, 0, all, 0, 6);
        System.arraycopy(args, 0, all, 6, args.length);
        Nucleus.Result started = nucleus(all);
        assertEquals(0, started.exit(), started.toString());
        return started.out().strip();
    }

    /** Waits up to 5 s for what runsc makes as the sandbox starts (its cgroup, a file in it). */
    static void awaitRunscMade(java.util.function.BooleanSupplier made) throws InterruptedException {
        for (int i = 0; i < 100 && !made.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
    }

    Nucleus.Result nucleus(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = dir.resolve("state").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Nucleus.run(all);
    }
}
