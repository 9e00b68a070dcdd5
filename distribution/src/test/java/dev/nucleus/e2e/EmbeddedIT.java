package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded API ({@code dev.nucleus.cli.embed.Nucleus}) from a JVM of its own: the distribution's
 * jars on the classpath, {@code EmbeddedCheck.java} driving one scenario per JVM.
 */
@Tag("root")
class EmbeddedIT {
    private static final Path DIST = Nucleus.REPO.resolve("distribution/target/nucleus");
    private static final Path CHECK = Nucleus.REPO.resolve("distribution/src/test/resources/embedded/EmbeddedCheck.java");

    @TempDir
    Path tmp;

    private Nucleus.Result scenario(String name) throws IOException {
        String classpath;
        try (Stream<Path> jars = Files.list(DIST.resolve("lib/jars"))) {
            classpath = jars.map(Path::toString).filter(j -> j.endsWith(".jar")).sorted().collect(Collectors.joining(":"));
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dnucleus.home=" + DIST, "-cp", classpath, CHECK.toString(), name,
                tmp.resolve("state").toString(), tmp.resolve("audit.jsonl").toString()));
        return Nucleus.exec(cmd);
    }

    private static String result(Nucleus.Result r) {
        return r.err().lines().filter(l -> l.startsWith("result ")).map(l -> l.substring(7)).findFirst()
                .orElseThrow(() -> new AssertionError("no result:\n" + r));
    }

    @Test
    void aLaunchReturnsTheWorkloadsStatusAndItWritesToOurStdout() throws Exception {
        Nucleus.Result r = scenario("status");
        assertEquals("3", result(r), r.toString());
        assertEquals("from-workload\n", r.out(), r.toString());
        assertTrue(Files.readString(tmp.resolve("audit.jsonl")).contains("\"container_start\""), "audited as the CLI");
        assertNoContainerLeft();
    }

    @Test
    void sigquitStaysTheApplicationsWhileAContainerRuns() throws Exception {
        Nucleus.Result r = scenario("quit");
        assertEquals("0", result(r), r.toString());
        assertTrue(r.out().contains("slept") && !r.out().contains("got-quit"), "the workload never got it: " + r);
        assertTrue(r.out().contains("Full thread dump"), "the application's JVM handled it: " + r);
        assertNoContainerLeft();
    }

    /**
     * An application's signals stay its own while containers run, also when two overlap (handlers
     * swapped per launch were put back out of order, and TERM could no longer stop the application).
     */
    @Test
    void theApplicationsSignalsStayItsOwnWhileContainersRun() throws Exception {
        Nucleus.Result r = scenario("signals");
        assertEquals("[0, 0] 2", result(r), r.toString());
        assertEquals("slept\nslept\n", r.out(), "no workload got USR1: " + r);
        assertNoContainerLeft();
    }

    @Test
    void anInvalidRequestIsRefusedWithStatus2NamingTheFlagAndMakesNothing() throws Exception {
        Nucleus.Result r = scenario("invalid");
        assertTrue(result(r).startsWith("refused 2 refused: ") && result(r).contains("--memory"), r.toString());
        assertNoContainerLeft();
    }

    @Test
    void aMissingProgramIs127() throws Exception {
        Nucleus.Result r = scenario("missing");
        assertTrue(result(r).startsWith("refused 127 "), r.toString());
        assertNoContainerLeft();
    }

    @Test
    void secretsReachTheWorkloadButNoFileOfNucleus() throws Exception {
        Nucleus.Result r = scenario("secret");
        assertEquals("0", result(r), r.toString());
        assertEquals("token-seen\n", r.out());
        assertFalse(Files.readString(tmp.resolve("audit.jsonl")).contains("s3cr3t-value"));
        assertNoContainerLeft();
    }

    @Test
    void twentyLaunchesInARowAndEightAtOnceAllSucceed() throws Exception {
        Nucleus.Result seq = scenario("sequential");
        assertEquals("20", result(seq), seq.toString());
        Nucleus.Result con = scenario("concurrent");
        assertEquals("[0, 1, 2, 3, 4, 5, 6, 7]", result(con), con.toString());
        assertNoContainerLeft();
    }

    /** Only the state root's own bookkeeping (dot directories, the names registry) may remain. */
    private void assertNoContainerLeft() throws IOException {
        Path state = tmp.resolve("state");
        if (!Files.isDirectory(state)) {
            return;
        }
        try (Stream<Path> left = Files.list(state)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && !n.equals("names")).toList());
        }
    }
}
