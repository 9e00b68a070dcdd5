package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.spec.BridgeSettings;
import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.ports.LaunchFailedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** IPAM of a bridge (one O_EXCL file per address) and the network lock it is taken under. */
class AddressLeasesTest {
    @TempDir
    Path base;

    private static BridgeSettings bridge(String name, String subnet) throws InvalidValueException {
        return new BridgeSettings(name, BridgeSettings.parseSubnet(subnet));
    }

    private AddressLeases leases(BridgeSettings b) {
        return new AddressLeases(new NetworkState(base).leases(b.name()), b);
    }

    @Test
    void allocationTakesTheLowestFreeHostNumberFrom2() throws Exception {
        BridgeSettings b = bridge("br9", "10.9.0.0/24");
        AddressLeases l = leases(b);
        assertEquals(2, l.allocate("a"));
        assertEquals(3, l.allocate("b"));
        assertEquals(4, l.allocate("c"));
        l.release("b");
        assertEquals(3, l.allocate("d"), "the freed address is the lowest free one");
        assertEquals(5, l.allocate("e"));
        assertEquals(Map.of(2L, "a", 3L, "d", 4L, "c", 5L, "e"), l.all());
    }

    @Test
    void aLeaseIsAFileNamedByTheAddressHoldingTheId() throws Exception {
        BridgeSettings b = bridge("br9", "10.9.0.0/24");
        AddressLeases l = leases(b);
        l.allocate("0123abcd");
        Path dir = base.resolve("network").resolve("leases").resolve("br9");
        assertEquals("0123abcd\n", Files.readString(dir.resolve("10.9.0.2")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("10.9.0.2"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anAddressIsNeverHandedOutTwiceEvenToTheSameId() throws Exception {
        AddressLeases l = leases(bridge("br9", "10.9.0.0/24"));
        Set<Long> seen = new TreeSet<>();
        for (int i = 0; i < 50; i++) {
            assertTrue(seen.add(l.allocate(i % 2 == 0 ? "same" : "id" + i)));
        }
        assertEquals(LongStream.rangeClosed(2, 51).boxed().collect(Collectors.toSet()), seen);
    }

    @Test
    void anAddressLeasedByAnotherProcessIsSkipped() throws Exception {
        BridgeSettings b = bridge("br9", "10.9.0.0/24");
        Path dir = new NetworkState(base).leases("br9");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("10.9.0.2"), "other\n");
        Files.writeString(dir.resolve("10.9.0.4"), "other\n");
        AddressLeases l = leases(b);
        assertEquals(3, l.allocate("a"));
        assertEquals(5, l.allocate("b"));
        assertEquals(Map.of(2L, "other", 3L, "a", 4L, "other", 5L, "b"), l.all());
    }

    @Test
    void releaseFreesOnlyThatIdsLeases() throws Exception {
        AddressLeases l = leases(bridge("br9", "10.9.0.0/24"));
        l.allocate("a");
        l.allocate("b");
        l.allocate("a");
        l.allocate("c");
        l.release("a");
        assertEquals(Map.of(3L, "b", 5L, "c"), l.all());
        l.release("nobody");
        assertEquals(Map.of(3L, "b", 5L, "c"), l.all());
        l.release("a");
        assertEquals(Map.of(3L, "b", 5L, "c"), l.all());
    }

    @Test
    void releaseDoesNotTreatAPrefixOfAnIdAsTheId() throws Exception {
        AddressLeases l = leases(bridge("br9", "10.9.0.0/24"));
        l.allocate("abc");
        l.allocate("abcdef");
        l.release("abc");
        assertEquals(Map.of(3L, "abcdef"), l.all());
    }

    @Test
    void aFullSlash30RefusesTheSecondContainer() throws Exception {
        BridgeSettings b = bridge("tiny0", "192.168.1.252/30");
        AddressLeases l = leases(b);
        assertEquals(2, l.allocate("first"));
        LaunchFailedException e = assertThrows(LaunchFailedException.class, () -> l.allocate("second"));
        assertEquals("bridge tiny0 has no free address left in 192.168.1.252/30", e.getMessage());
        assertTrue(e.getMessage().contains("tiny0") && e.getMessage().contains("192.168.1.252/30"));
        assertEquals(Map.of(2L, "first"), l.all(), "the refused start leased nothing");
        l.release("first");
        assertEquals(2, l.allocate("second"));
    }

    @Test
    void aSlash28HasThirteenAddressesAndNeverLeasesTheBroadcast() throws Exception {
        BridgeSettings b = bridge("br28", "10.231.7.0/28");
        AddressLeases l = leases(b);
        for (long n = 2; n <= 14; n++) {
            assertEquals(n, l.allocate("c" + n));
        }
        assertThrows(LaunchFailedException.class, () -> l.allocate("c15"));
        assertEquals(13, l.all().size());
        assertFalse(Files.exists(new NetworkState(base).leases("br28").resolve("10.231.7.15")));
        assertFalse(Files.exists(new NetworkState(base).leases("br28").resolve("10.231.7.1")));
    }

    @Test
    void bridgesHaveTheirOwnLeases() throws Exception {
        AddressLeases one = leases(bridge("br1", "10.1.0.0/24"));
        AddressLeases two = leases(bridge("br2", "10.2.0.0/24"));
        assertEquals(2, one.allocate("a"));
        assertEquals(2, two.allocate("b"));
        assertEquals(Map.of(2L, "a"), one.all());
        assertEquals(Map.of(2L, "b"), two.all());
    }

    @Test
    void allMapsHostNumbersToIdsAcrossOctets() throws Exception {
        BridgeSettings b = bridge("br16", "10.8.0.0/16");
        Path dir = new NetworkState(base).leases("br16");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("10.8.1.44"), "far\n");
        Files.writeString(dir.resolve("10.8.0.2"), "near\n");
        Files.writeString(dir.resolve("README"), "not a lease\n");
        assertEquals(new TreeMap<>(Map.of(2L, "near", 300L, "far")), leases(b).all());
    }

    @Test
    void allIsEmptyBeforeAnyLease() throws Exception {
        assertEquals(Map.of(), leases(bridge("br9", "10.9.0.0/24")).all());
    }

    // ---- under the network lock ---------------------------------------------------------------

    @Test
    @Timeout(60)
    void thirtyConcurrentStartsGetThirtyDistinctAddresses() throws Exception {
        BridgeSettings b = bridge("br26", "10.26.0.0/26");
        AddressLeases l = leases(b);
        int threads = 30;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String id = "container-" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    try (NetworkState.Held held = new NetworkState(base).lock()) {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        try {
                            Thread.yield();
                            return l.allocate(id);
                        } finally {
                            inside.decrementAndGet();
                        }
                    }
                }));
            }
            go.countDown();
            Set<Long> numbers = new TreeSet<>();
            for (Future<Long> f : results) {
                numbers.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(threads, numbers.size(), "distinct: " + numbers);
            assertEquals(LongStream.rangeClosed(2, 31).boxed().collect(Collectors.toCollection(TreeSet::new)),
                    numbers);
            assertEquals(0, overlaps.get(), "two threads held the network lock at once");
            Map<Long, String> all = l.all();
            assertEquals(threads, all.size());
            assertEquals(LongStream.range(0, threads).mapToObj(i -> "container-" + i).collect(Collectors.toSet()),
                    Set.copyOf(all.values()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(30)
    void twoNetworkStatesOverOneDirectoryExcludeEachOther() throws Exception {
        NetworkState first = new NetworkState(base);
        NetworkState second = new NetworkState(base);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> waiting;
            try (NetworkState.Held held = first.lock()) {
                waiting = pool.submit(() -> {
                    try (NetworkState.Held h = second.lock()) {
                        return "locked";
                    }
                });
                assertThrows(TimeoutException.class, () -> waiting.get(500, TimeUnit.MILLISECONDS),
                        "the second instance took the lock the first one holds");
            }
            assertEquals("locked", waiting.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        // Released for good: both can take it again.
        first.lock().close();
        second.lock().close();
    }

    @Test
    @Timeout(60)
    void concurrentHoldersThroughSeparateInstancesNeverOverlap() throws Exception {
        int threads = 16;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    for (int round = 0; round < 10; round++) {
                        try (NetworkState.Held held = new NetworkState(base).lock()) {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            Thread.sleep(1);
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : results) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(0, overlaps.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLockLivesInAPrivateNetworkDirectory() throws Exception {
        NetworkState s = new NetworkState(base.resolve("state"));
        assertEquals(base.resolve("state").resolve("network"), s.dir());
        assertEquals(base.resolve("state").resolve("network").resolve("leases").resolve("br0"), s.leases("br0"));
        s.lock().close();
        assertTrue(Files.isRegularFile(s.dir().resolve("lock")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.dir())));
    }

    @Test
    void aClosedLockLetsTheNextHolderIn() throws Exception {
        NetworkState s = new NetworkState(base);
        NetworkState.Held h = s.lock();
        h.close();
        // A closed lock lets another thread in at once.
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertEquals("ok", pool.submit(() -> {
                try (NetworkState.Held other = new NetworkState(base).lock()) {
                    return "ok";
                }
            }).get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- across processes: the file lock ------------------------------------------------------

    private static final String LOCKER = """
            import java.nio.channels.FileChannel;
            import java.nio.channels.FileLock;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;

            public class Locker {
                public static void main(String[] args) throws Exception {
                    try (FileChannel ch = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE)) {
                        if (args[0].equals("try")) {
                            FileLock l = ch.tryLock();
                            System.out.println(l == null ? "busy" : "free");
                            return;
                        }
                        FileLock l = ch.lock();
                        System.out.println("locked");
                        System.out.flush();
                        System.in.read();
                        l.release();
                    }
                }
            }
            """;

    private Process locker(String mode, Path lockFile) throws IOException {
        Path source = base.resolve("Locker.java");
        if (!Files.exists(source)) {
            Files.writeString(source, LOCKER);
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, source.toString(), mode, lockFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String firstLine(Process p) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            return r.readLine();
        }
    }

    @Test
    @Timeout(120)
    void anotherProcessCannotTakeTheLockWhileItIsHeld() throws Exception {
        NetworkState s = new NetworkState(base);
        Path lockFile = s.dir().resolve("lock");
        try (NetworkState.Held held = s.lock()) {
            Process p = locker("try", lockFile);
            assertEquals("busy", firstLine(p));
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        Process p = locker("try", lockFile);
        assertEquals("free", firstLine(p));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    }

    @Test
    @Timeout(120)
    void theLockWaitsForAnotherProcessThatHoldsIt() throws Exception {
        NetworkState s = new NetworkState(base);
        Files.createDirectories(s.dir());
        Process p = locker("hold", s.dir().resolve("lock"));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            Future<String> waiting = pool.submit(() -> {
                try (NetworkState.Held h = s.lock()) {
                    return "locked here";
                }
            });
            assertThrows(TimeoutException.class, () -> waiting.get(500, TimeUnit.MILLISECONDS),
                    "took the lock another process holds");
            p.getOutputStream().close();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals("locked here", waiting.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
            p.destroyForcibly();
        }
    }
}
