package dev.nucleus.gvisor;

import dev.nucleus.domain.net.BrokerEnvironment;
import dev.nucleus.domain.integrity.RootfsClosure;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.PathPolicy;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.spec.Secret;
import dev.nucleus.domain.value.EnvVar;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.NotSupportedYetException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A container's OCI bundle: a 0700 directory with config.json and, without --rootfs, a rootfs
 * view of its own (mount points, the host's merged-/usr links and a generated /etc), which the
 * host's /usr and the launch's binds fill in read-only; with --rootfs, a view of it whose writes
 * (runsc's mount points) stay in the bundle ({@link LentServices.RootViews}). Secrets are staged
 * in a tmpfs ({@code /dev/shm}), readable by the workload's user alone, and bound read-only.
 * Closing removes it all.
 */
final class Bundle implements AutoCloseable {
    private static final List<String> MERGED_USR = List.of("bin", "sbin", "lib", "lib64", "lib32", "libx32");
    private static final List<String> HOST_ETC = List.of("/etc/alternatives", "/etc/ssl", "/etc/ca-certificates",
            "/etc/localtime");

    private final Path dir;
    private final Path secrets;
    private final LentServices.RootViews views;
    /** With --workspace-mode copy-in-out: the copy the sandbox works on, inside this bundle. */
    private Optional<LentServices.StagedWorkspace> workspaceCopy = Optional.empty();

    private Bundle(Path dir, Path secrets, LentServices.RootViews views) {
        this.dir = dir;
        this.secrets = secrets;
        this.views = views;
    }

    /** Where a --rootfs's view is mounted, and its layers kept. */
    private Path view() {
        return dir.resolve("root");
    }

    private Path layers() {
        return dir.resolve("root-layers");
    }

    Path directory() {
        return dir;
    }

    /** A bundle of defaults, its /context the canonical source as given (tests). */
    static Bundle create(Path base, String id, String name, ContainerSpec spec, String cgroupsPath,
                         LentServices.RootViews views) throws IOException, LaunchFailedException {
        return create(base, id, name, spec, cgroupsPath, views, List.of(), Optional.empty(), Optional.empty(),
                dev.nucleus.domain.hooks.Hooks.NONE, Optional.empty(), Optional.empty(), (source, staged) -> {
                    throw new IOException("no workspace stager");
                }, (context, staging) -> {
                    try {
                        return Path.of(context.source().path()).toRealPath();
                    } catch (IOException e) {
                        throw new LaunchFailedException("--context: " + e.getMessage(), e);
                    }
                });
    }

    /**
     * @param addresses   the container's addresses on its network (bridge), named in /etc/hosts
     * @param credentials {@code $CREDENTIALS_DIRECTORY}, where --systemd-credential's files are
     */
    static Bundle create(Path base, String id, String name, ContainerSpec spec, String cgroupsPath,
                         LentServices.RootViews views, List<dev.nucleus.domain.value.IpAddress> addresses,
                         Optional<dev.nucleus.domain.policy.CapabilityPolicy> capabilities,
                         Optional<String> seccompJson, dev.nucleus.domain.hooks.Hooks hooks,
                         Optional<BundleInputs.Console> console, Optional<Path> credentials,
                         LentServices.Workspaces workspaces, GvisorBackend.Contexts contexts)
            throws IOException, LaunchFailedException {
        Files.createDirectories(base);
        Path dir = base.resolve(id);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path secrets = Path.of("/dev/shm", "nucleus-gvisor-" + id);
        Bundle bundle = new Bundle(dir, secrets, views);
        try {
            BundleInputs inputs = bundle.inputs(id, name, spec, cgroupsPath, addresses, capabilities, seccompJson,
                    credentials, workspaces, contexts).withConsole(console).withLimits(spec.request().resources());
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
                                Optional<String> seccompJson, Optional<Path> credentials,
                                LentServices.Workspaces workspaces, GvisorBackend.Contexts contexts)
            throws IOException, LaunchFailedException {
        LaunchRequest r = spec.request();
        Path view = r.filesystem().rootfs().path().isPresent()
                ? Path.of(r.filesystem().rootfs().path().get().path()).toRealPath() : Path.of("/");
        dev.nucleus.domain.spec.WorkloadIds ids = SandboxIdentity.resolve(r.identity(), view.resolve("etc"));
        long uid = ids.uid();
        long gid = ids.gid();
        // As native: the name, made into a host name when it is not one (my_box is my-box).
        String hostname = r.hostname().orElseGet(() -> dev.nucleus.domain.value.Names.defaultHostname(name,
                id.substring(0, Math.min(12, id.length()))));
        List<BundleInputs.Mount> mounts = new ArrayList<>(kernelMounts(spec, uid, gid));
        String rootPath;
        if (r.filesystem().rootfs().path().isPresent()) {
            Path rootfs = Path.of(r.filesystem().rootfs().path().get().path()).toRealPath();
            networkFiles(spec, hostname, addresses, rootfs, mounts);
            mounts.addAll(closureMounts(rootfs));
            rootPath = rootView(rootfs).toString();
        } else {
            rootPath = hostView(uid, gid, hostname, mounts, spec, addresses).toString();
        }
        if (r.filesystem().context().isPresent()) {
            var c = r.filesystem().context().get();
            // Filtered, checked and staged in the bundle as for native containers; read-only, noexec.
            Path context = contexts.prepare(c, dir.resolve("context"));
            mounts.add(BundleInputs.Mount.bind(context.toString(), "/context", true).noexec());
        }
        if (r.filesystem().workspace().isPresent()) {
            var w = r.filesystem().workspace().get();
            String source = bindSource("--workspace", w.source().path());
            if (w.mode() == dev.nucleus.domain.spec.WorkspaceMode.COPY_IN_OUT) {
                Path staged = dir.resolve("workspace"); // inside the 0700 bundle, removed with it
                workspaceCopy = Optional.of(workspaces.stage(Path.of(source), staged));
                source = staged.toString();
            }
            BundleInputs.Mount workspace = BundleInputs.Mount.bind(source, "/workspace", !w.writable());
            mounts.add(w.exec() ? workspace : workspace.noexec()); // as native: noexec unless --workspace-exec
        }
        for (var v : r.filesystem().volumes()) {
            BundleInputs.Mount volume = BundleInputs.Mount.bind(bindSource("--volume", v.source().path()),
                    v.destination().path(), v.readOnly());
            mounts.add(v.readOnly() ? volume : volume.noexec()); // as native: nothing written there runs
        }
        for (var p : r.filesystem().providerConfigs()) { // on the home's tmpfs, listed before them
            mounts.add(BundleInputs.Mount.bind(providerSource(p.source().path()), p.destination().path(),
                    p.readOnly()).noexec());
        }
        for (var t : r.filesystem().tmpfs()) { // as native: 0700, the workload's, read-only with :ro, else noexec
            List<String> options = new ArrayList<>(List.of("nosuid", "nodev", "mode=0700", "size=" + t.size().bytes(),
                    "uid=" + uid, "gid=" + gid));
            options.add(t.readOnly() ? "ro" : "noexec");
            mounts.add(new BundleInputs.Mount(t.destination().path(), "tmpfs", "tmpfs", options));
        }
        boolean broker = r.network().credentialBroker().isPresent();
        stageSecrets(r, uid, gid, mounts, credentials, broker ? Optional.of(BrokerTokenFile.fresh()) : Optional.empty());
        List<String> env = new ArrayList<>(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME=" + r.filesystem().home().path(), "HOSTNAME=" + hostname, "NUCLEUS_CONTAINER_ID=" + id));
        // --credential-broker's proxies, and where its token is: not the token itself, as runsc keeps
        // the environment on disk (config.json here, the spec in its own state files)
        List<EnvVar> derived = new ArrayList<>(BrokerEnvironment.of(r.network(), id));
        if (broker) {
            derived.add(new EnvVar(BrokerEnvironment.TOKEN_FILE, BrokerEnvironment.TOKEN_PATH));
        }
        for (EnvVar e : derived) {
            env.removeIf(x -> x.startsWith(e.key() + "="));
            env.add(e.key() + "=" + e.value());
        }
        for (EnvVar e : r.workload().env()) {
            env.removeIf(x -> x.startsWith(e.key() + "="));
            env.add(e.key() + "=" + e.value());
        }
        Map<String, String> annotations = new TreeMap<>();
        annotations.put("dev.nucleus.mode", spec.mode().cliName());
        annotations.put("dev.nucleus.trust-level", r.runtime().trustLevel().cliName());
        annotations.put("dev.nucleus.container-id", id);
        return new BundleInputs(r.workload().command(), env, r.workload().workdir().path(), uid, gid,
                ids.groups(), hostname, rootPath, mounts,
                r.resources().memory().map(m -> m.bytes()),
                r.resources().cpus().map(c -> c.quotaMicros(BundleInputs.CPU_PERIOD_MICROS)), r.resources().pids(),
                cgroupsPath, annotations, r.network().mode() == dev.nucleus.domain.spec.NetworkMode.NONE, capabilities, seccompJson);
    }

    /**
     * The rootfs's Nix closure ({@link RootfsClosure}), each object bound read-only at its own path,
     * as the native runtime shows it. The launch's preflight has checked the list against this
     * host's store; a symlink object (which no bind can show) is not supported on gVisor yet.
     */
    private static List<BundleInputs.Mount> closureMounts(Path rootfs) throws IOException, LaunchFailedException {
        Path list = rootfs.resolve(RootfsClosure.FILE_NAME);
        if (!Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<BundleInputs.Mount> mounts = new ArrayList<>();
        for (String object : RootfsClosure.parse(Files.readString(list))) {
            if (Files.isSymbolicLink(Path.of(object))) {
                throw new NotSupportedYetException(List.of("--runtime gvisor with a symlink in the rootfs's Nix closure ("
                        + object + ")"));
            }
            mounts.add(BundleInputs.Mount.bind(object, object, true));
        }
        return mounts;
    }

    /** The kernel file systems and in-memory directories, with the native layout's options (FilesystemSteps). */
    private static List<BundleInputs.Mount> kernelMounts(ContainerSpec spec, long uid, long gid) {
        String home = spec.request().filesystem().home().path();
        List<String> proc = new ArrayList<>(List.of("nosuid", "noexec", "nodev"));
        if (spec.enforcement().procReadOnly()) {
            proc.add("ro"); // unless --proc-rw
        }
        if (spec.enforcement().procHidepid()) {
            proc.add("hidepid=2"); // production asks for it; gVisor's /proc ignores it, and the launch says so
        }
        return List.of(
                new BundleInputs.Mount("/proc", "proc", "proc", proc),
                new BundleInputs.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755",
                        "size=65536k")),
                new BundleInputs.Mount("/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance",
                        "ptmxmode=0666", "mode=0620")),
                new BundleInputs.Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777",
                        "size=65536k")),
                new BundleInputs.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                new BundleInputs.Mount("/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "noexec", "mode=1777",
                        "size=256m")),
                new BundleInputs.Mount(home, "tmpfs", "tmpfs", List.of("nosuid", "nodev", "noexec", "mode=0700",
                        "size=256m", "uid=" + uid, "gid=" + gid)));
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
        Files.writeString(etc.resolve("hosts"), hosts(hostname, addresses, spec));
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

    /** /etc/hosts: localhost, the hostname at the container's addresses, then each --add-host (as native). */
    private static String hosts(String hostname, List<dev.nucleus.domain.value.IpAddress> addresses,
                                ContainerSpec spec) {
        StringBuilder b = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n");
        if (addresses.isEmpty()) {
            b.append("127.0.1.1\t").append(hostname).append('\n');
        }
        addresses.forEach(a -> b.append(a).append('\t').append(hostname).append('\n'));
        spec.request().network().extraHosts().forEach(h -> b.append(h.address()).append('\t').append(h.name())
                .append('\n'));
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
        boolean networked = spec.request().network().mode() != dev.nucleus.domain.spec.NetworkMode.NONE;
        List<Map.Entry<String, String>> files = new ArrayList<>();
        if (networked || !spec.request().network().extraHosts().isEmpty()) {
            files.add(Map.entry("hosts", hosts(hostname, addresses, spec)));
        }
        if (networked) {
            files.add(Map.entry("resolv.conf", resolv(spec)));
        }
        if (files.isEmpty()) {
            return;
        }
        Path staged = Files.createDirectories(dir.resolve("etc"));
        for (var f : files) {
            if (Files.isRegularFile(rootfs.resolve("etc").resolve(f.getKey()), LinkOption.NOFOLLOW_LINKS)) {
                Path file = Files.writeString(staged.resolve(f.getKey()), f.getValue());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                mounts.add(BundleInputs.Mount.bind(file.toString(), "/etc/" + f.getKey(), true));
            }
        }
        Files.setPosixFilePermissions(dir.resolve("etc"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Secrets, systemd credentials and the credential broker's token, copied (the token written)
     * to a 0700 directory in /dev/shm (memory, not the bundle's disk), each 0400 and the
     * workload's, and bound read-only at its destination.
     */
    private void stageSecrets(LaunchRequest r, long uid, long gid, List<BundleInputs.Mount> mounts,
                              Optional<Path> credentials, Optional<String> brokerToken) throws IOException {
        // A list, not a map by source: one host file may be given to several destinations.
        List<Map.Entry<Path, String>> sources = new ArrayList<>();
        for (var s : r.filesystem().secrets()) {
            sources.add(Map.entry(Path.of(s.source().path()), s.destination().path()));
        }
        for (var c : r.filesystem().credentials()) { // the launch's preflight found each one there
            sources.add(Map.entry(credentials.orElseThrow().resolve(c.name()), c.destination().path()));
        }
        if (sources.isEmpty() && brokerToken.isEmpty()) {
            return;
        }
        Files.createDirectory(secrets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        int n = 0;
        long total = 0;
        for (Map.Entry<Path, String> s : sources) {
            Path staged = secrets.resolve("s" + n++);
            Files.copy(s.getKey(), staged);
            total += Files.size(staged);
            if (total > Secret.MAX_TOTAL_BYTES) { // checked up front (the preflight); a file may grow meanwhile
                throw new IOException("the secrets grew past the " + (Secret.MAX_TOTAL_BYTES >> 20)
                        + " MiB a container's secrets may hold while they were staged");
            }
            mounts.add(forWorkload(staged, s.getValue(), uid, gid));
        }
        if (brokerToken.isPresent()) {
            Path staged = Files.createFile(secrets.resolve("broker-token"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(staged, brokerToken.get(), StandardCharsets.US_ASCII);
            mounts.add(forWorkload(staged, BrokerEnvironment.TOKEN_PATH, uid, gid));
        }
    }

    /** A staged file made 0400 and the workload's, bound read-only at {@code destination}. */
    private static BundleInputs.Mount forWorkload(Path staged, String destination, long uid, long gid)
            throws IOException {
        var lookup = staged.getFileSystem().getUserPrincipalLookupService();
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("r--------"));
        Files.setOwner(staged, lookup.lookupPrincipalByName(Long.toString(uid)));
        var view = Files.getFileAttributeView(staged, java.nio.file.attribute.PosixFileAttributeView.class);
        view.setGroup(lookup.lookupPrincipalByGroupName(Long.toString(gid)));
        return BundleInputs.Mount.bind(staged.toString(), destination, true);
    }

    /**
     * A bind source as runsc will mount it: canonical, and checked against the protected host paths
     * once resolved (a symlink to /etc is /etc), as it was when the request was checked.
     */
    private static String bindSource(String flag, String path) throws PolicyRejectedException {
        return canonical(flag, path, PathPolicy::deniedBindSource, "a protected host path");
    }

    /** A provider config's source, held to the native runtime's rule once symlinks are resolved. */
    /** The view of {@code rootfs} runsc gets as the sandbox's root (read-only inside it). */
    private Path rootView(Path rootfs) throws IOException {
        Path upper = Files.createDirectories(layers().resolve("upper"));
        Path work = Files.createDirectories(layers().resolve("work"));
        Path view = Files.createDirectory(view());
        views.mount(rootfs, upper, work, view);
        return view;
    }

    private static String providerSource(String path) throws PolicyRejectedException {
        return canonical("--provider-config", path, PathPolicy::deniedProviderSource,
                "which may not be bound (a whole home, / or a system path)");
    }

    private static String canonical(String flag, String path, java.util.function.Predicate<String> denied,
                                    String what) throws PolicyRejectedException {
        String real;
        try {
            real = Path.of(path).toRealPath().toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (denied.test(real)) {
            throw new PolicyRejectedException(flag + " " + path + " resolves to " + real + ", " + what);
        }
        return real;
    }

    /** With --workspace-mode copy-in-out, copies the workload's changes back to the workspace's source. */
    void syncWorkspaceBack() throws IOException {
        if (workspaceCopy.isPresent()) {
            workspaceCopy.get().syncBack();
        }
    }

    /** A bundle's directory, rootfs view and staged secrets, by id (for `nucleus rm` after a crash). */
    static void remove(Path dir, String id, LentServices.RootViews views) {
        new Bundle(dir, Path.of("/dev/shm", "nucleus-gvisor-" + id), views).close();
    }

    @Override
    public void close() {
        try {
            views.unmount(view());
        } catch (IOException ignored) {
            // still mounted: the walk below leaves it (another file system) and what holds it
        }
        for (Path p : List.of(dir, secrets)) {
            try {
                deleteTree(p, null);
            } catch (IOException ignored) {
                // what remains is removed with the state directory
            }
        }
    }

    /**
     * {@code p} and what is beneath it, links not followed and never on another file system than
     * {@code p}'s (a rootfs view still mounted is left, not emptied into whiteouts); a walk without a
     * stream: this ends every launch.
     */
    private static void deleteTree(Path p, Object device) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Object here = Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            if (device != null && !device.equals(here)) {
                return;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                for (Path child : children) {
                    deleteTree(child, here);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
