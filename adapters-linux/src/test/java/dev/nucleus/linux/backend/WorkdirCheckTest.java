package dev.nucleus.linux.backend;

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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --workdir resolved in the root the launch builds, on real directories: refused by name when it is not there. */
class WorkdirCheckTest {
    @TempDir
    Path tmp;
    Path rootfs;

    @BeforeEach
    void rootfs() throws Exception {
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("usr/bin"));
        Files.createDirectories(rootfs.resolve("srv/app"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("var"));
        Files.writeString(rootfs.resolve("srv/file"), "x");
        Files.createSymbolicLink(rootfs.resolve("bin"), Path.of("usr/bin"));
        Files.createSymbolicLink(rootfs.resolve("srv/abs"), Path.of("/usr")); // the container's /usr, not the host's
        Files.createSymbolicLink(rootfs.resolve("srv/up"), Path.of("../../../../../../usr")); // stops at the root
        // Absolute, to a directory of the host: resolved in the container's root, which has no /boot.
        Files.createSymbolicLink(rootfs.resolve("srv/out"), Path.of("/boot"));
        Files.createSymbolicLink(rootfs.resolve("var/tmp"), Path.of("/tmp")); // into a mount the launch makes
        Files.createSymbolicLink(rootfs.resolve("srv/loop"), Path.of("loop"));
        Files.createDirectories(rootfs.resolve("run/own")); // bind mode: the launch makes /run, the rootfs's is not shown
    }

    private static ContainerSpec spec(String workdir, String... more) throws Exception {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.put(LaunchOption.WORKDIR, List.of(workdir));
        for (int i = 0; i < more.length; i += 2) {
            LaunchOption option = LaunchOption.valueOf(more[i]);
            List<String> list = new ArrayList<>(values.getOrDefault(option, List.of()));
            list.add(more[i + 1]);
            values.put(option, list);
        }
        return LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(values, List.of("/bin/true"),
                RawLaunchRequest.Origin.FLAGS)), new Invoker(0, 0));
    }

    private String refused(String workdir, String... more) {
        return assertThrows(PolicyRejectedException.class,
                () -> WorkdirCheck.check(spec(workdir, more), false), workdir).getMessage();
    }

    private void accepted(String workdir, String... more) throws Exception {
        WorkdirCheck.check(spec(workdir, more), false);
    }

    @Test
    void aDirectoryOfTheRootfsIsAccepted() throws Exception {
        for (String dir : List.of("/srv/app", "/usr/bin", "/bin", "/srv/abs/bin", "/srv/up/bin",
                "/etc")) {
            accepted(dir, "ROOTFS", rootfs.toString());
        }
    }

    @Test
    void aMissingDirectoryIsRefusedNamingTheFlagThePathAndWhy() {
        String missing = refused("/srv/nope", "ROOTFS", rootfs.toString());
        assertEquals("--workdir /srv/nope: no such directory in the container (the container sees the top-level"
                + " entries of the --rootfs " + rootfs + " and what the launch mounts); make the directory there, or"
                + " mount one at it (--volume, --tmpfs)", missing);
        String beneath = refused("/opt/x/y", "ROOTFS", rootfs.toString());
        assertEquals("--workdir /opt/x/y: no such directory in the container: /opt is missing", beneath.substring(0,
                beneath.indexOf(" (")));
    }

    @Test
    void aFileIsNotADirectory() {
        String file = refused("/srv/file", "ROOTFS", rootfs.toString());
        assertEquals("--workdir /srv/file: /srv/file is not a directory in the container", file.substring(0,
                file.indexOf(" (")));
    }

    @Test
    void linksAreFollowedInsideTheRootNeverOutOfIt() {
        // The link names a directory of the host, which the container does not have at that path.
        String out = refused("/srv/out", "ROOTFS", rootfs.toString());
        assertEquals("--workdir /srv/out: no such directory in the container: /boot is missing",
                out.substring(0, out.indexOf(" (")));
        String loop = refused("/srv/loop", "ROOTFS", rootfs.toString());
        assertEquals("--workdir /srv/loop: too many levels of symbolic links at /srv/loop", loop.substring(0,
                loop.indexOf(" (")));
    }

    @Test
    void whatTheLaunchMountsIsNotJudged() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("data"));
        accepted("/tmp/made/later", "ROOTFS", rootfs.toString());
        accepted("/var/tmp/x", "ROOTFS", rootfs.toString()); // a link into /tmp
        accepted("/home/agent/src", "ROOTFS", rootfs.toString());
        accepted("/home", "ROOTFS", rootfs.toString()); // made on the way to the home
        accepted("/data/sub", "ROOTFS", rootfs.toString(), "VOLUME", source + ":/data");
        accepted("/scratch", "ROOTFS", rootfs.toString(), "TMPFS", "/scratch");
        accepted("/workspace/sub", "ROOTFS", rootfs.toString(), "WORKSPACE", source.toString());
        accepted("/mnt/deep", "ROOTFS", rootfs.toString(), "VOLUME", source + ":/mnt/deep/er");
    }

    @Test
    void inBindModeTheRootfsEntriesTheLaunchMakesItselfAreNotTheRootfss() throws Exception {
        String run = refused("/run/own", "ROOTFS", rootfs.toString());
        assertEquals("--workdir /run/own: no such directory in the container: /run is missing", run.substring(0,
                run.indexOf(" (")));
        accepted("/run/own", "ROOTFS", rootfs.toString(), "ROOTFS_MODE", "overlay"); // the overlay root is the rootfs
        accepted("/srv/app", "ROOTFS", rootfs.toString(), "ROOTFS_MODE", "overlay");
        assertThrows(PolicyRejectedException.class, () -> WorkdirCheck.check(spec("/srv/nope", "ROOTFS",
                rootfs.toString(), "ROOTFS_MODE", "overlay"), false));
    }

    @Test
    void withoutARootfsTheContainerSeesTheHostsSystemDirectoriesOnly() throws Exception {
        accepted("/usr/bin");
        accepted("/bin"); // merged /usr: a link to usr/bin
        accepted("/etc/anything"); // generated: not judged
        String opt = refused("/root");
        assertEquals("--workdir /root: no such directory in the container (the container sees the host's /usr, /bin,"
                + " /sbin, /lib* and /nix/store, and what the launch mounts); make the directory there, or mount one at"
                + " it (--volume, --tmpfs)", opt);
        String deep = refused("/usr/no/such/dir");
        assertEquals("--workdir /usr/no/such/dir: no such directory in the container: /usr/no is missing",
                deep.substring(0, deep.indexOf(" (")));
    }

    @Test
    void theRootfssNixIsNotJudgedWhereTheLaunchShowsItsClosure() throws Exception {
        WorkdirCheck.check(spec("/nix/store/abc-x/bin", "ROOTFS", rootfs.toString()), true);
        assertThrows(PolicyRejectedException.class,
                () -> WorkdirCheck.check(spec("/nix/store/abc-x/bin", "ROOTFS", rootfs.toString()), false));
    }
}
