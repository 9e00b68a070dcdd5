package dev.nucleus.gvisor;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.value.EnvVar;
import dev.nucleus.domain.rules.PathPolicy;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A container's OCI bundle: a 0700 directory with config.json and, without --rootfs, a rootfs
 * view of its own (mount points, the host's merged-/usr links and a generated /etc), which the
 * host's /usr and the launch's binds fill in read-only. Secrets are staged in a tmpfs
 * ({@code /dev/shm}), readable by the workload's user alone, and bound read-only. Closing removes it all.
 */
final class Bundle implements AutoCloseable {
    private static final List<String> MERGED_USR = List.of("bin", "sbin", "lib", "lib64", "lib32", "libx32");
    private static final List<String> HOST_ETC = List.of("/etc/alternatives", "/etc/ssl", "/etc/ca-certificates",
            "/etc/localtime");

    private final Path dir;
    private final Path secrets;

    private Bundle(Path dir, Path secrets) {
        this.dir = dir;
        this.secrets = secrets;
    }

    Path directory() {
        return dir;
    }

    static Bundle create(Path base, String id, String name, ContainerSpec spec, String cgroupsPath)
            throws IOException, LaunchFailedException {
        return create(base, id, name, spec, cgroupsPath, List.of(), Optional.empty(), Optional.empty(),
                dev.nucleus.domain.hooks.Hooks.NONE, Optional.empty());
    }

    /** @param addresses the container's addresses on its network (bridge), named in /etc/hosts */
    static Bundle create(Path base, String id, String name, ContainerSpec spec, String cgroupsPath,
                         List<dev.nucleus.domain.value.IpAddress> addresses,
                         Optional<dev.nucleus.domain.policy.CapabilityPolicy> capabilities,
                         Optional<String> seccompJson, dev.nucleus.domain.hooks.Hooks hooks,
                         Optional<BundleInputs.Console> console) throws IOException, LaunchFailedException {
        Files.createDirectories(base);
        Path dir = base.resolve(id);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path secrets = Path.of("/dev/shm", "nucleus-gvisor-" + id);
        Bundle bundle = new Bundle(dir, secrets);
        try {
            BundleInputs inputs = bundle.inputs(id, name, spec, cgroupsPath, addresses, capabilities, seccompJson)
                    .withConsole(console);
            Files.writeString(dir.resolve("config.json"), OciConfig.json(inputs, hooks), StandardCharsets.UTF_8);
            return bundle;
        } catch (java.io.UncheckedIOException e) {
            bundle.close();
            throw e.getCause(); // a path gone since the request was checked: a failure of the launch
        } catch (IOException | LaunchFailedException | RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    private BundleInputs inputs(String id, String name, ContainerSpec spec, String cgroupsPath,
                                List<dev.nucleus.domain.value.IpAddress> addresses,
                                Optional<dev.nucleus.domain.policy.CapabilityPolicy> capabilities,
                         Optional<String> seccompJson) throws IOException, LaunchFailedException {
        LaunchRequest r = spec.request();
        Path view = r.filesystem().rootfs().path().isPresent()
                ? Path.of(r.filesystem().rootfs().path().get().path()).toRealPath() : Path.of("/");
        SandboxIdentity ids = SandboxIdentity.resolve(r.identity(), view.resolve("etc"));
        long uid = ids.uid();
        long gid = ids.gid();
        String hostname = r.hostname().orElse(name);
        List<BundleInputs.Mount> mounts = new ArrayList<>(kernelMounts(r.filesystem().home().path()));
        String rootPath;
        if (r.filesystem().rootfs().path().isPresent()) {
            rootPath = Path.of(r.filesystem().rootfs().path().get().path()).toRealPath().toString();
            networkFiles(spec, hostname, addresses, Path.of(rootPath), mounts);
        } else {
            rootPath = hostView(uid, gid, hostname, mounts, spec, addresses).toString();
        }
        if (r.filesystem().context().isPresent()) {
            var c = r.filesystem().context().get();
            mounts.add(BundleInputs.Mount.bind(bindSource("--context", c.source().path()), "/context", true));
        }
        if (r.filesystem().workspace().isPresent()) {
            var w = r.filesystem().workspace().get();
            mounts.add(BundleInputs.Mount.bind(bindSource("--workspace", w.source().path()), "/workspace",
                    !w.writable()));
        }
        for (var v : r.filesystem().volumes()) {
            mounts.add(BundleInputs.Mount.bind(bindSource("--volume", v.source().path()), v.destination().path(),
                    v.readOnly()));
        }
        for (var t : r.filesystem().tmpfs()) {
            mounts.add(new BundleInputs.Mount(t.destination().path(), "tmpfs", "tmpfs",
                    List.of("nosuid", "nodev", "size=" + t.size().bytes())));
        }
        stageSecrets(r, uid, gid, mounts);
        List<String> env = new ArrayList<>(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME=" + r.filesystem().home().path(), "HOSTNAME=" + hostname, "NUCLEUS_CONTAINER_ID=" + id));
        for (EnvVar e : r.workload().env()) {
            env.removeIf(x -> x.startsWith(e.key() + "="));
            env.add(e.key() + "=" + e.value());
        }
        Map<String, String> annotations = new TreeMap<>();
        annotations.put("dev.nucleus.mode", spec.mode().cliName());
        annotations.put("dev.nucleus.trust-level", r.runtime().trustLevel().cliName());
        annotations.put("dev.nucleus.container-id", id);
        return new BundleInputs(r.workload().command(), env, r.workload().workdir().path(), uid, gid,
                ids.additionalGids(), hostname, rootPath, mounts,
                r.resources().memory().map(m -> m.bytes()),
                r.resources().cpus().map(c -> c.quotaMicros(BundleInputs.CPU_PERIOD_MICROS)), r.resources().pids(),
                cgroupsPath, annotations, r.network().mode() == dev.nucleus.domain.spec.NetworkMode.NONE, capabilities, seccompJson);
    }

    private static List<BundleInputs.Mount> kernelMounts(String home) {
        return List.of(
                new BundleInputs.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new BundleInputs.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755",
                        "size=65536k")),
                new BundleInputs.Mount("/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance",
                        "ptmxmode=0666", "mode=0620")),
                new BundleInputs.Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777",
                        "size=65536k")),
                new BundleInputs.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                new BundleInputs.Mount("/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=1777")),
                new BundleInputs.Mount(home, "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=755")));
    }

    /** The root without --rootfs: mount points, the host's merged-/usr links, /usr and a generated /etc. */
    private Path hostView(long uid, long gid, String hostname, List<BundleInputs.Mount> mounts, ContainerSpec spec,
                          List<dev.nucleus.domain.value.IpAddress> addresses) throws IOException {
        Path root = Files.createDirectory(dir.resolve("rootfs"));
        for (String d : List.of("usr", "etc", "proc", "dev", "sys", "tmp", "home", "run", "context", "workspace")) {
            Files.createDirectories(root.resolve(d));
        }
        for (String name : MERGED_USR) {
            Path host = Path.of("/", name);
            if (Files.isSymbolicLink(host)) {
                Files.createSymbolicLink(root.resolve(name), Files.readSymbolicLink(host));
            } else if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(root.resolve(name));
                mounts.add(BundleInputs.Mount.bind(host.toString(), host.toString(), true));
            }
        }
        mounts.add(BundleInputs.Mount.bind("/usr", "/usr", true));
        Path etc = Files.createDirectory(dir.resolve("etc"));
        // The workload's user and group under the names it was asked by (a name from the host's files).
        var identity = spec.request().identity();
        String user = identity.user().filter(u -> !dev.nucleus.domain.spec.Identity.isNumeric(u)).orElse("user");
        String group = identity.group().filter(g -> !dev.nucleus.domain.spec.Identity.isNumeric(g)).orElse("group");
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                + (uid != 0 ? user + ":x:" + uid + ":" + gid + ":workload:/home/agent:/bin/sh\n" : ""));
        Files.writeString(etc.resolve("group"), "root:x:0:\n" + (gid != 0 ? group + ":x:" + gid + ":\n" : ""));
        Files.writeString(etc.resolve("hosts"), hosts(hostname, addresses));
        Files.writeString(etc.resolve("resolv.conf"), resolv(spec));
        Files.writeString(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
        for (String f : List.of("passwd", "group", "hosts", "resolv.conf", "nsswitch.conf")) {
            Files.setPosixFilePermissions(etc.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
        mounts.add(BundleInputs.Mount.bind(etc.toString(), "/etc", true));
        for (String hostEtc : HOST_ETC) {
            if (Files.exists(Path.of(hostEtc))) {
                mounts.add(BundleInputs.Mount.bind(hostEtc, hostEtc, true));
            }
        }
        return root;
    }

    private static String hosts(String hostname, List<dev.nucleus.domain.value.IpAddress> addresses) {
        StringBuilder b = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n");
        if (addresses.isEmpty()) {
            b.append("127.0.1.1\t").append(hostname).append('\n');
        }
        addresses.forEach(a -> b.append(a).append('\t').append(hostname).append('\n'));
        return b.toString();
    }

    private static String resolv(ContainerSpec spec) {
        StringBuilder b = new StringBuilder();
        spec.network().dns().forEach(d -> b.append("nameserver ").append(d).append('\n'));
        return b.toString();
    }

    /** A rootfs's own /etc stays; with a network its hosts and resolv.conf are bound over, where it has them. */
    private void networkFiles(ContainerSpec spec, String hostname, List<dev.nucleus.domain.value.IpAddress> addresses,
                              Path rootfs, List<BundleInputs.Mount> mounts) throws IOException {
        if (spec.request().network().mode() == dev.nucleus.domain.spec.NetworkMode.NONE) {
            return;
        }
        Path staged = Files.createDirectories(dir.resolve("etc"));
        for (var f : List.of(Map.entry("hosts", hosts(hostname, addresses)), Map.entry("resolv.conf", resolv(spec)))) {
            if (Files.isRegularFile(rootfs.resolve("etc").resolve(f.getKey()), LinkOption.NOFOLLOW_LINKS)) {
                Path file = Files.writeString(staged.resolve(f.getKey()), f.getValue());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                mounts.add(BundleInputs.Mount.bind(file.toString(), "/etc/" + f.getKey(), true));
            }
        }
        Files.setPosixFilePermissions(dir.resolve("etc"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Each --secret copied into a 0700 tmpfs directory, 0400 for the workload's user, bound read-only. */
    private void stageSecrets(LaunchRequest r, long uid, long gid, List<BundleInputs.Mount> mounts)
            throws IOException {
        if (r.filesystem().secrets().isEmpty()) {
            return;
        }
        Files.createDirectory(secrets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        var lookup = secrets.getFileSystem().getUserPrincipalLookupService();
        int n = 0;
        for (var s : r.filesystem().secrets()) {
            Path staged = secrets.resolve("s" + n++);
            Files.copy(Path.of(s.source().path()), staged);
            Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("r--------"));
            Files.setOwner(staged, lookup.lookupPrincipalByName(Long.toString(uid)));
            var view = Files.getFileAttributeView(staged, java.nio.file.attribute.PosixFileAttributeView.class);
            view.setGroup(lookup.lookupPrincipalByGroupName(Long.toString(gid)));
            mounts.add(BundleInputs.Mount.bind(staged.toString(), s.destination().path(), true));
        }
    }

    /**
     * A bind source as runsc will mount it: canonical, and checked against the protected host paths
     * once resolved (a symlink to /etc is /etc), as it was when the request was checked.
     */
    private static String bindSource(String flag, String path) throws PolicyRejectedException {
        String real;
        try {
            real = Path.of(path).toRealPath().toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (PathPolicy.deniedBindSource(real)) {
            throw new PolicyRejectedException(flag + " " + path + " resolves to " + real + ", a protected host path");
        }
        return real;
    }

    /** A bundle's directory and staged secrets, by id (for `nucleus rm` after a crash). */
    static void remove(Path dir, String id) {
        new Bundle(dir, Path.of("/dev/shm", "nucleus-gvisor-" + id)).close();
    }

    @Override
    public void close() {
        for (Path p : List.of(dir, secrets)) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                try (var walk = Files.walk(p)) {
                    for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException ignored) {
                    // what remains is removed with the state directory
                }
            }
        }
    }
}
