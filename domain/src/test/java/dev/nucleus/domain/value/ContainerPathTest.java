package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerPathTest {

    private static ContainerPath path(String text) throws InvalidValueException {
        return ContainerPath.parse(text);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /                 | /
            //                | /
            /.                | /
            /./.              | /
            /data             | /data
            /data/            | /data
            //data//x///      | /data/x
            /data/./x/.       | /data/x
            /a/.../b          | /a/.../b
            /a/..b/c          | /a/..b/c
            /a/b..            | /a/b..
            /with space/x     | /with space/x
            /ünïcode          | /ünïcode
            """)
    void normalisesLexically(String text, String normal) throws InvalidValueException {
        assertEquals(normal, path(text).path());
        assertEquals(normal, path(text).toString());
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"", "data", "./data", "../etc", "~/x", " /data"})
    void refusesRelativePaths(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> path(text));
        assertEquals("expected an absolute path inside the container, such as /data", e.getMessage());
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"/..", "/../etc", "/data/..", "/data/../etc", "/a/./../b", "/a//..//b", "/a/../../.."})
    void refusesDotDot(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> path(text));
        assertEquals("'..' is not allowed in a container path", e.getMessage());
    }

    @Test
    void refusesNul() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> path("/data\0/x"));
        assertEquals("path contains a NUL byte", e.getMessage());
    }

    @ParameterizedTest(name = "{0} resolve {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /home/agent | .config/gh          | /home/agent/.config/gh
            /home/agent | ./x                 | /home/agent/x
            /home/agent | /etc/x              | /etc/x
            /           | x                   | /x
            """)
    void resolves(String base, String relative, String expected) throws InvalidValueException {
        assertEquals(path(expected), path(base).resolve(relative));
    }

    @Test
    void resolveRefusesClimbingOut() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> path("/home/agent").resolve("../../etc/shadow"));
        assertEquals("'..' is not allowed in a container path", e.getMessage());
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}; overlaps: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            /         | /         | true  | true
            /         | /etc      | true  | true
            /etc      | /etc      | true  | true
            /etc      | /etc/ssl  | true  | true
            /etc      | /etcd     | false | false
            /etc/ssl  | /etc      | false | true
            /data     | /workspace| false | false
            /a/b      | /a/bc/d   | false | false
            /a/b      | /a/b/c/d  | true  | true
            """)
    void containsAndOverlaps(String a, String b, boolean contains, boolean overlaps) throws InvalidValueException {
        assertEquals(contains, path(a).contains(path(b)), "contains");
        assertEquals(overlaps, path(a).overlaps(path(b)), "overlaps");
        assertEquals(overlaps, path(b).overlaps(path(a)), "overlaps is symmetric");
    }

    @Property
    void normalisationIsIdempotent(@ForAll("pathLike") String text) {
        try {
            ContainerPath once = path(text);
            assertEquals(once, path(once.path()));
            assertEquals(-1, once.path().indexOf("//"));
            assertEquals(false, once.path().length() > 1 && once.path().endsWith("/"));
        } catch (InvalidValueException refused) {
            // refused paths are covered by the tables
        }
    }

    @Property
    void aParsedPathNeverHasDotOrDotDotSegments(@ForAll("pathLike") String text) {
        try {
            for (String seg : path(text).path().split("/")) {
                assertEquals(false, seg.equals(".") || seg.equals(".."), text);
            }
        } catch (InvalidValueException refused) {
            // fine
        }
    }

    @Provide
    Arbitrary<String> pathLike() {
        Arbitrary<String> seg = Arbitraries.of("", ".", "..", "a", "b", "...", "x.y");
        return seg.list().ofMaxSize(6).map(l -> "/" + String.join("/", l));
    }

    @Property
    void parseThrowsOnlyInvalidValue(@ForAll String text) {
        try {
            path(text);
        } catch (InvalidValueException expected) {
            // the only exception allowed
        }
    }
}
