package dev.nucleus.linux.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;
import dev.nucleus.ports.PolicyRejectedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host paths of a request against a real file system, before anything is created. */
class HostInputsTest {
    @TempDir
    Path tmp;

    private static ContainerSpec spec(Map<LaunchOption, List<String>> options) throws Exception {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.putAll(options);
        return LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(values, List.of("/bin/true"),
                RawLaunchRequest.Origin.FLAGS)), new Invoker(0, 0));
    }

    @Test
    void existingInputsOfTheRightKindPass() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("rootfs"));
        Path data = Files.createDirectory(tmp.resolve("data"));
        Path file = Files.writeString(tmp.resolve("token"), "t");
        HostInputs.check(spec(Map.of(LaunchOption.ROOTFS, List.of(dir.toString()),
                LaunchOption.VOLUME, List.of(data + ":/data", file + ":/etc-data/token:ro"),
                LaunchOption.SECRET, List.of(file + ":/run/secrets/token"))), null);
        HostInputs.check(spec(Map.of()), null);
    }

    @Test
    void eachMissingOrWrongKindOfInputIsNamedWithItsFlag() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        Path missing = tmp.resolve("missing");
        assertEquals("--rootfs " + missing + ": no such directory on the host",
                refusal(Map.of(LaunchOption.ROOTFS, List.of(missing.toString()))));
        assertEquals("--rootfs " + file + ": not a directory",
                refusal(Map.of(LaunchOption.ROOTFS, List.of(file.toString()))));
        assertEquals("--workspace " + missing + ": no such directory on the host",
                refusal(Map.of(LaunchOption.WORKSPACE, List.of(missing.toString()))));
        assertEquals("--context " + file + ": not a directory",
                refusal(Map.of(LaunchOption.CONTEXT, List.of(file.toString()))));
        assertEquals("--volume " + missing + ":/data: its source does not exist on the host",
                refusal(Map.of(LaunchOption.VOLUME, List.of(missing + ":/data:ro"))));
        assertEquals("--provider-config-ro " + missing + ":/home/agent/.tool: its source does not exist on the host",
                refusal(Map.of(LaunchOption.PROVIDER_CONFIG_RO, List.of(missing + ":/home/agent/.tool"))));
        assertEquals("--pid-file " + missing + "/pid: no such directory on the host to write it in (" + missing + ")",
                refusal(Map.of(LaunchOption.PID_FILE, List.of(missing + "/pid"))));
        assertEquals("--seccomp-log " + missing + "/t.ndjson: no such directory on the host to write it in (" + missing
                        + ")", refusal(Map.of(LaunchOption.SECCOMP_MODE, List.of("trace"),
                        LaunchOption.SECCOMP_LOG, List.of(missing + "/t.ndjson"))));
        Path link = Files.createSymbolicLink(tmp.resolve("t.ndjson"), missing);
        assertEquals("--seccomp-log " + link + ": is a symlink; the trace is written only to a regular file or a new one",
                refusal(Map.of(LaunchOption.SECCOMP_MODE, List.of("trace"), LaunchOption.SECCOMP_LOG,
                        List.of(link.toString()))));
        assertEquals("--secret /run/secrets/k: its source is not a readable regular file on the host",
                refusal(Map.of(LaunchOption.SECRET, List.of(tmp + ":/run/secrets/k"))), "a directory is no secret");
    }

    /** A pid file goes where a file can be written: not a directory, not /proc or /sys (exit 2, not 125 later). */
    @Test
    void aPidFileThatCannotBeWrittenIsRefusedUpFront() throws Exception {
        assertEquals("--pid-file /proc/nucleus.pid: /proc is a kernel view (/proc, /sys), where no file can be written",
                refusal(Map.of(LaunchOption.PID_FILE, List.of("/proc/nucleus.pid"))));
        assertEquals("--pid-file " + tmp + ": is a directory; the pid is written to a regular file or a new one",
                refusal(Map.of(LaunchOption.PID_FILE, List.of(tmp.toString()))));
        HostInputs.check(spec(Map.of(LaunchOption.PID_FILE, List.of(tmp.resolve("c.pid").toString()))), null);
    }

    /** /proc/self/environ is the runtime's own environment: a kernel view, never a secret's source, also through a link. */
    @Test
    void aSecretIsNeverReadFromProcOrSys() throws Exception {
        assertEquals("--secret /run/secrets/e: its source /proc/self/environ resolves to /proc/" + ProcessHandle.current().pid()
                        + "/environ, a kernel view (/proc, /sys), not a file's contents",
                refusal(Map.of(LaunchOption.SECRET, List.of("/proc/self/environ:/run/secrets/e"))));
        Path link = Files.createSymbolicLink(tmp.resolve("uuid"), Path.of("/proc/sys/kernel/random/boot_id"));
        assertEquals("--secret /run/secrets/u: its source " + link
                        + " resolves to /proc/sys/kernel/random/boot_id, a kernel view (/proc, /sys), not a file's contents",
                refusal(Map.of(LaunchOption.SECRET, List.of(link + ":/run/secrets/u"))));
        Path key = Files.writeString(tmp.resolve("key"), "k");
        HostInputs.check(spec(Map.of(LaunchOption.SECRET, List.of(key + ":/run/secrets/k"))), null);
    }

    /** Secrets are staged in memory for each container: together they may hold 16 MiB, not a disk image. */
    @Test
    void theSecretsTogetherFitSixteenMebibytes() throws Exception {
        Path big = sparse("big", 12L << 20);
        Path more = sparse("more", (4L << 20) + 1);
        assertEquals("--secret /run/secrets/a, --secret /run/secrets/b: 16777217 bytes in all, more than the 16 MiB a"
                        + " container's secrets may hold (they are staged in memory)",
                refusal(Map.of(LaunchOption.SECRET, List.of(big + ":/run/secrets/a", more + ":/run/secrets/b"))));
        Path exact = sparse("exact", 4L << 20);
        HostInputs.check(spec(Map.of(LaunchOption.SECRET, List.of(big + ":/run/secrets/a", exact + ":/run/secrets/b"))),
                null);
    }

    private Path sparse(String name, long size) throws Exception {
        Path file = tmp.resolve(name);
        try (var f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    @Test
    void theConsoleSocketMustBeAUnixSocketThere() throws Exception {
        Path missing = tmp.resolve("missing.sock");
        assertEquals("--console-socket " + missing + ": no such socket on the host (the caller listens on it before"
                + " the launch)", refusal(Map.of(LaunchOption.CONSOLE_SOCKET, List.of(missing.toString()))));
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertEquals("--console-socket " + file + ": not a Unix socket (the console socket is one the caller listens"
                + " on)", refusal(Map.of(LaunchOption.CONSOLE_SOCKET, List.of(file.toString()))));
        Path socket = tmp.resolve("console.sock");
        try (var listening = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            listening.bind(java.net.UnixDomainSocketAddress.of(socket));
            HostInputs.check(spec(Map.of(LaunchOption.CONSOLE_SOCKET, List.of(socket.toString()))), null);
        }
    }

    @Test
    void systemdCredentialsMustBeReadableFilesDirectlyInTheCredentialsDirectory() throws Exception {
        Path creds = Files.createDirectory(tmp.resolve("creds"));
        Files.writeString(creds.resolve("db-url"), "postgres://x");
        Files.createDirectory(creds.resolve("sub"));
        Files.writeString(tmp.resolve("outside"), "o");
        Files.createSymbolicLink(creds.resolve("link"), tmp.resolve("outside"));
        HostInputs.check(spec(Map.of(LaunchOption.SYSTEMD_CREDENTIAL, List.of("db-url:/run/secrets/db"))), creds.toString());
        assertEquals("--systemd-credential db-url: $CREDENTIALS_DIRECTORY is not set (run under a systemd unit with "
                + "LoadCredential=)", credentialRefusal("db-url", null));
        assertEquals("--systemd-credential db-url: $CREDENTIALS_DIRECTORY is not set (run under a systemd unit with "
                + "LoadCredential=)", credentialRefusal("db-url", " "));
        assertEquals("--systemd-credential api: no such credential in $CREDENTIALS_DIRECTORY",
                credentialRefusal("api", creds.toString()));
        assertEquals("--systemd-credential db-url: no such credential in $CREDENTIALS_DIRECTORY",
                credentialRefusal("db-url", tmp.resolve("nowhere").toString()));
        assertEquals("--systemd-credential sub: not a readable regular file in $CREDENTIALS_DIRECTORY",
                credentialRefusal("sub", creds.toString()));
        assertEquals("--systemd-credential link: it escapes $CREDENTIALS_DIRECTORY",
                credentialRefusal("link", creds.toString()));
    }

    private String credentialRefusal(String name, String directory) {
        return assertThrows(PolicyRejectedException.class, () -> HostInputs.check(
                spec(Map.of(LaunchOption.SYSTEMD_CREDENTIAL, List.of(name + ":/run/secrets/" + name))), directory))
                .getMessage();
    }

    @Test
    void aSourceIsJudgedOnWhereItResolvesTo() throws Exception {
        Path etc = Files.createSymbolicLink(tmp.resolve("etc-link"), Path.of("/etc"));
        Path root = Files.createSymbolicLink(tmp.resolve("root-link"), Path.of("/root"));
        assertEquals("--volume " + etc + " resolves to /etc, a protected host path",
                refusal(Map.of(LaunchOption.VOLUME, List.of(etc + ":/data"))));
        assertEquals("--workspace " + etc + " resolves to /etc, a protected host path",
                refusal(Map.of(LaunchOption.WORKSPACE, List.of(etc.toString()))));
        assertEquals("--provider-config-ro " + root + " resolves to /root, which may not be bound (a whole home, / or "
                + "a system path)", refusal(Map.of(LaunchOption.PROVIDER_CONFIG_RO, List.of(root + ":.r"))));
    }

    @Test
    void theHostsRootOrASystemTreeIsNoRootfs() throws Exception {
        Path root = Files.createSymbolicLink(tmp.resolve("slash"), Path.of("/"));
        assertEquals("--rootfs / resolves to /, the host's own system tree, never a container's root",
                refusal(Map.of(LaunchOption.ROOTFS, List.of("/"))));
        assertEquals("--rootfs " + root + " resolves to /, the host's own system tree, never a container's root",
                refusal(Map.of(LaunchOption.ROOTFS, List.of(root.toString()))));
        assertEquals("--rootfs /etc resolves to /etc, the host's own system tree, never a container's root",
                refusal(Map.of(LaunchOption.ROOTFS, List.of("/etc"))));
        HostInputs.check(spec(Map.of(LaunchOption.ROOTFS, List.of(tmp.toString()))), null);
    }

    @Test
    void aMountThatDoesNotFitWhereItGoesIsRefusedByTheKindOfItsSource() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertEquals("--volume " + file + ":/tmp: a file cannot be mounted at /tmp, where the container's /tmp is a "
                + "directory", refusal(Map.of(LaunchOption.VOLUME, List.of(file + ":/tmp"))));
        HostInputs.check(spec(Map.of(LaunchOption.VOLUME, List.of(tmp + ":/tmp"))), null);
    }

    /** A file written through the writable bind would run from the read-only one: the same inode. */
    @Test
    void aTreeBoundBothReadOnlyAndWritableIsRefused() throws Exception {
        Path vol = Files.createDirectory(tmp.resolve("vol")).toRealPath();
        Path sub = Files.createDirectory(vol.resolve("sub"));
        Path link = Files.createSymbolicLink(tmp.resolve("vol-link"), vol);
        assertEquals("--volume " + vol + ":/ro:ro and --volume " + vol + ":/rw bind the same host tree (" + vol
                        + "), read-only where programs run and writable: a file written through the one would run from"
                        + " the other; bind it once, or both read-only",
                refusal(Map.of(LaunchOption.VOLUME, List.of(vol + ":/ro:ro", vol + ":/rw"))));
        assertEquals("--volume " + link + ":/ro:ro and --volume " + sub + ":/rw bind the same host tree (" + vol + ", "
                        + sub + "), read-only where programs run and writable: a file written through the one would run"
                        + " from the other; bind it once, or both read-only",
                refusal(Map.of(LaunchOption.VOLUME, List.of(link + ":/ro:ro", sub + ":/rw"))));
        assertEquals("--volume " + sub + ":/tools:ro and --workspace " + vol + " bind the same host tree (" + sub
                        + ", " + vol + "), read-only where programs run and writable: a file written through the one"
                        + " would run from the other; bind it once, or both read-only",
                refusal(Map.of(LaunchOption.VOLUME, List.of(sub + ":/tools:ro"),
                        LaunchOption.WORKSPACE, List.of(vol.toString()))));
        // both read-only, both writable, a copied workspace, or trees beside each other: nothing shared to run
        HostInputs.check(spec(Map.of(LaunchOption.VOLUME, List.of(vol + ":/a:ro", sub + ":/b:ro"))), null);
        HostInputs.check(spec(Map.of(LaunchOption.VOLUME, List.of(vol + ":/a", sub + ":/b"))), null);
        HostInputs.check(spec(Map.of(LaunchOption.VOLUME, List.of(sub + ":/tools:ro"),
                LaunchOption.WORKSPACE, List.of(vol.toString()), LaunchOption.WORKSPACE_MODE, List.of("copy-in-out"))),
                null);
        Path beside = Files.createDirectory(tmp.resolve("vol2"));
        HostInputs.check(spec(Map.of(LaunchOption.VOLUME, List.of(vol + ":/a:ro", beside + ":/b"))), null);
    }

    /** A read-only mount takes no new mount point: the launch stopped at that mkdir with EROFS (125). */
    @Test
    void aMountBeneathAReadOnlyOneNeedsItsMountPointThere() throws Exception {
        Path ro = Files.createDirectory(tmp.resolve("ro"));
        Files.createDirectory(ro.resolve("cache"));
        Path ctx = Files.createDirectory(tmp.resolve("ctx"));
        assertEquals("--tmpfs /data/new: /data is read-only (--volume " + ro + ":/data:ro) and has no new to mount on;"
                        + " create " + ro.resolve("new") + " on the host, or mount it elsewhere",
                refusal(Map.of(LaunchOption.VOLUME, List.of(ro + ":/data:ro"), LaunchOption.TMPFS, List.of("/data/new"))));
        assertEquals("--tmpfs /context/x/y: /context is read-only (--context) and has no x/y to mount on; create "
                        + ctx.resolve("x/y") + " on the host, or mount it elsewhere",
                refusal(Map.of(LaunchOption.CONTEXT, List.of(ctx.toString()), LaunchOption.TMPFS,
                        List.of("/context/x/y"))));
        // there already, beneath a writable volume, or beside the read-only one: fine
        HostInputs.check(spec(Map.of(LaunchOption.VOLUME, List.of(ro + ":/data:ro"), LaunchOption.TMPFS,
                List.of("/data/cache"))), null);
        HostInputs.check(spec(Map.of(LaunchOption.VOLUME, List.of(ro + ":/data"), LaunchOption.TMPFS,
                List.of("/data/new"))), null);
        HostInputs.check(spec(Map.of(LaunchOption.VOLUME, List.of(ro + ":/data:ro"), LaunchOption.TMPFS,
                List.of("/data2"))), null);
    }

    /**
     * A bind-mode rootfs's own directories are bound read-only into a native container: a mount
     * beneath one stopped at its mkdir with EROFS (125). An overlay root, gVisor (its own overlay
     * view) and a directory the runtime provides itself (/tmp) take new mount points.
     */
    @Test
    void aMountBeneathABindModeRootfsDirectoryNeedsItsMountPointThere() throws Exception {
        Path rootfs = Files.createDirectory(tmp.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("app/cache"));
        Files.createDirectory(rootfs.resolve("tmp"));
        Path secret = Files.writeString(tmp.resolve("key"), "k");
        Path vol = Files.createDirectory(tmp.resolve("vol"));
        String overlayHint = "; mount it elsewhere, or give --rootfs-mode overlay (a writable layer above the rootfs)";
        assertEquals("--secret /app/key: /app is read-only (--rootfs " + rootfs + ") and has no key to mount on"
                        + overlayHint,
                refusal(Map.of(LaunchOption.ROOTFS, List.of(rootfs.toString()),
                        LaunchOption.SECRET, List.of(secret + ":/app/key"))));
        assertEquals("refused (2 problems):\n  - --volume " + vol + ":/app/data: /app is read-only (--rootfs " + rootfs
                        + ") and has no data to mount on" + overlayHint + "\n  - --tmpfs /app/cache/t/u: /app is"
                        + " read-only (--rootfs " + rootfs + ") and has no cache/t/u to mount on" + overlayHint,
                refusal(Map.of(LaunchOption.ROOTFS, List.of(rootfs.toString()),
                        LaunchOption.VOLUME, List.of(vol + ":/app/data"), LaunchOption.TMPFS, List.of("/app/cache/t/u"))));
        Files.createSymbolicLink(rootfs.resolve("srv"), Path.of("app"));
        assertEquals("--tmpfs /srv: the rootfs's /srv is a symbolic link (to app), where a bind-mode root mounts"
                        + " nothing; mount it elsewhere, or give --rootfs-mode overlay",
                refusal(Map.of(LaunchOption.ROOTFS, List.of(rootfs.toString()), LaunchOption.TMPFS, List.of("/srv"))));
        assertEquals("--home /app/h: /app is read-only (--rootfs " + rootfs + ") and has no h to mount on" + overlayHint,
                refusal(Map.of(LaunchOption.ROOTFS, List.of(rootfs.toString()), LaunchOption.HOME, List.of("/app/h"))));
        // there already, in a directory the rootfs lacks or the runtime provides, an overlay root, gVisor: fine
        Map<LaunchOption, List<String>> fits = Map.of(LaunchOption.ROOTFS, List.of(rootfs.toString()),
                LaunchOption.SECRET, List.of(secret + ":/opt/key", secret + ":/tmp/key"),
                LaunchOption.TMPFS, List.of("/app/cache"));
        HostInputs.check(spec(fits), null);
        Map<LaunchOption, List<String>> beneath = Map.of(LaunchOption.ROOTFS, List.of(rootfs.toString()),
                LaunchOption.SECRET, List.of(secret + ":/app/key"));
        HostInputs.check(spec(with(beneath, LaunchOption.ROOTFS_MODE, "overlay")), null);
        HostInputs.check(spec(with(beneath, LaunchOption.RUNTIME, "gvisor")), null);
    }

    private static Map<LaunchOption, List<String>> with(Map<LaunchOption, List<String>> options, LaunchOption option,
                                                        String value) {
        Map<LaunchOption, List<String>> out = new EnumMap<>(options);
        out.put(option, List.of(value));
        return out;
    }

    /**
     * A mount point in a read-only tree must be of the mount's kind, and no link: the native
     * runtime mounts no file on a directory, no directory on a file, and follows no link (EEXIST,
     * 125). The host's /etc/ssl, shown read-only without a rootfs, is such a tree.
     */
    @Test
    void aMountPointInAReadOnlyTreeIsOfTheMountsKindAndNoLink() throws Exception {
        Path ro = Files.createDirectory(tmp.resolve("ro"));
        Files.createDirectory(ro.resolve("dir"));
        Files.writeString(ro.resolve("file"), "f");
        Files.createSymbolicLink(ro.resolve("link"), tmp);
        Path secret = Files.writeString(tmp.resolve("key"), "k");
        String volume = ro + ":/data:ro";
        assertEquals("--volume " + secret + ":/data/dir: /data/dir is a directory in a read-only tree (--volume " + ro
                        + ":/data:ro), where a file is mounted; make " + ro.resolve("dir") + " a file on the host, or"
                        + " mount it elsewhere",
                refusal(Map.of(LaunchOption.VOLUME, List.of(volume, secret + ":/data/dir"))));
        assertEquals("--tmpfs /data/file: /data/file is not a directory in a read-only tree (--volume " + ro
                        + ":/data:ro), where a directory is mounted; make " + ro.resolve("file")
                        + " a directory on the host, or mount it elsewhere",
                refusal(Map.of(LaunchOption.VOLUME, List.of(volume), LaunchOption.TMPFS, List.of("/data/file"))));
        assertEquals("--tmpfs /data/link/x: /data/link is a symbolic link in a read-only tree (--volume " + ro
                        + ":/data:ro), where Nucleus follows no link to mount; make " + ro.resolve("link")
                        + " a directory on the host, or mount it elsewhere",
                refusal(Map.of(LaunchOption.VOLUME, List.of(volume), LaunchOption.TMPFS, List.of("/data/link/x"))));
        Path ctx = Files.createDirectory(tmp.resolve("ctx"));
        Files.createDirectory(ctx.resolve("dir"));
        assertEquals("--secret /context/dir: /context/dir is a directory in a read-only tree (--context), where a file"
                        + " is mounted; make " + ctx.resolve("dir") + " a file on the host, or mount it elsewhere",
                refusal(Map.of(LaunchOption.CONTEXT, List.of(ctx.toString()), LaunchOption.SECRET,
                        List.of(secret + ":/context/dir"))));
        HostInputs.check(spec(Map.of(LaunchOption.VOLUME, List.of(volume, secret + ":/data/file"),
                LaunchOption.TMPFS, List.of("/data/dir"))), null);
        if (Files.isDirectory(Path.of("/etc/ssl/certs"))) {
            assertEquals("--secret /etc/ssl/certs: /etc/ssl/certs is a directory in a read-only tree (the host's"
                            + " /etc/ssl, shown without a rootfs), where a file is mounted; mount it elsewhere",
                    refusal(Map.of(LaunchOption.SECRET, List.of(secret + ":/etc/ssl/certs"))));
            assertEquals("--secret /etc/ssl/new.pem: /etc/ssl is read-only (the host's /etc/ssl, shown without a"
                            + " rootfs) and has no new.pem to mount on; mount it elsewhere",
                    refusal(Map.of(LaunchOption.SECRET, List.of(secret + ":/etc/ssl/new.pem"))));
            HostInputs.check(spec(Map.of(LaunchOption.SECRET, List.of(secret + ":/etc/ssl/new.pem"),
                    LaunchOption.RUNTIME, List.of("gvisor"))), null);
        }
    }

    @Test
    void severalAreRefusedTogether() {
        Path missing = tmp.resolve("missing");
        String all = refusal(Map.of(LaunchOption.ROOTFS, List.of(missing.toString()), LaunchOption.VOLUME,
                List.of(missing + ":/a", missing + ":/b")));
        assertEquals("refused (3 problems):\n  - --rootfs " + missing + ": no such directory on the host\n"
                + "  - --volume " + missing + ":/a: its source does not exist on the host\n"
                + "  - --volume " + missing + ":/b: its source does not exist on the host", all);
    }

    private String refusal(Map<LaunchOption, List<String>> options) {
        return assertThrows(PolicyRejectedException.class, () -> HostInputs.check(spec(options), null)).getMessage();
    }
}
