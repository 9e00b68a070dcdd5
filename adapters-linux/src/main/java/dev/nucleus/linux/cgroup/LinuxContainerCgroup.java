package dev.nucleus.linux.cgroup;

import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.linux.jni.NativeFiles;
import dev.nucleus.linux.probe.ProcCgroup;
import dev.nucleus.linux.sys.SmallFiles;
import dev.nucleus.ports.CgroupException;
import dev.nucleus.ports.out.ContainerCgroup;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A container's cgroup: one directory per hierarchy it was created in. */
public final class LinuxContainerCgroup implements ContainerCgroup {
    static final long CLOSE_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final long FREEZE_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * The container's directory in one hierarchy.
     *
     * @param label   {@code cgroup2} or the v1 controllers ({@code memory}, {@code cpu,cpuacct})
     * @param freezer a v1 hierarchy with the freezer controller
     * @param path    the directory relative to its hierarchy's root
     */
    public record Member(String label, boolean unified, boolean freezer, Path dir, String path) {
    }

    private final List<Member> members;
    private final String path;
    private final ControlFiles files;
    private final LinuxCgroupDriver.Directories dirs;

    LinuxContainerCgroup(List<Member> members, String path, ControlFiles files) {
        this(members, path, files, LinuxCgroupDriver.Directories.KERNEL);
    }

    LinuxContainerCgroup(List<Member> members, String path, ControlFiles files, LinuxCgroupDriver.Directories dirs) {
        this.members = List.copyOf(members);
        this.path = path;
        this.files = files;
        this.dirs = dirs;
    }

    /** Every hierarchy's directory, by label: for the integrator (CLONE_INTO_CGROUP, stats). */
    public Map<String, Path> directoryPaths() {
        Map<String, Path> dirs = new LinkedHashMap<>();
        members.forEach(m -> dirs.put(m.label(), m.dir()));
        return dirs;
    }

    @Override
    public Map<String, String> directories() {
        Map<String, String> dirs = new LinkedHashMap<>();
        members.forEach(m -> dirs.put(m.label(), m.dir().toString()));
        return dirs;
    }

    @Override
    public ResourceStats stats() {
        return CgroupStats.read(present(), files);
    }

    @Override
    public Optional<Long> oomKills() {
        // Every member, not only those still there: a directory gone reads as no count, and a
        // launch's teardown asks this with all of them there (one lstat each saved).
        return CgroupStats.oomKills(members, files);
    }

    /** The members whose directory is still there. */
    private List<Member> present() {
        return Lists.filter(members, m -> NativeFiles.isDirectory(m.dir()));
    }

    private Optional<Member> unified() {
        return Lists.first(members, Member::unified);
    }

    /** The cgroup2 directory, if the container has one (the target of {@code CLONE_INTO_CGROUP}). */
    public Optional<Path> unifiedDirectory() {
        return unified().map(Member::dir);
    }

    public List<Member> members() {
        return members;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public void join(long pid) throws CgroupException {
        if (pid <= 0) {
            throw new IllegalArgumentException("not a pid: " + pid);
        }
        for (Member m : members) {
            files.write(m.dir(), "cgroup.procs", Long.toString(pid));
        }
    }

    /** The v1 hierarchies' {@code tasks} files: the container process joins those itself. */
    @Override
    public List<String> selfJoinFiles() {
        List<String> tasks = new ArrayList<>(members.size());
        for (Member m : members) {
            if (!m.unified()) {
                tasks.add(m.dir().resolve("tasks").toString());
            }
        }
        return List.copyOf(tasks);
    }

    /** cgroup2, unless the clone put the process there already (as its /proc/PID/cgroup says). */
    @Override
    public void joinRemaining(long pid) throws CgroupException {
        if (pid <= 0) {
            throw new IllegalArgumentException("not a pid: " + pid);
        }
        Optional<Member> unified = unified();
        if (unified.isPresent() && !unifiedPathOf(pid).equals(Optional.of(unified.get().path()))) {
            files.write(unified.get().dir(), "cgroup.procs", Long.toString(pid));
        }
    }

    /** The process's cgroup2 path, from its /proc/PID/cgroup; empty when it cannot be read. */
    private static Optional<String> unifiedPathOf(long pid) {
        try {
            return ProcCgroup.unifiedPath(SmallFiles.read("/proc/" + pid + "/cgroup"));
        } catch (IOException unreadable) {
            return Optional.empty(); // written, as if it were elsewhere
        }
    }

    /**
     * Freezes the container's processes ({@code frozen}) or thaws them: {@code image commit
     * --freeze} copies a layer nobody writes meanwhile. A freeze that has not taken hold within
     * the budget is undone and reported.
     */
    public synchronized void setFrozen(boolean frozen) throws CgroupException {
        List<Member> present = present();
        List<String> problems = new ArrayList<>();
        freeze(present, frozen, problems);
        if (problems.isEmpty() && frozen && !frozen(present)) {
            problems.add("not frozen after " + TimeUnit.NANOSECONDS.toMillis(FREEZE_BUDGET_NANOS) + " ms");
        }
        if (!problems.isEmpty()) {
            if (frozen) {
                freeze(present, false, new ArrayList<>());
            }
            throw new CgroupException((frozen ? "freezing" : "thawing") + " cgroup " + path + ": "
                    + String.join("; ", problems));
        }
    }

    private boolean frozen(List<Member> present) throws CgroupException {
        boolean v2 = Lists.anyMatch(present, m -> m.unified() && files.exists(m.dir(), "cgroup.freeze"));
        for (Member m : present) {
            if (v2 && m.unified()) {
                return files.read(m.dir(), "cgroup.events").contains("frozen 1");
            }
            if (!v2 && m.freezer() && files.exists(m.dir(), "freezer.state")) {
                return files.read(m.dir(), "freezer.state").strip().equals("FROZEN");
            }
        }
        return false; // no freezer at all
    }

    @Override
    public synchronized void close() throws CgroupException {
        // The usual end: the workload's pid namespace died with its init, so nobody is left and
        // the directories go at once (one already gone is skipped). The kernel refuses to remove a
        // cgroup that still has a process (EBUSY), so no listing is needed first: a refusal takes
        // the freeze-and-kill path below, which lists and kills what is left.
        if (removeDirectories(members, new ArrayList<>())) {
            return;
        }
        List<Member> present = present();
        long deadline = System.nanoTime() + CLOSE_BUDGET_NANOS;
        List<String> problems = new ArrayList<>();
        freeze(present, true, problems);
        for (Member m : present) {
            if (m.unified() && files.exists(m.dir(), "cgroup.kill")) {
                best(problems, () -> files.write(m.dir(), "cgroup.kill", "1"));
            }
        }
        killListed(present, problems);
        freeze(present, false, problems);
        while (!empty(present)) {
            if (System.nanoTime() - deadline > 0) {
                problems.add("processes still in the cgroup after " + TimeUnit.NANOSECONDS.toMillis(CLOSE_BUDGET_NANOS)
                        + " ms: " + listed(present));
                break;
            }
            killListed(present, problems);
            LockSupport.parkNanos(POLL_NANOS);
        }
        removeDirectories(present, problems);
        if (!problems.isEmpty()) {
            throw new CgroupException("removing cgroup " + path + ": " + String.join("; ", problems));
        }
    }

    /** Removes every member's directories, children first; true when all are gone. */
    private boolean removeDirectories(List<Member> present, List<String> problems) {
        int before = problems.size();
        for (Member m : present) {
            for (Path dir : postOrder(m.dir())) {
                try {
                    dirs.rmdir(dir);
                } catch (NoSuchFileException gone) {
                    // removed meanwhile: that is the goal
                } catch (IOException e) {
                    problems.add(ControlFiles.failure("rmdir " + dir, e).getMessage());
                }
            }
        }
        return problems.size() == before;
    }

    /**
     * Freezes (or thaws) with one freezer: cgroup2's cgroup.freeze when there, else the v1 freezer.
     * One is enough, as every member is in every hierarchy; and using both would stall, since a
     * task the v1 freezer holds never reports frozen to cgroup2.
     */
    private void freeze(List<Member> present, boolean frozen, List<String> problems) {
        long until = System.nanoTime() + FREEZE_BUDGET_NANOS;
        boolean v2 = Lists.anyMatch(present, m -> m.unified() && files.exists(m.dir(), "cgroup.freeze"));
        for (Member m : present) {
            if (v2 && m.unified()) {
                best(problems, () -> files.write(m.dir(), "cgroup.freeze", frozen ? "1" : "0"));
                if (frozen) {
                    waitFor(until, () -> files.read(m.dir(), "cgroup.events").contains("frozen 1"));
                }
            } else if (!v2 && m.freezer() && files.exists(m.dir(), "freezer.state")) {
                best(problems, () -> files.write(m.dir(), "freezer.state", frozen ? "FROZEN" : "THAWED"));
                if (frozen) {
                    waitFor(until, () -> files.read(m.dir(), "freezer.state").strip().equals("FROZEN"));
                }
            }
        }
    }

    /** SIGKILL to every process listed in any of the container's cgroups (and their descendants). */
    private void killListed(List<Member> present, List<String> problems) {
        long self = ProcessHandle.current().pid();
        for (long pid : listed(present)) {
            if (pid == self) {
                problems.add("the runtime itself (pid " + pid + ") is in the container's cgroup; not killing it");
                continue;
            }
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Set<Long> listed(List<Member> present) {
        Set<Long> pids = new LinkedHashSet<>();
        for (Member m : present) {
            for (Path dir : postOrder(m.dir())) {
                try {
                    for (String line : files.read(dir, "cgroup.procs").split("\n")) {
                        if (!line.isBlank()) {
                            pids.add(Long.parseLong(line.strip()));
                        }
                    }
                } catch (CgroupException | NumberFormatException gone) {
                    // a cgroup removed meanwhile lists nobody
                }
            }
        }
        return pids;
    }

    private boolean empty(List<Member> present) {
        for (Member m : present) {
            if (m.unified() && files.exists(m.dir(), "cgroup.events")) {
                try {
                    if (files.read(m.dir(), "cgroup.events").contains("populated 1")) {
                        return false;
                    }
                } catch (CgroupException gone) {
                    // removed meanwhile
                }
            }
        }
        return listed(present).isEmpty();
    }

    /** The directory and the cgroups the workload made below it, deepest first; symlinks never followed. */
    private static List<Path> postOrder(Path dir) {
        List<Path> out = new ArrayList<>();
        NativeFiles.Lstat st;
        try {
            st = NativeFiles.lstat(dir);
        } catch (NoSuchFileException gone) {
            return out; // nothing to remove
        } catch (IOException | RuntimeException unknown) {
            st = null;
        }
        // cgroupfs (kernfs), like ext4 and tmpfs, gives a directory 2 links plus one per
        // subdirectory: with 2 there is nothing to walk, which spares an lstat of every control
        // file (some 30 per v1 hierarchy) at each teardown. Any other count (btrfs says 1): walk.
        if (st != null && st.links() == 2) {
            out.add(dir);
            return out;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir,
                p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
            for (Path child : children) {
                out.addAll(postOrder(child));
            }
        } catch (IOException gone) {
            // not there (any more): nothing below it
        }
        out.add(dir);
        return out;
    }

    private interface Step {
        void run() throws CgroupException;
    }

    private interface Check {
        boolean holds() throws CgroupException;
    }

    private static void best(List<String> problems, Step step) {
        try {
            step.run();
        } catch (CgroupException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                problems.add(e.getMessage());
            }
        }
    }

    private static void waitFor(long until, Check check) {
        try {
            while (!check.holds() && System.nanoTime() - until < 0) {
                LockSupport.parkNanos(POLL_NANOS);
            }
        } catch (CgroupException gone) {
            // nothing left to wait for
        }
    }
}
