package dev.nucleus.linux.state;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.linux.sys.SelfPid;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.linux.jni.NativeFiles;
import dev.nucleus.linux.jni.NativeShimException;
import dev.nucleus.linux.jni.NativeTree;
import dev.nucleus.linux.sys.JvmFileLocks;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.StateStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The state store on disk: {@code <base>/<id>/state.json} (0600) in the container's own 0700
 * directory, next to a {@code lock} file. Writes go to a temporary file that is renamed over the
 * old one (fsynced first unless the container is ephemeral, see {@link #write}), under an
 * exclusive lock on {@code lock}; nothing is opened through a symlink.
 */
public final class FileStateStore implements StateStore {
    static final String STATE = "state.json";
    static final String LOCK = "lock";
    /** Beside the state, made once a stop is asked for: its supervisor restarts the container no more. */
    static final String STOP = "stop-requested";

    private final Path base;

    public FileStateStore(Path base) {
        this.base = base;
    }

    public Path base() {
        return base;
    }

    /** The container's directory (the native backend's runtime directory too). */
    public Path directory(String id) {
        if (!AsciiText.lowerHex(id, 32)) {
            throw new IllegalArgumentException("not a container id: " + id);
        }
        return base.resolve(id);
    }

    @Override
    public void create(ContainerState state) throws StateStoreException {
        String id = state.facts().id();
        try (JvmFileLocks.Held lock = lock(id, true)) {
            if (NativeFiles.exists(directory(id).resolve(STATE))) {
                throw new StateStoreException("container " + id + " exists already");
            }
            write(id, state);
        } catch (IOException e) {
            throw new StateStoreException("cannot write the state of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ContainerState update(String id, UnaryOperator<ContainerState> change) throws StateStoreException {
        try (JvmFileLocks.Held lock = lock(id, false)) {
            ContainerState now = read(id).orElseThrow(() -> new StateStoreException("no container " + id));
            ContainerState next = change.apply(now);
            write(id, next);
            return next;
        } catch (IOException e) {
            throw new StateStoreException("cannot update the state of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void replace(ContainerState state) throws StateStoreException {
        String id = state.facts().id();
        try (JvmFileLocks.Held lock = lock(id, false)) {
            if (!NativeFiles.exists(directory(id).resolve(STATE))) {
                throw new StateStoreException("no container " + id);
            }
            write(id, state);
        } catch (IOException e) {
            throw new StateStoreException("cannot write the state of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ContainerState> load(String id) throws StateStoreException {
        try {
            return read(id);
        } catch (IOException e) {
            throw new StateStoreException("cannot read the state of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void recordStop(String id) throws StateStoreException {
        try (JvmFileLocks.Held lock = lock(id, false)) {
            Optional<ContainerState> now = read(id);
            if (now.isEmpty()) {
                return;
            }
            // A mark of its own, not a state: the runtime writes the states it goes through without
            // reading them back, and would write over a flag kept in them.
            Path mark = directory(id).resolve(STOP);
            if (!NativeFiles.exists(mark)) {
                try (FileChannel ch = FileChannel.open(mark, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                    ch.force(true);
                }
            }
            if (now.get() instanceof ContainerState.Running r) {
                write(id, r.stopping());
            }
        } catch (NoSuchFileException e) {
            // removed meanwhile: nothing to stop
        } catch (IOException e) {
            throw new StateStoreException("cannot record the stop of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean restart(ContainerState creating) throws StateStoreException {
        String id = creating.facts().id();
        try (JvmFileLocks.Held lock = lock(id, false)) {
            if (!NativeFiles.exists(directory(id).resolve(STATE))) {
                throw new StateStoreException("no container " + id);
            }
            if (NativeFiles.exists(directory(id).resolve(STOP))) {
                return false;
            }
            write(id, creating);
            return true;
        } catch (IOException e) {
            throw new StateStoreException("cannot write the state of " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * The stop mark, else the state file's header when it is one this version wrote: no JSON parser
     * on the launch path.
     */
    @Override
    public boolean stopping(String id) throws StateStoreException {
        try {
            if (NativeFiles.exists(directory(id).resolve(STOP))) {
                return true;
            }
            Optional<String> text = readText(id);
            if (text.isEmpty()) {
                return false;
            }
            Optional<String> status = StateJson.headerStatus(text.get());
            return status.isPresent() ? status.get().equals("stopping") : parse(id, text.get()) instanceof ContainerState.Stopping;
        } catch (IOException e) {
            throw new StateStoreException("cannot read the state of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ContainerState> list() throws StateStoreException {
        List<ContainerState> out = new ArrayList<>();
        for (String id : containerIds()) {
            readInto(id, out);
        }
        return inCreationOrder(out);
    }

    /**
     * The containers whose id is the reference or starts with it (by their directories' names),
     * and those it names (their states' text holding it, then parsed: {@link StateScan#named}):
     * every other state is left unparsed, where parsing them all cost a command by reference some
     * 0.5 ms a container (with 20 running, attach took 67 ms against 56 with none).
     */
    @Override
    public List<ContainerState> candidates(String reference) throws StateStoreException {
        // A name is plain [A-Za-z0-9_.-], which JSON writes as it is (StateScan#named looks for it
        // so); for anything else, every state is read, as before.
        if (!AsciiText.nameCharacters(reference, 1, 128)) {
            return list();
        }
        List<ContainerState> out = new ArrayList<>();
        StateScan scan = scan();
        for (String id : containerIds()) {
            if (id.startsWith(reference)) {
                readInto(id, out);
            } else {
                scan.ifNamed(id, reference).ifPresent(out::add);
            }
        }
        return inCreationOrder(out);
    }

    private void readInto(String id, List<ContainerState> out) throws StateStoreException {
        try {
            read(id).ifPresent(out::add);
        } catch (IOException e) {
            // no readable state: being created, or what unreadable() reports
        }
    }

    // One lambda of ours, not Comparator.comparingLong(..).thenComparing(..): the JDK's own
    // lambdas behind those are spun at run time (the AOT cache does not hold them), ~1 ms.
    private static List<ContainerState> inCreationOrder(List<ContainerState> states) {
        states.sort((a, b) -> {
            int byAge = Long.compare(a.facts().createdMillis(), b.facts().createdMillis());
            return byAge != 0 ? byAge : a.facts().id().compareTo(b.facts().id());
        });
        return states;
    }

    /** Cheap queries over every container's state (for launches that must look at the others). */
    public StateScan scan() {
        return new StateScan(this);
    }

    /**
     * Directories named like a container whose state file is missing or cannot be parsed, and whose
     * lock no runtime holds (one that holds it is writing the first state right now).
     */
    @Override
    public List<Unreadable> unreadable() throws StateStoreException {
        List<Unreadable> out = new ArrayList<>();
        for (String id : containerIds()) {
            String reason;
            try {
                reason = read(id).isPresent() ? null : "no " + STATE;
            } catch (IOException e) {
                reason = e.getMessage();
            }
            try {
                if (reason != null && !lockHeld(directory(id).resolve(LOCK))) {
                    out.add(new Unreadable(id, reason, reason.equals("no " + STATE) && changedLately(directory(id))));
                }
            } catch (IOException e) {
                throw new StateStoreException("cannot lock " + directory(id) + ": " + e.getMessage(), e);
            }
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    /**
     * How long a directory without a state file counts as being made or removed: between its
     * {@code mkdir} and its first state, and between {@code rm} deleting the state and the
     * directory, a runtime does a few file operations, each of which touches the directory.
     */
    static final long SETTLING_MILLIS = 5_000;

    private static boolean changedLately(Path dir) {
        try {
            return System.currentTimeMillis() - Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toMillis()
                    < SETTLING_MILLIS;
        } catch (IOException e) {
            return true; // gone meanwhile: it was being removed
        }
    }

    /** The ids of the container directories under the base: real directories named like an id. */
    List<String> containerIds() throws StateStoreException {
        List<String> ids = new ArrayList<>();
        if (!base.toFile().isDirectory()) {
            return ids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (AsciiText.lowerHex(id, 32) && NativeFiles.isDirectory(dir)) {
                    ids.add(id);
                }
            }
        } catch (IOException e) {
            throw new StateStoreException("cannot list " + base + ": " + e.getMessage(), e);
        }
        return ids;
    }

    private static boolean lockHeld(Path lock) throws IOException {
        if (JvmFileLocks.of(lock).isLocked()) {
            // A thread of this JVM holds it (or is about to): a lock tried here would be granted to
            // this same process, and releasing it would release that thread's.
            return true;
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            java.nio.channels.FileLock held = ch.tryLock();
            if (held == null) {
                return true;
            }
            held.release();
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true; // this JVM holds it
        }
    }

    /**
     * Deletes the state and whatever else is left in the container's directory (what a runtime
     * that died staged there), never following a symlink and never crossing into another file
     * system (a mount still there is refused, not emptied).
     */
    @Override
    public void remove(String id) throws StateStoreException {
        Path dir = directory(id);
        try {
            try (JvmFileLocks.Held lock = lock(id, false)) {
                NativeFiles.deleteIfExists(dir.resolve(STATE));
            } catch (NoSuchFileException noLock) {
                // no lock file: a directory a runtime left before its first state (unreadable())
            }
            NativeFiles.deleteIfExists(dir.resolve(LOCK));
            if (NativeFiles.isDirectory(dir)) {
                removeTree(dir);
            }
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            throw new StateStoreException("cannot remove the state of " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes {@code dir} and what is beneath it in one native call (the JDK's directory streams
     * cost every launch's teardown tenths of a millisecond, cold): what vanishes meanwhile is
     * skipped, and nothing mounted beneath is entered. A directory its owner made unreadable
     * takes {@link #deleteTree}, which opens it to its owner first.
     */
    static void removeTree(Path dir) throws IOException {
        try {
            NativeTree.removeTree(dir.toString());
        } catch (NativeShimException e) {
            switch (e.errno()) {
                case 13 -> deleteTree(dir, Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS));
                case 18 -> throw new IOException(dir + " holds a mount point: not removing what is mounted there");
                default -> throw new IOException("removing " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Deletes {@code dir} and what is beneath it. Whatever vanishes meanwhile (its runtime cleaning
     * up at the same time) is skipped alone: a child gone between the listing and its removal
     * must not end the walk, or its siblings and the directory would stay behind.
     */
    static void deleteTree(Path dir, Object device) throws IOException {
        try {
            if (NativeFiles.isDirectory(dir)) {
                if (!device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                    throw new IOException(dir + " is a mount point: not removing what is mounted there");
                }
                try (DirectoryStream<Path> children = openToRemove(dir)) {
                    for (Path child : children) {
                        deleteTree(child, device);
                    }
                }
            }
            Files.deleteIfExists(dir);
        } catch (NoSuchFileException gone) {
            // removed meanwhile: nothing left here
        }
    }

    /**
     * Lists a directory about to be removed. One its owner made unreadable (overlayfs leaves its
     * work directory 0000, owned by whoever mounted it) is opened to its owner first: root reads it
     * anyway, an unprivileged caller that owns it may.
     */
    private static DirectoryStream<Path> openToRemove(Path dir) throws IOException {
        try {
            return Files.newDirectoryStream(dir);
        } catch (java.nio.file.AccessDeniedException e) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            return Files.newDirectoryStream(dir);
        }
    }

    private Optional<ContainerState> read(String id) throws IOException {
        Optional<String> text = readText(id);
        return text.isEmpty() ? Optional.empty() : Optional.of(parse(id, text.get()));
    }

    ContainerState parse(String id, String text) throws IOException {
        try {
            return StateJson.read(text);
        } catch (RuntimeException e) {
            throw new IOException(directory(id).resolve(STATE) + " is not a valid state file: " + e.getMessage(), e);
        }
    }

    /** The state file's text (at most 1 MiB), or empty when there is none. */
    Optional<String> readText(String id) throws IOException {
        Path dir = directory(id);
        byte[] raw;
        try {
            if (NativeFiles.lstat(dir).symlink()) {
                throw new IOException(dir + " is a symlink: not reading a state through it");
            }
            raw = NativeFiles.readNoFollow(dir.resolve(STATE)); // a regular file, no link followed
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (raw.length > 1 << 20) {
            throw new IOException(dir.resolve(STATE) + " is larger than a state can be");
        }
        return Optional.of(new String(raw, StandardCharsets.UTF_8));
    }

    private void write(String id, ContainerState state) throws IOException {
        Path dir = directory(id);
        // Unique under the container's lock without randomness (a SecureRandom costs tens of ms at startup).
        Path tmp = dir.resolve(STATE + ".tmp-" + SelfPid.uniqueSuffix());
        // temp + replace: a reader sees the old state or the new one, never a torn file. The fsync
        // before the rename (DESIGN.md) keeps that true across a host crash for the states meant
        // to outlive their runtime (-d, --keep). An ephemeral container's state is a live view of
        // a process the crash ends too, removed when the process ends; after a crash on a /run
        // that is not a tmpfs (as on this project's test VM, where each fsync costs about 0.4 ms,
        // four per start) it is stale whatever it holds, and ps and rm name a torn one and
        // remove it with --force. Not a rename over the old file: ext4 starts writeback for that
        // (auto_da_alloc), about 0.3 ms a write where /run is ext4 (NativeFiles.replace). In one
        // native call: through the JDK's FileChannel, a cold launch paid some tenths of a
        // millisecond a write.
        NativeFiles.writeReplacing(tmp, dir.resolve(STATE), StateJson.write(state).getBytes(StandardCharsets.UTF_8),
                syncedBeforeRename(state));
    }

    /** Whether a state is fsynced before its rename: one meant to outlive its runtime (see {@link #write}). */
    static boolean syncedBeforeRename(ContainerState state) {
        return !state.facts().ephemeral();
    }

    /**
     * The container's exclusive lock (its directory made 0700 when missing). Only {@code create}
     * makes the directory and the lock file; every other
     * operation finds them or fails with NoSuchFileException, so that a runtime recording its
     * container's end never recreates the directory of a container `rm` is removing meanwhile.
     */
    private JvmFileLocks.Held lock(String id, boolean create) throws IOException {
        Path dir = directory(id);
        if (create) {
            if (!base.toFile().isDirectory()) { // asked first: a create that finds it there throws
                Files.createDirectories(base);
            }
            try {
                NativeFiles.mkdir(dir, 0700);
            } catch (FileAlreadyExistsException e) {
                if (!NativeFiles.isDirectory(dir)) {
                    throw new IOException(dir + " is not a directory");
                }
            }
        } else if (!NativeFiles.isDirectory(dir)) {
            if (NativeFiles.exists(dir)) {
                throw new IOException(dir + " is not a directory"); // a symlink is never followed
            }
            throw new java.nio.file.NoSuchFileException(dir.toString());
        }
        // Natively (LockedFile): the JDK's FileChannel lock costs a cold launch some tenths of a
        // millisecond each of the half dozen times it takes one; the kernel's lock is the same.
        return JvmFileLocks.hold(dir.resolve(LOCK), create);
    }
}
