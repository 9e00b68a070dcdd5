package dev.nucleus.linux.policy;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.policy.CapabilityPolicy;
import dev.nucleus.domain.policy.InvalidPolicyException;
import dev.nucleus.domain.policy.LandlockPolicy;
import dev.nucleus.domain.spec.PolicyFile;
import dev.nucleus.domain.value.Sha256;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.linux.json.JsonReader;
import dev.nucleus.linux.text.TextPositions;
import dev.nucleus.linux.toml.TomlReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Loads --caps-policy and --landlock-policy files: reads the raw bytes once, checks the SHA-256 pin
 * against exactly those bytes, parses them as TOML and hands the document to the domain to validate.
 * Every failure is a {@link PolicyRejectedException} (exit 2) naming the flag and the file.
 */
public final class PolicyFiles {
    private PolicyFiles() {
    }

    public static Optional<CapabilityPolicy> caps(Optional<PolicyFile> file) throws PolicyRejectedException {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String flag = "--caps-policy " + file.get().path().path();
        Map<String, Object> doc = document(flag, "--caps-policy-sha256", file.get());
        try {
            return Optional.of(CapabilityPolicy.fromDocument(doc));
        } catch (InvalidPolicyException e) {
            throw new PolicyRejectedException(flag + ": " + e.getMessage());
        }
    }

    public static Optional<LandlockPolicy> landlock(Optional<PolicyFile> file) throws PolicyRejectedException {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String flag = "--landlock-policy " + file.get().path().path();
        Map<String, Object> doc = document(flag, "--landlock-policy-sha256", file.get());
        try {
            return Optional.of(LandlockPolicy.fromDocument(doc));
        } catch (InvalidPolicyException e) {
            throw new PolicyRejectedException(flag + ": " + e.getMessage());
        }
    }

    /** The pinned, parsed document. */
    static Map<String, Object> document(String flag, String pinFlag, PolicyFile file) throws PolicyRejectedException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(Path.of(file.path().path()));
        } catch (IOException e) {
            throw new PolicyRejectedException(flag + ": cannot read the file: " + e.getMessage());
        }
        if (file.sha256().isPresent()) {
            String expected = AsciiText.lowerCase(file.sha256().get().trim());
            String actual = sha256(raw);
            if (!expected.equals(actual)) {
                throw new PolicyRejectedException(flag + ": SHA-256 mismatch: " + pinFlag + " expects " + expected
                        + " but the file's bytes hash to " + actual);
            }
        }
        String text = "";
        try {
            text = JsonReader.utf8(raw); // (TOML is UTF-8 too)
            return TomlReader.read(text);
        } catch (JsonReader.Malformed e) {
            throw new PolicyRejectedException(flag + ": not valid TOML: not UTF-8");
        } catch (TomlReader.Malformed e) {
            throw new PolicyRejectedException(flag + ": not valid TOML at line " + TextPositions.line(text, e.offset())
                    + ", column " + TextPositions.column(text, e.offset()) + ": " + e.what());
        }
    }

    static String sha256(byte[] raw) {
        return Sha256.hex(raw);
    }
}
