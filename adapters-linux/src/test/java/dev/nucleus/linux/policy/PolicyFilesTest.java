package dev.nucleus.linux.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.policy.CapabilityPolicy;
import dev.nucleus.domain.policy.LandlockPolicy;
import dev.nucleus.domain.spec.PolicyFile;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.ports.PolicyRejectedException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFilesTest {
    @TempDir
    Path dir;

    private Optional<PolicyFile> file(String text, Optional<String> pin) throws Exception {
        Path f = Files.writeString(dir.resolve("p.toml"), text, StandardCharsets.UTF_8);
        return Optional.of(new PolicyFile(new HostPath(f.toString()), pin));
    }

    @Test
    void aCapsPolicyIsReadPinnedAndParsed() throws Exception {
        String text = "[bounding]\nkeep = [\"NET_BIND_SERVICE\"]\n[effective]\nkeep = [\"cap_net_bind_service\"]\n";
        String pin = PolicyFiles.sha256(text.getBytes(StandardCharsets.UTF_8));
        CapabilityPolicy p = PolicyFiles.caps(file(text, Optional.of(pin.toUpperCase()))).orElseThrow();
        assertEquals(new CapabilityPolicy(1L << 10, 1L << 10, 0, 0), p);
    }

    @Test
    void aPinMismatchPrintsBothDigests() throws Exception {
        String text = "[bounding]\nkeep = []\n";
        String wrong = "a".repeat(64);
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                () -> PolicyFiles.caps(file(text, Optional.of(wrong))));
        assertTrue(e.getMessage().contains(wrong), e.getMessage());
        assertTrue(e.getMessage().contains(PolicyFiles.sha256(text.getBytes(StandardCharsets.UTF_8))), e.getMessage());
        assertTrue(e.getMessage().contains("--caps-policy-sha256"), e.getMessage());
    }

    @Test
    void unknownKeysAreErrors() throws Exception {
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> PolicyFiles.landlock(file(
                "min_abi = 3\nmax_abi = 4\n[[rules]]\npath = \"/usr\"\naccess = [\"read\"]\nrecursive = true\n",
                Optional.empty())));
        assertTrue(e.getMessage().contains("unknown key \"max_abi\""), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key \"recursive\""), e.getMessage());
        assertTrue(e.getMessage().startsWith("--landlock-policy " + dir.resolve("p.toml")), e.getMessage());
    }

    @Test
    void aMalformedFileIsRejected() throws Exception {
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                () -> PolicyFiles.caps(file("[bounding\nkeep = [\"KILL\"\n", Optional.empty())));
        assertTrue(e.getMessage().contains("not valid TOML"), e.getMessage());
    }

    @Test
    void aMissingFileIsRejected() {
        Optional<PolicyFile> missing = Optional.of(new PolicyFile(new HostPath(dir.resolve("none").toString()),
                Optional.empty()));
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> PolicyFiles.caps(missing));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void aLandlockPolicyParses() throws Exception {
        LandlockPolicy p = PolicyFiles.landlock(file(
                "min_abi = 3\n[[rules]]\npath = \"/usr\"\naccess = [\"read\", \"execute\"]\n"
                        + "[[rules]]\npath = \"/tmp\"\naccess = [\"read\", \"write\"]\n", Optional.empty())).orElseThrow();
        assertEquals(3, p.minAbi());
        assertEquals(2, p.rules().size());
        assertEquals("/tmp", p.rules().get(1).path());
    }
}
