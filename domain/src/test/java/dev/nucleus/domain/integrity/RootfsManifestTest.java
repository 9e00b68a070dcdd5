package dev.nucleus.domain.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RootfsManifestTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);

    @Test
    void formatSortsByByteOrderAndParsesBack() {
        RootfsManifest m = RootfsManifest.of(Map.of("bin/sh", A, "Z", B, "bin/ä", C, "bin/\uE000", A, "bin/😀", B));
        String text = m.format();
        assertEquals(B + "\tZ\n" + A + "\tbin/sh\n" + C + "\tbin/ä\n" + A + "\tbin/\uE000\n" + B + "\tbin/😀\n", text);
        assertEquals(m, RootfsManifest.parse(text));
    }

    @Test
    void compareNamesMissingChangedAndExtra() {
        RootfsManifest expected = RootfsManifest.of(Map.of("a", A, "b", B, "c", C));
        RootfsManifest actual = RootfsManifest.of(Map.of("a", A, "b", C, "d", A));
        RootfsManifest.Difference d = expected.compare(actual);
        assertEquals(List.of("c"), d.missing());
        assertEquals(List.of("b"), d.changed());
        assertEquals(List.of("d"), d.extra());
        assertFalse(d.clean());
        assertEquals("1 changed (b); 1 missing (c); 1 extra (d)", d.describe(5));
        assertTrue(expected.compare(expected).clean());
    }

    @Test
    void describeShowsTheFirstFiveAndTheCount() {
        RootfsManifest expected = RootfsManifest.of(Map.of());
        RootfsManifest actual = RootfsManifest.of(Map.of("1", A, "2", A, "3", A, "4", A, "5", A, "6", A, "7", A));
        assertEquals("0 changed; 0 missing; 7 extra (1, 2, 3, 4, 5, ...)", expected.compare(actual).describe(5));
    }

    @Test
    void malformedManifestsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RootfsManifest.parse("nothash\tx\n"));
        assertThrows(IllegalArgumentException.class, () -> RootfsManifest.parse(A + " x\n"));
        assertThrows(IllegalArgumentException.class, () -> RootfsManifest.parse(A + "\t../x\n"));
        assertThrows(IllegalArgumentException.class, () -> RootfsManifest.parse(A + "\t/abs\n"));
        assertThrows(IllegalArgumentException.class, () -> RootfsManifest.parse(A + "\tx\n" + B + "\tx\n"));
        assertThrows(IllegalArgumentException.class, () -> RootfsManifest.parse(A + "\t.nucleus-rootfs-sha256\n"));
        assertTrue(RootfsManifest.parse("").entries().isEmpty());
    }

    /** The split-based check the one-pass {@link RootfsManifest#checkPath} replaced: the oracle below. */
    private static String oracle(String relpath) {
        if (relpath.isEmpty() || relpath.startsWith("/") || relpath.endsWith("/")
                || relpath.indexOf('\t') >= 0 || relpath.indexOf('\n') >= 0 || relpath.indexOf('\0') >= 0) {
            return "path cannot be attested: \"" + relpath + "\"";
        }
        for (String part : relpath.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return "path is not normalised: \"" + relpath + "\"";
            }
        }
        return relpath.equals(RootfsManifest.FILE_NAME) ? "the manifest cannot list itself" : null;
    }

    @Test
    void pathsAreCheckedAsTheSplitBasedCheckDid() {
        String[] pieces = {"a", "bin", "/", "//", ".", "..", "...", ".a", "a.", "\t", "\n", "\0", "é", " ",
            RootfsManifest.FILE_NAME};
        java.util.Random random = new java.util.Random(5);
        for (int round = 0; round < 30_000; round++) {
            StringBuilder path = new StringBuilder();
            for (int k = random.nextInt(6); k >= 0; k--) {
                path.append(pieces[random.nextInt(pieces.length)]);
            }
            String p = path.toString();
            String got;
            try {
                RootfsManifest.checkPath(p);
                got = null;
            } catch (IllegalArgumentException e) {
                got = e.getMessage();
            }
            assertEquals(oracle(p), got, p);
        }
    }
}
