package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Of launches racing for one name exactly one wins, and a dead runtime's claim is taken over once. */
class NameClaimTest {
    private static final int THREADS = 8;

    @TempDir
    Path base;

    /** Every thread takes the claim at once; returns the winners, each still holding it. */
    private List<NameClaim> race(ExecutorService pool) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<Optional<NameClaim>>> tries = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            tries.add(pool.submit(() -> {
                start.await();
                return NameClaim.take(base, "web");
            }));
        }
        List<NameClaim> won = new ArrayList<>();
        for (Future<Optional<NameClaim>> t : tries) {
            t.get(30, TimeUnit.SECONDS).ifPresent(won::add); // a LaunchFailedException fails the test
        }
        return won;
    }

    @Test
    void ofManyRacersExactlyOneHoldsTheName() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 300; round++) {
                List<NameClaim> won = race(pool);
                assertEquals(1, won.size(), "round " + round + ": winners");
                won.getFirst().close();
                assertFalse(Files.exists(base.resolve("names/web")), "released");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeadRuntimesClaimIsTakenOverByOneRacer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 100; round++) {
                Path claim = Files.createDirectories(base.resolve("names/web"));
                if (round % 2 == 0) {
                    Files.writeString(claim.resolve("owner"), "999999999 1"); // no such process
                } // else: died between the directory and its owner
                List<NameClaim> won = race(pool);
                assertEquals(1, won.size(), "round " + round + ": winners");
                assertTrue(NameClaim.ProcessOwner.alive(Files.readString(claim.resolve("owner"))));
                won.getFirst().close();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rmReleasesADeadRuntimesClaimOnlyThatOne() throws Exception {
        Path dead = Files.createDirectories(base.resolve("names/gone"));
        Files.writeString(dead.resolve("owner"), "999999999 1");
        NameClaim live = NameClaim.take(base, "here").orElseThrow();
        NameClaim.releaseOrphaned(base, "gone");
        NameClaim.releaseOrphaned(base, "here");
        NameClaim.releaseOrphaned(base, "never-claimed");
        assertFalse(Files.exists(dead), "its runtime was killed before it released it");
        assertTrue(Files.exists(base.resolve("names/here/owner")), "a live runtime's claim stays");
        live.close();
    }

    @Test
    void theLockIsNoClaim() throws Exception {
        NameClaim claim = NameClaim.take(base, "lock").orElseThrow();
        assertTrue(Files.isDirectory(base.resolve("names/lock")));
        assertTrue(Files.isRegularFile(base.resolve("names/@lock")), "a name has no @");
        assertTrue(NameClaim.take(base, "lock").isEmpty(), "held");
        claim.close();
    }
}
