package dev.nucleus.linux.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.StateStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk state store in a tmp base directory. */
class FileStateStoreTest {
    private static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
    private static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2";
    private static final String C = "ccccccccccccccccccccccccccccccc3";
    private static final String COUNT = "test.count";

    @TempDir
    Path tmp;
    Path base;
    FileStateStore store;

    @BeforeEach
    void setUp() throws IOException {
        base = tmp.resolve("state");
        store = new FileStateStore(base);
    }

    private static ContainerFacts facts(String id, long created, Map<String, String> annotations) {
        return new ContainerFacts(id, "c-" + id.substring(0, 4), 1000, created, List.of("/bin/true"), "strict",
                "native", "/rootfs", false, annotations);
    }

    private static ContainerState creating(String id, long created) {
        return ContainerState.creating(facts(id, created, Map.of("dev.nucleus.mode", "strict")));
    }

    private static ContainerState.Running running(String id) {
        return ContainerState.creating(facts(id, 100, Map.of())).created(new ContainerProcess(321, 654),
                new CgroupPlacement("/nucleus/" + id, Map.of("memory", "/sys/fs/cgroup/memory/nucleus/" + id)))
                .started(StateJsonTest.fullSecurity(), 200);
    }

    /** The same state with its counter annotation one higher (facts are immutable: made anew). */
    private static ContainerState increment(ContainerState s) {
        ContainerFacts f = s.facts();
        Map<String, String> a = new HashMap<>(f.annotations());
        a.put(COUNT, Integer.toString(count(s) + 1));
        return ContainerState.creating(new ContainerFacts(f.id(), f.name(), f.ownerUid(), f.createdMillis(), f.command(),
                f.mode(), f.runtime(), f.bundle(), f.ephemeral(), a));
    }

    private static int count(ContainerState s) {
        return Integer.parseInt(s.facts().annotations().getOrDefault(COUNT, "0"));
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void createThenLoadGivesTheSameState() throws Exception {
        ContainerState.Running r = running(A);
        store.create(r);
        assertEquals(Optional.of(r), store.load(A));
        assertEquals(base.resolve(A), store.directory(A));
        assertEquals(StateJson.write(r), Files.readString(base.resolve(A).resolve("state.json")));
    }

    @Test
    void loadOfAnUnknownIdIsEmptyAndCreatesNothing() throws Exception {
        assertEquals(Optional.empty(), store.load(A));
        assertFalse(Files.exists(base.resolve(A)));
    }

    @Test
    void somethingThatIsNotAnIdIsNeverAPath() {
        for (String bad : List.of("../etc", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "abc", "", A + "0", "names")) {
            assertThrows(IllegalArgumentException.class, () -> store.directory(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> store.load(bad), bad);
        }
    }

    @Test
    void aStateThatCannotBeReadIsReportedApartAndCanBeRemoved() throws Exception {
        store.create(running(A));
        store.create(running(B));
        Files.writeString(base.resolve(B).resolve(FileStateStore.STATE), ""); // torn by a crash
        Files.createDirectories(base.resolve(C)); // a runtime died before its first state
        Files.createDirectories(base.resolve("not-an-id"));

        assertEquals(List.of(A), store.list().stream().map(st -> st.facts().id()).toList());
        List<StateStore.Unreadable> bad = store.unreadable();
        assertEquals(List.of(B, C), bad.stream().map(StateStore.Unreadable::id).toList());
        assertTrue(bad.get(0).reason().contains("is not a valid state file"), bad.get(0).reason());
        assertEquals("no state.json", bad.get(1).reason());
        assertFalse(bad.get(0).settling(), "a torn state is no runtime at work");
        assertTrue(bad.get(1).settling(), "a directory made a moment ago without a state: being made or removed");
        Files.setLastModifiedTime(base.resolve(C), java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - FileStateStore.SETTLING_MILLIS - 1000));
        assertFalse(store.unreadable().get(1).settling(), "left that way a while: left by a runtime that died");

        store.remove(B);
        store.remove(C);
        assertEquals(List.of(), store.unreadable());
        assertFalse(Files.exists(base.resolve(B)));
        assertFalse(Files.exists(base.resolve(C)));
    }

    @Test
    void aDirectoryWhoseLockIsHeldIsBeingCreatedNotUnreadable() throws Exception {
        Path dir = Files.createDirectories(base.resolve(C));
        try (FileChannel lock = FileChannel.open(dir.resolve(FileStateStore.LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var held = lock.lock()) {
            assertEquals(List.of(), store.unreadable(), "its runtime is writing the first state");
        }
        assertEquals(List.of(C), store.unreadable().stream().map(StateStore.Unreadable::id).toList());
    }

    @Test
    void createOfAnExistingIdIsRefusedAndKeepsTheFirst() throws Exception {
        ContainerState.Running r = running(A);
        store.create(r);
        StateStoreException e = assertThrows(StateStoreException.class, () -> store.create(creating(A, 5)));
        assertTrue(e.getMessage().contains(A), e.getMessage());
        assertTrue(e.getMessage().contains("exists"), e.getMessage());
        assertEquals(Optional.of(r), store.load(A));
    }

    @Test
    void updateAppliesTheChangeToTheCurrentStateAndPersistsIt() throws Exception {
        store.create(running(A));
        ContainerState next = store.update(A, s -> s instanceof ContainerState.Running r ? r.stopping() : s);
        ContainerState.Stopping stopping = assertInstanceOf(ContainerState.Stopping.class, next);
        assertEquals(Optional.of(stopping), store.load(A));
        ContainerState stopped = store.update(A, s -> ((ContainerState.Stopping) s)
                .exited(new ContainerState.Exit(0, 300, false)));
        assertEquals(Optional.of(stopped), store.load(A));
        assertEquals(Optional.of(stopped), new FileStateStore(base).load(A), "another store instance sees it");
    }

    @Test
    void stoppingIsToldFromTheHeaderAndFromAForeignlyFormattedFile() throws Exception {
        assertFalse(store.stopping(A), "no state: not stopping");
        store.create(running(A));
        assertFalse(store.stopping(A));
        store.update(A, s -> ((ContainerState.Running) s).stopping());
        assertTrue(store.stopping(A));
        // The same state, written compactly with its keys in another order: the parser decides.
        Path file = base.resolve(A).resolve("state.json");
        String text = Files.readString(file);
        assertEquals(java.util.Optional.of("stopping"), StateJson.headerStatus(text));
        String reordered = "{\"status\": \"stopping\", " + text.strip().substring(1).replace("\"status\": \"stopping\",", "");
        assertEquals(java.util.Optional.empty(), StateJson.headerStatus(reordered));
        Files.writeString(file, reordered);
        assertTrue(store.stopping(A), reordered);
        store.update(A, s -> ((ContainerState.Stopping) s).exited(new ContainerState.Exit(0, 300, false)));
        assertFalse(store.stopping(A));
    }

    /** A stop asked of a stopped container (its supervisor waiting to restart it) stays, and refuses the restart. */
    @Test
    void aStopRecordedOfAStoppedContainerRefusesItsRestart() throws Exception {
        ContainerState.Stopped stopped = running(A).exited(new ContainerState.Exit(3, 300, false));
        store.create(stopped);
        assertFalse(store.stopping(A));
        store.recordStop(A);
        assertTrue(store.stopping(A), "the stop is recorded though there was nothing to signal");
        assertEquals(Optional.of(stopped), store.load(A), "the state itself is unchanged");
        assertFalse(store.restart(ContainerState.creating(stopped.facts())), "no restart after a stop");
        assertEquals(Optional.of(stopped), store.load(A));
        assertTrue(store.stopping(A), "still recorded: a later restart is refused too");
    }

    @Test
    void aRestartWithoutAStopIsWrittenAndAStopOfARunningOneRecordsStopping() throws Exception {
        store.create(running(A).exited(new ContainerState.Exit(3, 300, false)));
        ContainerState creating = ContainerState.creating(running(A).facts());
        assertTrue(store.restart(creating));
        assertEquals(Optional.of(creating), store.load(A));
        store.replace(running(A));
        store.recordStop(A);
        assertInstanceOf(ContainerState.Stopping.class, store.load(A).orElseThrow());
        store.recordStop(B); // no such container: nothing to record, nothing made
        assertFalse(Files.exists(base.resolve(B)));
        assertThrows(StateStoreException.class, () -> store.restart(ContainerState.creating(running(C).facts())),
                "a removed container is not restarted");
    }

    /**
     * Removing a tree that another process removes at the same time: a child gone between the
     * listing and its turn is skipped, and the walk goes on with its siblings. Two removers of
     * each kind, the native one and the Java walk it falls back to, at once.
     */
    @Test
    void aTreeRemovedTwiceAtOnceLeavesNothing() throws Exception {
        Object dev = Files.getAttribute(tmp, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        FileStateStore.deleteTree(tmp.resolve("never-there"), dev); // vanished before its turn: no error
        FileStateStore.removeTree(tmp.resolve("never-there"));
        for (int round = 0; round < 10; round++) {
            Path dir = tmp.resolve("race-" + round);
            for (int i = 0; i < 100; i++) {
                Files.createDirectories(dir.resolve("d" + i).resolve("inner").resolve("deeper"));
                Files.writeString(dir.resolve("d" + i).resolve("inner").resolve("f"), "x");
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Object>> both = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    boolean natively = t % 2 == 0;
                    both.add(pool.submit(() -> {
                        go.await();
                        if (natively) {
                            FileStateStore.removeTree(dir);
                        } else {
                            FileStateStore.deleteTree(dir, dev);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<Object> f : both) {
                    f.get(30, TimeUnit.SECONDS); // neither fails
                }
            } finally {
                pool.shutdownNow();
            }
            assertFalse(Files.exists(dir, LinkOption.NOFOLLOW_LINKS), "round " + round + " left " + dir);
        }
    }

    /** A named launch looks for its name: only states that hold it are parsed, and only a match is returned. */
    @Test
    void namedFindsTheStatesOfThatNameOnly() throws Exception {
        store.create(creating(A, 1)); // named c-aaaa
        store.create(ContainerState.creating(facts(B, 2, Map.of("note", "c-aaaa")))); // the name as a value only
        store.create(running(C)); // c-cccc
        Files.createDirectories(base.resolve("ddddddddddddddddddddddddddddddd4"));
        Files.writeString(base.resolve("ddddddddddddddddddddddddddddddd4").resolve("state.json"), "{\"c-aaaa\""); // torn
        assertEquals(List.of(A), store.scan().named("c-aaaa").stream().map(s -> s.facts().id()).toList());
        assertEquals(List.of(C), store.scan().named("c-cccc").stream().map(s -> s.facts().id()).toList());
        assertEquals(List.of(), store.scan().named("c-aaa"));
    }

    /**
     * A command by reference reads only the states the reference can mean, and finds what it
     * would have found among them all: ids and prefixes (ambiguous ones included), names, a name
     * that is only another's value, a reference that is no name, and none.
     */
    @Test
    void candidatesFindWhatTheWholeListFinds() throws Exception {
        String a2 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa22";
        store.create(creating(A, 1)); // named c-aaaa
        store.create(creating(a2, 2)); // named c-aaaa too: the name is ambiguous
        store.create(ContainerState.creating(facts(B, 3, Map.of("note", "c-cccc")))); // the name as a value only
        store.create(running(C)); // c-cccc
        Files.createDirectories(base.resolve("ddddddddddddddddddddddddddddddd4")); // no state yet
        for (String reference : List.of(A, a2, "aaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "c-aaaa", "c-cccc", B, "b",
                "c", "ccc", "d", "c-bbbb", "nothing", "", "a b", "c-cccc\"", "é")) {
            String expected = lookup(store.list(), reference);
            assertEquals(expected, lookup(store.candidates(reference), reference), reference);
        }
        assertEquals(List.of(C), store.candidates("c-cccc").stream().map(s -> s.facts().id()).toList());
        assertEquals(List.of(A, a2), store.candidates("aaaa").stream().map(s -> s.facts().id()).toList());
    }

    private static String lookup(List<ContainerState> states, String reference) {
        try {
            return dev.nucleus.domain.lifecycle.ContainerLookup.find(states, reference).facts().id();
        } catch (dev.nucleus.domain.lifecycle.ContainerLookup.NotFound e) {
            return "refused: " + e.getMessage();
        }
    }

    /** A bridged launch's sweep keeps the networks of these: set up now, or a process still alive. */
    @Test
    void liveIdsAreTheContainersBeingSetUpOrWithTheirProcessAlive() throws Exception {
        long self = ProcessHandle.current().pid();
        ContainerProcess alive = new ContainerProcess(self, ProcStart.of(self).orElseThrow());
        ContainerProcess gone = new ContainerProcess(self, ProcStart.of(self).orElseThrow() + 1); // a recycled pid
        String d = "ddddddddddddddddddddddddddddddd4";
        String e = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeee5";
        String f = "fffffffffffffffffffffffffffffff6";
        String g = "00000000000000000000000000000007";
        store.create(creating(A, 1));
        store.create(ContainerState.creating(facts(B, 2, Map.of())).created(gone, CgroupPlacement.NONE));
        store.create(ContainerState.creating(facts(C, 3, Map.of())).created(alive, CgroupPlacement.NONE)
                .started(StateJsonTest.sparseSecurity(), 4));
        store.create(ContainerState.creating(facts(d, 3, Map.of())).created(gone, CgroupPlacement.NONE)
                .started(StateJsonTest.sparseSecurity(), 4).stopping());
        store.create(ContainerState.creating(facts(e, 3, Map.of())).created(alive, CgroupPlacement.NONE)
                .started(StateJsonTest.sparseSecurity(), 4).exited(new ContainerState.Exit(0, 5, false)));
        store.create(ContainerState.creating(facts(f, 3, Map.of())).created(alive, CgroupPlacement.NONE)
                .started(StateJsonTest.sparseSecurity(), 4));
        Path foreign = base.resolve(f).resolve("state.json"); // another layout: the full parser decides
        String text = Files.readString(foreign);
        Files.writeString(foreign, "{\"status\": \"running\", " + text.strip().substring(1)
                .replace("\"status\": \"running\",", ""));
        Files.createDirectories(base.resolve(g));
        Files.writeString(base.resolve(g).resolve("state.json"), "{\"version\": 1, \"status\": \"runn"); // torn
        assertEquals(Set.of(A, B, C, f), store.scan().liveIds());
    }

    @Test
    void updateOfAMissingContainerIsRefused() {
        StateStoreException e = assertThrows(StateStoreException.class, () -> store.update(A, s -> s));
        assertTrue(e.getMessage().contains(A), e.getMessage());
    }

    @Test
    void theStateFileIs0600AndTheContainerDirectory0700() throws Exception {
        store.create(running(A));
        Path dir = base.resolve(A);
        assertEquals("rwx------", mode(dir));
        assertEquals("rw-------", mode(dir.resolve("state.json")));
        assertEquals("rw-------", mode(dir.resolve("lock")));
        store.update(A, s -> ((ContainerState.Running) s).stopping());
        assertEquals("rw-------", mode(dir.resolve("state.json")), "still 0600 after a rewrite");
        assertEquals("rwx------", mode(dir));
    }

    @Test
    void onlyTheStatesOfContainersThatOutliveTheirRuntimeAreFsynced() throws Exception {
        ContainerFacts kept = facts(A, 1, Map.of());
        ContainerFacts ephemeral = new ContainerFacts(B, "c-bbbb", 1000, 2, List.of("/bin/true"), "agent", "native",
                "/rootfs", true, Map.of());
        assertTrue(FileStateStore.syncedBeforeRename(ContainerState.creating(kept)));
        assertFalse(FileStateStore.syncedBeforeRename(ContainerState.creating(ephemeral)));
        // Either way the write is whole and atomic for a reader.
        store.create(ContainerState.creating(ephemeral));
        store.replace(ContainerState.creating(ephemeral).failed("why"));
        assertEquals(ContainerState.creating(ephemeral).failed("why"), store.load(B).orElseThrow());
        try (Stream<Path> files = Files.list(base.resolve(B))) {
            assertEquals(Set.of("lock", "state.json"), files.map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void noTemporaryFileIsLeftAfterWrites() throws Exception {
        store.create(creating(A, 1));
        for (int i = 0; i < 10; i++) {
            store.update(A, FileStateStoreTest::increment);
        }
        assertEquals(Set.of("lock", "state.json"), names(base.resolve(A)));
        assertEquals(10, count(store.load(A).orElseThrow()));
    }

    @Test
    void aSymlinkedStateFileIsRefusedAndItsTargetUntouched() throws Exception {
        store.create(running(A));
        Path state = base.resolve(A).resolve("state.json");
        // a valid state outside, so following the link would have "worked"
        Path outside = Files.writeString(tmp.resolve("outside.json"), Files.readString(state));
        String before = Files.readString(outside);
        Files.delete(state);
        Files.createSymbolicLink(state, outside);

        assertThrows(StateStoreException.class, () -> store.load(A));
        assertThrows(StateStoreException.class, () -> store.update(A, s -> ((ContainerState.Running) s).stopping()));
        assertThrows(StateStoreException.class, () -> store.create(running(A)));
        assertEquals(List.of(), store.list(), "list skips what it cannot read safely");
        assertEquals(before, Files.readString(outside));
        assertTrue(Files.isSymbolicLink(state));
    }

    @Test
    void aRuntimeRecordingAfterRmNeverRecreatesTheContainersDirectory() throws Exception {
        store.create(running(A));
        store.remove(A);
        assertThrows(StateStoreException.class, () -> store.replace(running(A)));
        assertThrows(StateStoreException.class, () -> store.update(A, s -> s));
        store.remove(A); // idempotent
        assertFalse(Files.exists(base.resolve(A)), "no directory came back (a detached runtime ending after rm)");
    }

    @Test
    void aSymlinkedContainerDirectoryIsRefusedAndItsTargetUntouched() throws Exception {
        FileStateStore elsewhere = new FileStateStore(tmp.resolve("elsewhere"));
        elsewhere.create(running(A));
        Path target = tmp.resolve("elsewhere").resolve(A);
        String before = Files.readString(target.resolve("state.json"));
        Files.createDirectories(base);
        Files.createSymbolicLink(base.resolve(A), target);

        assertThrows(StateStoreException.class, () -> store.load(A), "read through a symlinked directory");
        assertThrows(StateStoreException.class, () -> store.update(A, s -> ((ContainerState.Running) s).stopping()));
        assertThrows(StateStoreException.class, () -> store.create(running(A)));
        assertThrows(StateStoreException.class, () -> store.remove(A));
        assertEquals(List.of(), store.list());
        assertEquals(before, Files.readString(target.resolve("state.json")));
        assertEquals(Set.of("lock", "state.json"), names(target));
    }

    @Test
    void listSkipsWhatIsNotAContainerAndSortsByCreationTime() throws Exception {
        store.create(creating(B, 3000));
        store.create(creating(A, 2000));
        store.create(creating(C, 1000));
        Files.createDirectories(base.resolve("names").resolve("web"));
        Files.writeString(base.resolve("README"), "not a container");
        Files.createDirectory(base.resolve("DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD")); // upper case: not an id
        Files.createDirectory(base.resolve("ddddddddddddddddddddddddddddddd")); // 31 digits
        Files.createDirectory(base.resolve("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee")); // being created: no state yet
        Files.createDirectory(base.resolve("ffffffffffffffffffffffffffffffff"));
        Files.writeString(base.resolve("ffffffffffffffffffffffffffffffff").resolve("state.json"), "{ half a file");
        Files.writeString(base.resolve("0000000000000000000000000000000a"), "a file named like an id");

        List<String> ids = store.list().stream().map(s -> s.facts().id()).toList();
        assertEquals(List.of(C, A, B), ids);
    }

    @Test
    void listBreaksCreationTimeTiesById() throws Exception {
        store.create(creating(C, 7));
        store.create(creating(A, 7));
        store.create(creating(B, 7));
        assertEquals(List.of(A, B, C), store.list().stream().map(s -> s.facts().id()).toList());
    }

    @Test
    void listOfAMissingBaseIsEmpty() throws Exception {
        assertEquals(List.of(), store.list());
        assertFalse(Files.exists(base));
    }

    @Test
    void concurrentUpdatesLoseNothingAndNeverLeaveACorruptFile() throws Exception {
        store.create(creating(A, 1));
        int threads = 8;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Integer>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                Callable<List<Integer>> task = () -> {
                    go.await();
                    List<Integer> seen = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        seen.add(count(store.update(A, FileStateStoreTest::increment)));
                        // readers in between must only ever see a whole state
                        assertTrue(store.load(A).isPresent());
                    }
                    return seen;
                };
                results.add(pool.submit(task));
            }
            go.countDown();
            Set<Integer> all = new TreeSet<>();
            for (Future<List<Integer>> f : results) {
                for (int c : f.get(60, TimeUnit.SECONDS)) {
                    assertTrue(all.add(c), "two updates produced the same count " + c + ": one was lost");
                }
            }
            assertEquals(threads * each, all.size());
            assertEquals(1, ((TreeSet<Integer>) all).first());
            assertEquals(threads * each, ((TreeSet<Integer>) all).last());
        } finally {
            pool.shutdownNow();
        }
        ContainerState last = store.load(A).orElseThrow();
        assertEquals(threads * each, count(last));
        assertEquals(last, StateJson.read(Files.readString(base.resolve(A).resolve("state.json"))));
        assertEquals(Set.of("lock", "state.json"), names(base.resolve(A)));
    }

    @Test
    void twoStoreInstancesOnOneBaseSerialiseTheirUpdates() throws Exception {
        store.create(creating(A, 1));
        FileStateStore other = new FileStateStore(base);
        Thread t = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 100; i++) {
                try {
                    other.update(A, FileStateStoreTest::increment);
                } catch (StateStoreException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        for (int i = 0; i < 100; i++) {
            store.update(A, FileStateStoreTest::increment);
        }
        t.join(60_000);
        assertEquals(200, count(store.load(A).orElseThrow()));
    }

    @Test
    void removeDeletesTheStateAndEverythingStagedInTheDirectory() throws Exception {
        store.create(running(A));
        Path dir = base.resolve(A);
        Files.createDirectories(dir.resolve("rootfs/etc/ssl"));
        Files.writeString(dir.resolve("rootfs/etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.writeString(dir.resolve("rootfs/etc/ssl/cert.pem"), "---");
        Files.writeString(dir.resolve("plan.bin"), "staged");
        Files.writeString(dir.resolve("state.json.tmp-1234"), "{ a runtime died mid-write");
        Files.createDirectory(dir.resolve("empty"));

        store.remove(A);
        assertFalse(Files.exists(dir, LinkOption.NOFOLLOW_LINKS));
        assertEquals(Optional.empty(), store.load(A));
        assertEquals(List.of(), store.list());
        assertTrue(Files.isDirectory(base), "the base stays");
    }

    @Test
    void removeDoesNotFollowASymlinkInsideTheDirectory() throws Exception {
        store.create(running(A));
        Path dir = base.resolve(A);
        Path keep = Files.createDirectories(tmp.resolve("keep/sub"));
        Files.writeString(keep.resolve("precious"), "do not delete");
        Path keepFile = Files.writeString(tmp.resolve("keep-file"), "me neither");
        Files.createSymbolicLink(dir.resolve("rootfs"), tmp.resolve("keep"));
        Files.createDirectories(dir.resolve("staged"));
        Files.createSymbolicLink(dir.resolve("staged/link-to-file"), keepFile);
        Files.createSymbolicLink(dir.resolve("dangling"), tmp.resolve("nowhere"));

        store.remove(A);
        assertFalse(Files.exists(dir, LinkOption.NOFOLLOW_LINKS));
        assertEquals("do not delete", Files.readString(keep.resolve("precious")));
        assertEquals("me neither", Files.readString(keepFile));
        assertTrue(Files.isDirectory(keep));
    }

    @Test
    void removeOfAGoneContainerIsANoOpAndLeavesNothing() throws Exception {
        store.remove(A);
        store.create(creating(A, 1));
        store.remove(A);
        store.remove(A);
        assertFalse(Files.exists(base.resolve(A), LinkOption.NOFOLLOW_LINKS));
        assertEquals(Set.of(), names(base));
    }

    @Test
    void removeLeavesOtherContainersAlone() throws Exception {
        store.create(running(A));
        store.create(running(B));
        store.remove(A);
        assertEquals(Optional.of(running(B)), store.load(B));
        assertEquals(Set.of(B), names(base));
    }

    @Test
    void anIdCanBeCreatedAgainAfterRemoval() throws Exception {
        store.create(running(A));
        store.remove(A);
        store.create(creating(A, 9));
        assertEquals(Optional.of(creating(A, 9)), store.load(A));
    }

    // StateDirectory.base: --root, else NUCLEUS_STATE_DIR, else /run/nucleus (root), XDG_RUNTIME_DIR, /tmp/nucleus-UID

    @Test
    void theRootOptionWinsOverEverything() {
        assertEquals(Path.of("/srv/state"), StateDirectory.base(Optional.of("/srv/x/../state"), Optional.of("/env/dir"),
                0, Optional.of("/run/user/0")));
        assertEquals(Path.of("/srv/state"), StateDirectory.base(Optional.of("/srv/state/"), Optional.of("/env/dir"),
                1000, Optional.of("/run/user/1000")));
        Path relative = StateDirectory.base(Optional.of("rel/dir"), Optional.empty(), 1000, Optional.empty());
        assertTrue(relative.isAbsolute(), relative.toString());
        assertEquals(Path.of("rel/dir").toAbsolutePath().normalize(), relative);
    }

    @Test
    void theEnvironmentWinsOverTheDefaults() {
        assertEquals(Path.of("/env/dir"), StateDirectory.base(Optional.empty(), Optional.of("/env/dir"), 0,
                Optional.of("/run/user/0")));
        assertEquals(Path.of("/env/dir"), StateDirectory.base(Optional.empty(), Optional.of("/env/./dir"), 1000,
                Optional.of("/run/user/1000")));
    }

    @Test
    void aBlankEnvironmentIsIgnored() {
        assertEquals(Path.of("/run/nucleus"), StateDirectory.base(Optional.empty(), Optional.of(""), 0, Optional.empty()));
        assertEquals(Path.of("/run/user/1000/nucleus"), StateDirectory.base(Optional.empty(), Optional.of("  "), 1000,
                Optional.of("/run/user/1000")));
    }

    @Test
    void rootDefaultsToRunNucleusEvenWithXdgSet() {
        assertEquals(Path.of("/run/nucleus"), StateDirectory.base(Optional.empty(), Optional.empty(), 0,
                Optional.of("/run/user/0")));
    }

    @Test
    void othersUseXdgRuntimeDirElseAPerUidTmpDirectory() {
        assertEquals(Path.of("/run/user/1000/nucleus"), StateDirectory.base(Optional.empty(), Optional.empty(), 1000,
                Optional.of("/run/user/1000")));
        assertEquals(Path.of("/tmp/nucleus-1000"), StateDirectory.base(Optional.empty(), Optional.empty(), 1000,
                Optional.empty()));
        assertEquals(Path.of("/tmp/nucleus-65534"), StateDirectory.base(Optional.empty(), Optional.empty(), 65534,
                Optional.of("")));
    }
}
