package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mode rules as a user meets them through {@code bin/nucleus run}. */
class LaunchValidationIT {
    @TempDir
    Path tmp;

    /**
     * A host path the request names that is not there (or not a directory where one is needed) is
     * an invalid request: exit 2 naming the flag, for both runtimes and for a detached start,
     * and nothing is created (no state, no bundle).
     */
    @Test
    void missingMisplacedOrProtectedHostPathsAreRefusedWithExit2AndNothingIsCreated() throws IOException {
        Path root = tmp.resolve("state");
        Path missing = tmp.resolve("missing");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Path etc = Files.createSymbolicLink(tmp.resolve("etc-link"), Path.of("/etc"));
        Path home = Files.createSymbolicLink(tmp.resolve("root-link"), Path.of("/root"));
        String[][] cases = {
                {"run", "--rootfs", missing.toString()},
                {"run", "--rootfs", file.toString()},
                {"run", "--workspace", missing.toString()},
                {"run", "--context", missing.toString()},
                {"run", "--volume", missing + ":/data"},
                {"run", "--secret", missing + ":/run/secrets/key"},
                {"run", "--provider-config-ro", missing + ":/home/agent/.tool"},
                {"run", "--pid-file", missing + "/pid"},
                {"run", "--runtime", "gvisor", "--volume", missing + ":/data"},
                {"run", "--runtime", "gvisor", "--rootfs", missing.toString()},
                {"create", "-d", "--volume", missing + ":/data"},
                // resolved, a source is a protected path: under gVisor it was bound read-write
                {"run", "--volume", etc + ":/data"},
                {"run", "--runtime", "gvisor", "--volume", etc + ":/data"},
                {"run", "--provider-config-ro", home + ":.r"},
                {"run", "--rootfs", "/"},
                {"run", "--runtime", "gvisor", "--rootfs", "/etc"},
                // a file where the layout makes a directory, and two mounts at one place
                {"run", "--volume", file + ":/tmp"},
                {"run", "--runtime", "gvisor", "--volume", file + ":/tmp"},
                {"run", "--tmpfs", "/data", "--volume", tmp + ":/data"},
        };
        for (String[] c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("--root", root.toString()));
            args.addAll(List.of(c));
            args.addAll(List.of("--", "/bin/true"));
            Nucleus.Result r = Nucleus.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), String.join(" ", c) + ": " + r);
            String flag = c[c.length - 2];
            assertTrue(r.err().contains(flag + " "), "names " + flag + ": " + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        if (Files.exists(root)) {
            try (var left = Files.list(root)) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                        .filter(n -> n.matches("[0-9a-f]{32}")).toList(), "no container state");
            }
        }
        Path bundles = root.resolve("gvisor/bundles");
        if (Files.exists(bundles)) {
            try (var left = Files.list(bundles)) {
                assertEquals(List.of(), left.toList(), "no gVisor bundle");
            }
        }
    }

    @Test
    void productionWithoutLimitsOrRootfsNamesEveryBrokenRule() {
        Nucleus.Result r = Nucleus.run("run", "--service-mode", "production", "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("rule memory-required"), r.toString());
        assertTrue(r.err().contains("rule cpus-required"), r.toString());
        assertTrue(r.err().contains("rule rootfs-required"), r.toString());
        assertTrue(r.err().contains("rule rootfs-attestation-required"), r.toString());
        assertTrue(r.err().contains("rule untrusted-native-forbidden"), r.toString());
        assertTrue(r.err().contains("--memory SIZE"), "each rule says how to fix it\n" + r);
        assertEquals("", r.out());
    }

    @Test
    void addingLimitsAndAnAttestedRootfsFromTheNixStoreGetsFurther() throws IOException {
        Path tree = Files.createDirectory(tmp.resolve("rootfs"));
        String[] limits = {"run", "--service-mode", "production", "--memory", "1G", "--cpus", "1",
            "--verify-rootfs-attestation", "--rootfs"};
        Nucleus.Result partial = Nucleus.run(concat(limits, tree.toString(), "--", "/bin/true"));
        assertEquals(2, partial.exit(), partial.toString());
        for (String met : List.of("memory-required", "cpus-required", "rootfs-required", "rootfs-attestation-required")) {
            assertFalse(partial.err().contains(met), partial.toString());
        }
        assertTrue(partial.err().contains("untrusted-native-forbidden"), partial.toString());

        Nucleus.Result outsideTheStore = Nucleus.run(concat(limits, tree.toString(), "--trust-level", "trusted", "--",
                "/bin/true"));
        assertEquals(2, outsideTheStore.exit(), outsideTheStore.toString());
        assertTrue(outsideTheStore.err().contains("(rule rootfs-in-nix-store): --rootfs " + tree + " is not in the Nix"
                + " store"), outsideTheStore.toString());
        Path link = Files.createSymbolicLink(tmp.resolve("result"), tree);
        Nucleus.Result throughALink = Nucleus.run(concat(limits, link.toString(), "--trust-level", "trusted", "--",
                "/bin/true"));
        assertTrue(throughALink.err().contains("--rootfs " + link + " (" + tree + ") is not in the Nix store"),
                "judged where it leads: " + throughALink);

        Path stored = NixStore.attestedRootfs(tree);
        Files.delete(link);
        Files.createSymbolicLink(link, stored); // as nix-build's ./result
        Nucleus.Result valid = Nucleus.run(concat(limits, link.toString(), "--trust-level", "trusted", "--",
                "/bin/true"));
        // Valid now: it runs, and the empty rootfs has no /bin/true.
        assertEquals(127, valid.exit(), valid.toString());
        assertTrue(valid.err().contains("/bin/true: No such file or directory"), valid.toString());
    }

    @Test
    void strictAgentRefusesDegradedSecurity() {
        Nucleus.Result r = Nucleus.run("run", "--strict-agent", "--allow-degraded-security", "--", "sh");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("rule degraded-security-forbidden"), r.toString());
        assertTrue(r.err().contains("strict-agent mode"), r.toString());
    }

    @Test
    void malformedValuesNameTheFlagAndTheValue() {
        Nucleus.Result r = Nucleus.run("run", "--memory", "12Q", "--cpus", "-1", "-p", "99999:80", "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--memory: invalid value '12Q'"), r.toString());
        assertTrue(r.err().contains("--cpus: invalid value '-1'"), r.toString());
        assertTrue(r.err().contains("--publish: invalid value '99999:80'"), r.toString());
    }

    @Test
    void environmentValuesNeverAppearInErrors() {
        Nucleus.Result r = Nucleus.run("run", "-e", "BAD KEY=hunter2-secret", "-e", "LD_PRELOAD=hunter3", "--",
                "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertFalse(r.err().contains("hunter2-secret"), r.toString());
        assertFalse(r.out().contains("hunter"), r.toString());
    }

    @Test
    void unknownFlagIsAUsageError() {
        Nucleus.Result r = Nucleus.run("run", "--memroy", "1G", "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--memroy"), r.toString());
    }

    @Test
    void aValidAgentRunRunsTheWorkload() {
        Nucleus.Result r = Nucleus.run("run", "--", "/bin/true");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err());
    }

    private static String[] concat(String[] head, String... tail) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(head), java.util.Arrays.stream(tail))
                .toArray(String[]::new);
    }
}
