package dev.nucleus.linux.cgroup;

import dev.nucleus.domain.spec.Resources;
import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.linux.jni.NativeFiles;
import dev.nucleus.linux.sys.SmallFiles;
import dev.nucleus.ports.CgroupException;
import dev.nucleus.ports.out.CgroupDriver;
import dev.nucleus.ports.out.ContainerCgroup;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link CgroupDriver} on the kernel's cgroup file systems: cgroup v2, v1, or both (hybrid).
 *
 * <p>The container's cgroup is {@code <own>/nucleus/<id>} in the cgroup2 hierarchy and in each v1
 * hierarchy whose controller it uses ({@link #v1ControllersFor}) that this process is in and may
 * write to ({@code <own>} is this process's own cgroup there, so nothing outside our own subtree
 * is touched). With {@code NUCLEUS_CGROUP_ROOT} (absolute, inside /sys/fs/cgroup,
 * no symlink, a cgroup2 directory with cgroup.controllers, cgroup.subtree_control and
 * cgroup.procs) the cgroup2 one is {@code <root>/nucleus-<id>} instead, as in the reference, and
 * that root's {@code cgroup.subtree_control} is never written: the operator delegates it.
 *
 * <p>Each limit goes to the hierarchy that carries its controller: cgroup2 when the controller
 * is enabled for the container there, else the v1 hierarchy of that controller. A limit whose
 * controller neither offers fails with {@link CgroupException#controller()} set.
 */
public final class LinuxCgroupDriver implements CgroupDriver {
    public static final String ROOT_ENV = "NUCLEUS_CGROUP_ROOT";
    static final Path CGROUP_MOUNT = Path.of("/sys/fs/cgroup");
    static final String PARENT = "nucleus";

    private final Optional<String> rootOverride;
    private final ControlFiles files;
    private final ProcText mountinfo;
    private final ProcText membership;
    private final Directories dirs;

    /** Reads a /proc text; a seam so tests can hide a hierarchy from the driver. */
    @FunctionalInterface
    interface ProcText {
        String read() throws CgroupException;
    }

    /**
     * mkdir(2) and rmdir(2) of a cgroup directory. On cgroupfs the kernel fills a new directory
     * with its interface files and takes them away again on rmdir; a seam so tests can play that
     * part on a temporary directory laid out like a cgroup hierarchy.
     */
    interface Directories {
        Directories KERNEL = new Directories() {
            // Natively (Files.createDirectory and Files.delete are a cold launch's NIO): the same
            // calls, errors and exceptions.
            @Override
            public void mkdir(Path dir) throws IOException {
                NativeFiles.mkdir(dir, 0777);
            }

            @Override
            public void rmdir(Path dir) throws IOException {
                NativeFiles.rmdir(dir);
            }
        };

        /** Fails with {@link FileAlreadyExistsException} when {@code dir} is there. */
        void mkdir(Path dir) throws IOException;

        /** Fails with {@link NoSuchFileException} when {@code dir} is not there. */
        void rmdir(Path dir) throws IOException;

        /** Whether {@code dir} is there already: asking is cheaper than a mkdir that throws. */
        default boolean exists(Path dir) {
            return NativeFiles.isDirectory(dir);
        }
    }

    /**
     * Does ahead, on the calling thread, what a container's cgroup creation reads and parses before
     * it makes anything: this process's hierarchies and the file-system types of its mounts. The
     * creation then re-reads {@code /proc/self/mountinfo} and {@code /proc/self/cgroup} and uses this
     * work only where they are unchanged. Failures are left for the creation to report.
     */
    public static void resolveAhead() {
        try {
            Hierarchies.resolve(proc("/proc/self/mountinfo"), proc("/proc/self/cgroup"));
            ControlFiles.CGROUPFS.resolveMountsAhead();
        } catch (CgroupException | java.io.IOException | RuntimeException e) {
            // the creation reads them again and says what is wrong
        }
    }

    /** Reads {@code NUCLEUS_CGROUP_ROOT} from this process's environment. */
    public LinuxCgroupDriver() {
        this(System.getenv());
    }

    /** Takes the environment as given (the CLI passes its own, tests a map). */
    public LinuxCgroupDriver(Map<String, String> env) {
        this(env, () -> proc("/proc/self/mountinfo"), () -> proc("/proc/self/cgroup"));
    }

    LinuxCgroupDriver(Map<String, String> env, ProcText mountinfo, ProcText membership) {
        this(env, mountinfo, membership, ControlFiles.CGROUPFS, Directories.KERNEL);
    }

    /** Tests: a control-file guard accepting their file system, and their stand-in for the kernel's mkdir/rmdir. */
    LinuxCgroupDriver(Map<String, String> env, ProcText mountinfo, ProcText membership, ControlFiles files,
                      Directories dirs) {
        this.rootOverride = Optional.ofNullable(env.get(ROOT_ENV)).filter(s -> !s.isEmpty());
        this.files = files;
        this.mountinfo = mountinfo;
        this.membership = membership;
        this.dirs = dirs;
    }

    /**
     * The v1 controllers a container's cgroup is made for: its limits (memory, pids, blkio, and cpu
     * when a CPU limit is set), its statistics (cpuacct) and its teardown (freezer). In the other
     * hierarchies (cpuset, devices, ...) nothing is written, so membership would change nothing but
     * the launch's time; and in cpu's without a limit only this: CFS would schedule all of the
     * container's threads as one entity against every task outside it, where bare processes
     * compete one by one (under load, PostgreSQL in a cpu cgroup of its own served fewer queries than
     * bare: bench/README.md).
     */
    static Set<String> v1ControllersFor(Resources limits) {
        return limits.cpus().isPresent() || limits.cpuWeight().isPresent() ? WITH_CPU : WITHOUT_CPU;
    }

    private static final Set<String> WITHOUT_CPU = Set.of("memory", "pids", "blkio", "cpuacct", "freezer");
    private static final Set<String> WITH_CPU = Set.of("memory", "pids", "blkio", "cpuacct", "freezer", "cpu");

    /** A container cgroup's name directly under NUCLEUS_CGROUP_ROOT, a directory shared with others. */
    private static String underRoot(String containerId) {
        return "nucleus-" + containerId;
    }

    /** Where one hierarchy's container cgroup goes: {@code parent/name}. */
    record Slot(Hierarchy hierarchy, Path parent, boolean ownParent, String parentPath, String name, Path dir) {
        Slot(Hierarchy hierarchy, Path parent, boolean ownParent, String parentPath, String name) {
            this(hierarchy, parent, ownParent, parentPath, name, parent.resolve(name)); // resolved once: asked often
        }

        String path() {
            return parentPath.equals("/") ? "/" + name : parentPath + "/" + name;
        }
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,199}}: one path component, never "." or "..". */
    private static boolean usableId(String id) {
        return id != null && AsciiText.nameCharacters(id, 1, 200) && AsciiText.isLetterOrDigit(id.charAt(0));
    }

    @Override
    public ContainerCgroup create(String containerId, Resources limits) throws CgroupException {
        if (!usableId(containerId)) {
            throw new CgroupException("not a usable cgroup name for container id '" + containerId
                    + "': expected letters, digits, '_', '.' or '-' (one path component)");
        }
        String mountinfo = this.mountinfo.read();
        List<Hierarchy> hierarchies = Hierarchies.resolve(mountinfo, membership.read());
        Map<String, String> unusable = new LinkedHashMap<>();
        List<Slot> slots = new ArrayList<>();
        Set<String> used = v1ControllersFor(limits);
        for (Hierarchy h : hierarchies) {
            if (h.unified() && rootOverride.isPresent()
                    || !h.unified() && !Lists.anyMatch(h.controllers(), used::contains)) {
                continue;
            }
            // Natively and through java.io: NIO's attribute checks cost a cold start more than the calls.
            if (!NativeFiles.isDirectory(h.ownDir()) || !new java.io.File(h.ownDir().toString()).canWrite()) {
                h.controllers().forEach(c -> unusable.put(c, "this process's cgroup " + h.ownDir() + " is not writable"));
                continue;
            }
            String parent = limits.cgroupParent().path();
            slots.add(new Slot(h, h.ownDir().resolve(parent), true, h.childPath(parent), containerId));
        }
        if (rootOverride.isPresent()) {
            Path root = validatedRoot(rootOverride.get());
            String rel = Hierarchies.v2PathOf(mountinfo, root).orElseThrow(() -> new CgroupException(
                    ROOT_ENV + "=" + root + " is not on a mounted cgroup2 file system"));
            slots.add(new Slot(new Hierarchy(true, Set.of(), root, rel), root, false, rel, underRoot(containerId)));
        }
        if (slots.isEmpty()) {
            throw new CgroupException("no usable cgroup hierarchy: none mounted that this process may write to"
                    + (unusable.isEmpty() ? "" : " (" + String.join("; ", new HashSet<>(unusable.values())) + ")"));
        }

        List<Slot> created = new ArrayList<>();
        try {
            for (Slot s : slots) {
                prepareParent(s);
                try {
                    dirs.mkdir(s.dir());
                } catch (FileAlreadyExistsException e) {
                    throw new CgroupException("mkdir " + s.dir() + ": File exists (a cgroup for container '"
                            + containerId + "' already exists; remove it or use another id)", e);
                } catch (IOException e) {
                    throw ControlFiles.failure("mkdir " + s.dir(), e);
                }
                created.add(s);
                files.verifyDirectory(s.dir());
                if (s.hierarchy().controllers().contains("cpuset")) {
                    inheritCpuset(s.dir());
                }
            }
            Set<String> v2Enabled = new HashSet<>();
            Optional<Slot> v2 = Lists.first(created, s -> s.hierarchy().unified());
            if (v2.isPresent()) {
                String text = files.read(v2.get().dir(), "cgroup.controllers").strip();
                if (!text.isEmpty()) {
                    v2Enabled.addAll(AsciiText.words(text));
                }
            }
            applyLimits(limits, created, v2, v2Enabled, unusable);
            List<LinuxContainerCgroup.Member> members = new ArrayList<>(created.size());
            for (Slot s : created) {
                members.add(new LinuxContainerCgroup.Member(s.hierarchy().label(), s.hierarchy().unified(),
                        s.hierarchy().controllers().contains("freezer"), s.dir(), s.path()));
            }
            return new LinuxContainerCgroup(List.copyOf(members), primary(created, v2Enabled).path(), files, dirs);
        } catch (CgroupException | RuntimeException e) {
            for (Slot s : created.reversed()) {
                try {
                    dirs.rmdir(s.dir());
                } catch (NoSuchFileException gone) {
                    // not there: nothing to undo
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    @Override
    public Map<String, String> locate(String containerId, dev.nucleus.domain.value.CgroupParent parent)
            throws CgroupException {
        if (!usableId(containerId)) {
            throw new CgroupException("not a container id: '" + containerId + "'");
        }
        String mountinfo = this.mountinfo.read();
        Map<String, String> found = new LinkedHashMap<>();
        for (Hierarchy h : Hierarchies.resolve(mountinfo, membership.read())) {
            Path dir = h.ownDir().resolve(parent.path()).resolve(containerId);
            if (dirs.exists(dir)) {
                found.put(h.label(), dir.toString());
            }
        }
        if (rootOverride.isPresent()) {
            Path dir = validatedRoot(rootOverride.get()).resolve(underRoot(containerId));
            if (dirs.exists(dir)) {
                found.put("cgroup2", dir.toString());
            }
        }
        return found;
    }

    @Override
    public LinuxContainerCgroup reopen(String containerId, Map<String, String> directories) throws CgroupException {
        if (!usableId(containerId)) {
            throw new CgroupException("not a container id: '" + containerId + "'");
        }
        List<LinuxContainerCgroup.Member> members = new ArrayList<>();
        String path = "";
        for (Map.Entry<String, String> e : directories.entrySet()) {
            Path dir = Path.of(e.getValue()).normalize();
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            boolean ours = name.equals(containerId) || name.equals(underRoot(containerId));
            if (!dir.isAbsolute() || !dir.startsWith(CGROUP_MOUNT) || !ours || !dir.toString().equals(e.getValue())) {
                throw new CgroupException("recorded cgroup directory " + e.getValue() + " is not a cgroup of container "
                        + containerId);
            }
            files.verifyDirectoryIfPresent(dir); // one stat: a teardown may be removing it right now
            boolean unified = e.getKey().equals("cgroup2");
            members.add(new LinuxContainerCgroup.Member(e.getKey(), unified, !unified
                    && List.of(e.getKey().split(",")).contains("freezer"), dir, dir.toString()));
            path = dir.toString();
        }
        return new LinuxContainerCgroup(members, path, files, dirs);
    }

    /** The path reported for events and state: cgroup2 when it carries controllers, else memory's, pids', the first. */
    private static Slot primary(List<Slot> slots, Set<String> v2Enabled) {
        for (Slot s : slots) {
            if (s.hierarchy().unified() && (!v2Enabled.isEmpty() || slots.size() == 1)) {
                return s;
            }
        }
        for (String c : List.of("memory", "pids", "cpu")) {
            for (Slot s : slots) {
                if (s.hierarchy().controllers().contains(c)) {
                    return s;
                }
            }
        }
        return slots.getFirst();
    }

    private void applyLimits(Resources limits, List<Slot> slots, Optional<Slot> v2, Set<String> v2Enabled,
                             Map<String, String> unusable) throws CgroupException {
        Map<String, Path> v1Dirs = new LinkedHashMap<>();
        for (Slot s : slots) {
            if (!s.hierarchy().unified()) {
                s.hierarchy().controllers().forEach(c -> v1Dirs.put(c, s.dir()));
            }
        }
        for (LimitPlan.Placed p : LimitPlan.place(limits, v2.map(Slot::dir), v2Enabled, v1Dirs, unusable)) {
            if (p.write().need() == LimitPlan.Need.IF_FILE && !files.exists(p.dir(), p.write().file())) {
                continue;
            }
            try {
                files.write(p.dir(), p.write().file(), p.write().value());
            } catch (CgroupException e) {
                throw new CgroupException(p.write().limit() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Our own shared parent ({@code <own>/nucleus}) is made when missing and then must be a real
     * cgroup directory; on cgroup2, the limit controllers it has are enabled for its children.
     * An operator-given root is only checked, never changed.
     */
    /**
     * Makes the parent (nucleus/, or each level of --cgroup-parent) beneath our own cgroup: each new
     * level gets cpuset's cpus and mems (v1) and its parent enables the controllers for it (v2).
     */
    private void prepareParent(Slot s) throws CgroupException {
        if (!s.ownParent()) {
            files.verifyDirectory(s.parent());
            return;
        }
        Path own = s.hierarchy().ownDir();
        Path level = own;
        for (Path component : own.relativize(s.parent())) {
            enableControllersBelow(s, level);
            level = level.resolve(component);
            // Shared by every container, there after the first: one stat finds it and checks it.
            if (!files.verifyDirectoryIfPresent(level)) {
                try {
                    dirs.mkdir(level);
                } catch (FileAlreadyExistsException exists) {
                    // made meanwhile by another launch: checked below
                } catch (IOException e) {
                    throw ControlFiles.failure("mkdir " + level, e);
                }
                files.verifyDirectory(level);
            }
            if (s.hierarchy().controllers().contains("cpuset")) {
                inheritCpuset(level);
            }
        }
        enableControllersBelow(s, s.parent());
    }

    /** cgroup2: a controller is usable in a child only when the parent enables it in subtree_control. */
    private void enableControllersBelow(Slot s, Path dir) throws CgroupException {
        if (!s.hierarchy().unified() || dir.equals(s.hierarchy().ownDir())) {
            return; // our own cgroup's subtree_control is its manager's business
        }
        Set<String> available = Set.copyOf(AsciiText.words(files.read(dir, "cgroup.controllers")));
        if (available.isEmpty()) {
            return; // a cgroup2 tree without controllers (a hybrid host's): nothing to enable
        }
        Set<String> enabled = Set.copyOf(AsciiText.words(files.read(dir, "cgroup.subtree_control")));
        for (String c : LimitPlan.V2_CONTROLLERS) {
            if (available.contains(c) && !enabled.contains(c)) {
                try {
                    files.write(dir, "cgroup.subtree_control", "+" + c);
                } catch (CgroupException notEnabled) {
                    // the controller stays unavailable; a limit needing it says so by name
                }
            }
        }
    }

    /** v1 cpuset starts empty in a new cgroup (no task could join): copy cpus and mems from the parent. */
    private void inheritCpuset(Path dir) throws CgroupException {
        for (String f : List.of("cpuset.cpus", "cpuset.mems")) {
            if (files.exists(dir, f) && files.read(dir, f).isBlank()) {
                files.write(dir, f, files.read(dir.getParent(), f).strip());
            }
        }
    }

    /** The reference's checks on NUCLEUS_CGROUP_ROOT. */
    Path validatedRoot(String value) throws CgroupException {
        String bad = ROOT_ENV + "=" + value + " ";
        Path root = Path.of(value);
        if (!root.isAbsolute()) {
            throw new CgroupException(bad + "is not an absolute path");
        }
        if (!root.normalize().equals(root) || !root.startsWith(CGROUP_MOUNT)) {
            throw new CgroupException(bad + "is not a normalized path inside " + CGROUP_MOUNT);
        }
        try {
            if (Files.isSymbolicLink(root) || !root.toRealPath().equals(root)) {
                throw new CgroupException(bad + "is or goes through a symlink");
            }
            String type = Files.getFileStore(root).type();
            if (!type.equals("cgroup2")) {
                throw new CgroupException(bad + "is on a " + type + " file system, not cgroup2");
            }
        } catch (IOException e) {
            throw ControlFiles.failure("stat " + root, e);
        }
        files.verifyDirectory(root);
        for (String f : List.of("cgroup.controllers", "cgroup.subtree_control", "cgroup.procs")) {
            if (!files.exists(root, f)) {
                throw new CgroupException(bad + "has no " + f + ": not a cgroup2 directory");
            }
        }
        return root;
    }

    private static String proc(String file) throws CgroupException {
        try {
            return SmallFiles.read(file);
        } catch (IOException e) {
            throw ControlFiles.failure("read " + file, e);
        }
    }
}
