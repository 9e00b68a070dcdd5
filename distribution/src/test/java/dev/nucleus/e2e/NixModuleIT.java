package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The NixOS module's command line (nix/lib/container-args.nix), evaluated by the real Nix: its own
 * checks pass, and what it makes of a container's settings runs through the real CLI as a
 * production container from a Nix-built rootfs. The module itself (nix/module.nix) needs nixpkgs,
 * which the test machines lack: it is only parsed.
 */
@Tag("root")
class NixModuleIT {
    private static final List<String> OFFLINE = List.of("--option", "build-users-group", "");

    private static Nucleus.Result nix(String... args) {
        List<String> cmd = new ArrayList<>(List.of("nix-instantiate"));
        cmd.addAll(OFFLINE);
        cmd.addAll(List.of(args));
        return Nucleus.exec(cmd);
    }

    @Test
    void theCommandLineChecksPass() {
        Nucleus.Result r = nix("--eval", "--strict", Nucleus.REPO.resolve("nix/tests/container-args.nix").toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals("true", r.out().strip());
    }

    @Test
    void theModuleAndTheBuildersParse() {
        for (String file : List.of("nix/module.nix", "nix/rootfs.nix", "nix/image.nix", "nix/lib/container-args.nix",
                "nix/tests/busybox-rootfs.nix", "nix/tests/busybox-image.nix")) {
            Nucleus.Result r = nix("--parse", Nucleus.REPO.resolve(file).toString());
            assertEquals(0, r.exit(), file + ": " + r);
        }
    }

    @Test
    void aContainersSettingsRunAsAProductionContainer() throws IOException {
        Path rootfs = NixStore.busyboxRootfs();
        Path state = Nucleus.tempDir("nucleus-nixmodule");
        // production's remapped root (host uid 100000) mounts its root beneath the state directory
        Files.setPosixFilePermissions(state, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        String settings = "{ rootfs = \"" + rootfs + "\"; memory = \"64M\"; environment = { GREETING = \"hi\"; };"
                + " command = [ \"/bin/sh\" \"-c\" \"hello; echo $GREETING\" ]; }";
        Nucleus.Result eval = nix("--eval", "--strict", "--json", "-E", "import "
                + Nucleus.REPO.resolve("nix/lib/container-args.nix") + " \"nixmod\" " + settings);
        assertEquals(0, eval.exit(), eval.toString());
        List<String> argv = new ArrayList<>(List.of("--root", state.toString()));
        for (JsonNode a : JsonMapper.builder().build().readTree(eval.out())) {
            argv.add(a.asString());
        }
        assertTrue(argv.containsAll(List.of("--service-mode", "production", "--verify-rootfs-attestation")), argv.toString());
        Nucleus.Result run = Nucleus.run(argv.toArray(String[]::new));
        assertEquals(0, run.exit(), argv + "\n" + run);
        assertEquals("hello from /bin/hello\nhi\n", run.out(), run.toString());
    }

    /** An image from nix/image.nix (mkImage) as a production service: its rootfs and what it runs. */
    @Test
    void anImagesContainerRunsWhatTheImageSays() throws IOException {
        Path image = NixStore.busyboxImage();
        Path state = Nucleus.tempDir("nucleus-nixmodule-image");
        // production's remapped root (host uid 100000) mounts its root beneath the state directory
        Files.setPosixFilePermissions(state, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Nucleus.Result eval = nix("--eval", "--strict", "--json", "-E", "import "
                + Nucleus.REPO.resolve("nix/lib/container-args.nix") + " \"nixmodimg\" { image = \"" + image
                + "\"; memory = \"64M\"; }");
        assertEquals(0, eval.exit(), eval.toString());
        List<String> argv = new ArrayList<>(List.of("--root", state.toString()));
        for (JsonNode a : JsonMapper.builder().build().readTree(eval.out())) {
            argv.add(a.asString());
        }
        assertTrue(argv.containsAll(List.of("--service-mode", "production", "--rootfs",
                NixStore.busyboxRootfs().toString(), "--workdir", "/etc")), argv.toString());
        Nucleus.Result run = Nucleus.run(argv.toArray(String[]::new));
        assertEquals(0, run.exit(), argv + "\n" + run);
        assertEquals("hello from /bin/hello\nbuilt by Nix from /etc as 0:0\n", run.out(), run.toString());
    }

    @Test
    void aBrokenContainerIsRefusedNamingItsSetting() {
        Nucleus.Result r = nix("--eval", "--strict", "-E", "import " + Nucleus.REPO.resolve("nix/lib/container-args.nix")
                + " \"web\" { rootfs = \"/nix/store/x\"; command = [ \"/bin/web\" ]; }");
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("services.nucleus.containers.web: memory is required"), r.err());
    }
}
