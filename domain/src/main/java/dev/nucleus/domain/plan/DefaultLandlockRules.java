package dev.nucleus.domain.plan;

import static dev.nucleus.domain.plan.LandlockAccess.EXECUTE;
import static dev.nucleus.domain.plan.LandlockAccess.IOCTL_DEV;
import static dev.nucleus.domain.plan.LandlockAccess.READ;
import static dev.nucleus.domain.plan.LandlockAccess.READ_DIR;
import static dev.nucleus.domain.plan.LandlockAccess.READ_FILE;
import static dev.nucleus.domain.plan.LandlockAccess.READ_WRITE;
import static dev.nucleus.domain.plan.LandlockAccess.TRUNCATE;
import static dev.nucleus.domain.plan.LandlockAccess.WRITE_FILE;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.Workspace;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.domain.value.TmpfsMount;
import dev.nucleus.domain.value.VolumeMount;

import java.util.ArrayList;
import java.util.List;

/**
 * The default Landlock rules (paths inside the container, after pivot_root): read and execute
 * the system directories, read configuration and pseudo-filesystems, write without execute in
 * /tmp, /dev/shm, the home and writable volumes and tmpfs mounts, the workspace per its mode. Every right is masked to what the
 * kernel's ABI handles.
 */
final class DefaultLandlockRules {
    private static final long READ_FILE_ONLY = READ_FILE;

    private DefaultLandlockRules() {
    }

    static Step.Landlock of(ContainerSpec spec, int abi) {
        return of(spec, abi, List.of(), 0);
    }

    /**
     * The default rules, plus {@code treeAccess} on {@code rootfsTrees}, a prebuilt rootfs's own
     * top-level directories. Read and execute, beyond the reference (whose fixed list left a
     * rootfs's /opt or /app unreadable): the rootfs is the operator's chosen code, mounted
     * read-only. With an overlay, writes too: a writable root is what it was asked for. The root
     * itself and what Nucleus mounts (/proc, /sys, /dev, /context, secrets) keep their rules, so
     * no new top-level entry can be made and no pseudo-filesystem is written.
     */
    static Step.Landlock of(ContainerSpec spec, int abi, List<String> rootfsTrees, long treeAccess) {
        long handled = LandlockAccess.handledBy(abi);
        List<LandlockRule> rules = new ArrayList<>();
        add(rules, handled, "/", READ_DIR);
        for (String p : List.of("/bin", "/sbin", "/usr", "/nix/store")) {
            add(rules, handled, p, READ | EXECUTE);
        }
        for (String p : List.of("/lib", "/lib32", "/lib64", "/etc", "/sys", "/run/secrets", "/context")) {
            add(rules, handled, p, READ);
        }
        // --proc-rw: the files the kernel lets this process write (its comm, oom_score_adj; a shell's > truncates), never new ones
        add(rules, handled, "/proc", spec.enforcement().procReadOnly() ? READ : READ | WRITE_FILE | TRUNCATE);
        // Device nodes: read and write (/dev/null, /dev/tty), terminal ioctls; never create them.
        add(rules, handled, "/dev", READ | WRITE_FILE | IOCTL_DEV);
        for (String p : List.of("/tmp", "/dev/shm")) {
            add(rules, handled, p, READ_WRITE);
        }
        add(rules, handled, spec.request().filesystem().home().path(), READ_WRITE);
        spec.request().filesystem().secrets().forEach(s -> add(rules, handled, s.destination().path(), READ_FILE_ONLY));
        spec.request().filesystem().credentials().forEach(c ->
                add(rules, handled, c.destination().path(), READ_FILE_ONLY));
        spec.request().filesystem().workspace().ifPresent(w -> add(rules, handled, "/workspace", workspace(w)));
        // Writable volumes read and write, never execute (the mount alone would let a file written
        // there run), as the reference. Read-only ones read and execute, beyond it (a toolchain
        // bound read-only runs): nothing the container writes can land there.
        spec.request().filesystem().volumes().forEach(v ->
                add(rules, handled, v.destination().path(), v.readOnly() ? READ | EXECUTE : READ_WRITE));
        spec.request().filesystem().tmpfs().forEach(t ->
                add(rules, handled, t.destination().path(), t.readOnly() ? READ : READ_WRITE));
        List<String> writable = writableDestinations(spec);
        for (String tree : rootfsTrees) {
            // Landlock adds a directory's rights to everything beneath it, mounts included: a tree
            // that holds a writable mount (--tmpfs /scratch over the rootfs's /scratch, a volume in
            // /opt) would make it executable, so such a tree is read-only for Landlock's purposes.
            boolean holdsWritable = Lists.anyMatch(writable, w -> w.equals(tree) || w.startsWith(tree + "/"));
            add(rules, handled, tree, holdsWritable ? treeAccess & ~EXECUTE : treeAccess);
        }
        return new Step.Landlock(abi, handled, rules);
    }

    /** Where the container writes beside /tmp and /dev/shm: its home, workspace, volumes and tmpfs mounts. */
    private static List<String> writableDestinations(ContainerSpec spec) {
        List<String> out = new ArrayList<>();
        out.add(spec.request().filesystem().home().path());
        spec.request().filesystem().workspace().filter(Workspace::writable).ifPresent(w -> out.add("/workspace"));
        for (VolumeMount v : spec.request().filesystem().volumes()) {
            if (!v.readOnly()) {
                out.add(v.destination().path());
            }
        }
        for (TmpfsMount t : spec.request().filesystem().tmpfs()) {
            if (!t.readOnly()) {
                out.add(t.destination().path());
            }
        }
        return out;
    }

    private static long workspace(Workspace w) {
        long base = w.writable() ? READ_WRITE : READ;
        return w.exec() ? base | EXECUTE : base;
    }

    private static void add(List<LandlockRule> rules, long handled, String path, long access) {
        long granted = access & handled;
        if (granted != 0) {
            rules.add(new LandlockRule(path, granted, true));
        }
    }
}
