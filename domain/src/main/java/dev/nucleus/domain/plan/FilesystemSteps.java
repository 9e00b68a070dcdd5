package dev.nucleus.domain.plan;

import static dev.nucleus.domain.plan.MountFlags.BIND;
import static dev.nucleus.domain.plan.MountFlags.NODEV;
import static dev.nucleus.domain.plan.MountFlags.NOEXEC;
import static dev.nucleus.domain.plan.MountFlags.NOSUID;
import static dev.nucleus.domain.plan.MountFlags.RDONLY;
import static dev.nucleus.domain.plan.MountFlags.REC;
import static dev.nucleus.domain.plan.MountFlags.REMOUNT;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.Filesystem;
import dev.nucleus.domain.spec.RootfsSource;
import dev.nucleus.domain.spec.Secret;
import dev.nucleus.domain.spec.Workspace;
import dev.nucleus.domain.value.NixStorePath;
import dev.nucleus.domain.value.TmpfsMount;
import dev.nucleus.domain.value.VolumeMount;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount table, built under the root directory before {@code pivot_root}: a tmpfs root, the
 * system directories read-only, /etc, /tmp, a working /dev, /proc with its masks, /sys read-only,
 * the private home, the workspace and volumes. With an overlay rootfs the root is the rootfs
 * itself, writable through the container's own layer, and everything else is mounted on it.
 */
final class FilesystemSteps {
    /** Host device nodes bound into /dev (binds, not mknod: they work in a user namespace and on a tmpfs). */
    static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");
    static final List<String> MASKED = List.of("/proc/kcore", "/proc/kallsyms", "/proc/keys", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/proc/sysrq-trigger", "/proc/latency_stats",
            "/proc/kpagecount", "/proc/kpageflags", "/proc/kpagecgroup", "/proc/config.gz", "/proc/acpi",
            "/proc/scsi", "/proc/asound", "/sys/firmware");
    static final List<String> READ_ONLY = List.of("/proc/sys", "/proc/bus", "/proc/fs", "/proc/irq");
    static final long RO_BIND_REMOUNT = BIND | REMOUNT | RDONLY | NOSUID | NODEV;

    private final ContainerSpec spec;
    private final PlanInputs in;
    private final String root;
    private final List<Step> steps = new ArrayList<>();

    private FilesystemSteps(ContainerSpec spec, PlanInputs in) {
        this.spec = spec;
        this.in = in;
        this.root = in.rootDir();
    }

    static List<Step> of(ContainerSpec spec, PlanInputs in, boolean ownNetworkNamespace) {
        FilesystemSteps f = new FilesystemSteps(spec, in);
        f.steps.add(new Step.MakePrivate());
        if (in.overlay().isPresent()) {
            // The rootfs's own tree, writable through the container's layer: nothing to bind.
            PlanInputs.RootfsOverlay overlay = in.overlay().get();
            if (overlay.idmapped()) {
                // The lower layers: overlayfs takes the mounts found there, then covers the root's.
                f.steps.add(new Step.AttachRootfs(f.root));
                overlay.image().ifPresent(layer -> f.steps.add(new Step.AttachLayer(layer)));
            }
            f.steps.add(new Step.Mount("overlay", f.root, "overlay", NOSUID | NODEV, overlay.options(f.root)));
        } else {
            f.steps.add(new Step.Mount("tmpfs", f.root, "tmpfs", NOSUID | NODEV, "mode=0755,size=64m"));
            f.systemDirectories();
        }
        f.closure();
        f.etc();
        f.tmpfs(MountTargets.TMP, NOSUID | NODEV | NOEXEC, "mode=1777,size=256m");
        f.dev();
        f.proc();
        f.sys(ownNetworkNamespace);
        f.home();
        f.in.providerBinds().forEach(f::providerConfig);
        f.in.contextSource().ifPresent(f::context);
        f.secrets();
        spec.request().filesystem().workspace().ifPresent(f::workspace);
        List<VolumeMount> volumes = spec.request().filesystem().volumes();
        for (int i = 0; i < volumes.size(); i++) {
            f.volume(volumes.get(i), f.in.volumeSources().get(i));
        }
        spec.request().filesystem().tmpfs().forEach(f::tmpfsVolume);
        // Everything is in place: the root itself becomes read-only (Landlock also denies writes
        // there, but the mount must hold on its own when degraded security runs without Landlock).
        // An overlay root stays writable: that is what it was asked for.
        if (in.overlay().isEmpty()) {
            f.steps.add(new Step.Mount("", f.root, "", REMOUNT | RDONLY | NOSUID | NODEV, "mode=0755,size=64m"));
        }
        return List.copyOf(f.steps);
    }

    private void systemDirectories() {
        for (PlanInputs.TopLevelEntry e : in.systemEntries()) {
            String target = at("/" + e.name());
            if (e.symlinkTarget().isPresent()) {
                steps.add(new Step.Symlink(e.symlinkTarget().get(), target));
            } else if (e.file()) {
                steps.add(new Step.MkFile(target, 0444));
                steps.add(new Step.Mount(e.hostPath(), target, "", BIND, ""));
                steps.add(new Step.Mount("", target, "", RO_BIND_REMOUNT, ""));
            } else {
                readOnlyBind(e.hostPath(), target, true);
            }
        }
    }

    /** The rootfs's Nix closure at its own paths: what the rootfs's symlinks into /nix/store lead to. */
    private void closure() {
        if (!in.closure().isEmpty()) {
            mkdirs(at(NixStorePath.STORE), 0755);
        }
        for (PlanInputs.StoreObject o : in.closure()) {
            String target = at(o.path());
            switch (o.kind()) {
                case DIRECTORY, FILE -> {
                    steps.add(o.kind() == PlanInputs.StoreObject.Kind.DIRECTORY
                            ? new Step.Mkdir(target, 0755) : new Step.MkFile(target, 0444));
                    steps.add(new Step.Mount(o.path(), target, "", BIND, ""));
                    steps.add(new Step.Mount("", target, "", RO_BIND_REMOUNT, ""));
                }
                case SYMLINK -> steps.add(new Step.Symlink(o.symlinkTarget().orElseThrow(), target));
            }
        }
    }

    private void etc() {
        boolean rootfsHasEtc = false;
        for (PlanInputs.TopLevelEntry e : in.systemEntries()) { // loops on the plan's path: built cold at every start
            rootfsHasEtc |= e.name().equals("etc") && !e.file();
        }
        if (rootfsHasEtc && spec.request().filesystem().rootfs().kind() != RootfsSource.Kind.HOST_BINDS) {
            // The rootfs's own /etc stays; generated hosts and resolv.conf are bound over its files.
            for (PlanInputs.EtcBind b : in.etcBinds()) {
                steps.add(new Step.Mount(b.source(), at(b.target()), "", BIND, ""));
                steps.add(new Step.Mount("", at(b.target()), "", RO_BIND_REMOUNT, ""));
            }
            return;
        }
        steps.add(new Step.Mkdir(at("/etc"), 0755));
        for (PlanInputs.EtcFile f : in.etcFiles()) {
            steps.add(new Step.WriteFile(at("/etc/" + f.name()), 0644, f.content().getBytes(StandardCharsets.UTF_8)));
        }
        for (PlanInputs.EtcBind b : in.etcBinds()) {
            String target = at(b.target());
            if (b.directory()) {
                readOnlyBind(b.source(), target, true);
            } else {
                steps.add(new Step.MkFile(target, 0644));
                steps.add(new Step.Mount(b.source(), target, "", BIND, ""));
                steps.add(new Step.Mount("", target, "", RO_BIND_REMOUNT, ""));
            }
        }
    }

    private void dev() {
        String dev = at("/dev");
        tmpfs("/dev", NOSUID | NOEXEC, "mode=0755,size=64k");
        for (String d : DEVICES) {
            steps.add(new Step.MkFile(dev + "/" + d, 0666));
            steps.add(new Step.Mount("/dev/" + d, dev + "/" + d, "", BIND, ""));
        }
        // GPU passthrough: the host's nodes at the same paths, bound like the ones above.
        for (String node : in.gpuDevices()) {
            String target = at(node);
            mkdirs(target.substring(0, target.lastIndexOf('/')), 0755);
            steps.add(new Step.MkFile(target, 0666));
            steps.add(new Step.Mount(node, target, "", BIND, ""));
        }
        steps.add(new Step.Mkdir(dev + "/pts", 0755));
        steps.add(new Step.Mount("devpts", dev + "/pts", "devpts", NOSUID | NOEXEC, "newinstance,ptmxmode=0666,mode=0620"));
        steps.add(new Step.Symlink("pts/ptmx", dev + "/ptmx"));
        tmpfs("/dev/shm", NOSUID | NODEV | NOEXEC, "mode=1777,size=64m");
        steps.add(new Step.Symlink("/proc/self/fd", dev + "/fd"));
        steps.add(new Step.Symlink("/proc/self/fd/0", dev + "/stdin"));
        steps.add(new Step.Symlink("/proc/self/fd/1", dev + "/stdout"));
        steps.add(new Step.Symlink("/proc/self/fd/2", dev + "/stderr"));
        steps.add(new Step.Mount("", dev, "", REMOUNT | RDONLY | NOSUID | NOEXEC, "mode=0755,size=64k"));
    }

    private void proc() {
        String proc = at("/proc");
        steps.add(new Step.Mkdir(proc, 0555));
        String data = spec.enforcement().procHidepid() ? "hidepid=2" : "";
        steps.add(new Step.Mount("proc", proc, "proc", NOSUID | NODEV | NOEXEC, data));
        for (String p : MASKED) {
            if (p.startsWith("/proc/")) {
                steps.add(new Step.MaskPath(at(p)));
            }
        }
        for (String p : READ_ONLY) {
            steps.add(new Step.ReadonlyPath(at(p)));
        }
        if (spec.enforcement().procReadOnly()) {
            steps.add(new Step.Mount("", proc, "", RO_BIND_REMOUNT | NOEXEC, ""));
        }
    }

    /** sysfs needs a network namespace of our own inside a user namespace; otherwise bind the host's. */
    private void sys(boolean ownNetworkNamespace) {
        String sys = at("/sys");
        steps.add(new Step.Mkdir(sys, 0555));
        if (ownNetworkNamespace) {
            steps.add(new Step.Mount("sysfs", sys, "sysfs", RDONLY | NOSUID | NODEV | NOEXEC, ""));
        } else {
            readOnlyBind("/sys", sys, true);
        }
        steps.add(new Step.MaskPath(at("/sys/firmware")));
    }

    private void home() {
        Filesystem fs = spec.request().filesystem();
        String home = at(fs.home().path());
        mkdirs(home, 0700);
        steps.add(new Step.Mount("tmpfs", home, "tmpfs", NOSUID | NODEV | NOEXEC,
                "mode=0700,size=256m,uid=" + in.workload().uid() + ",gid=" + in.workload().gid()));
    }

    /** An in-memory /run/secrets, and each secret bound read-only at its destination. */
    private void secrets() {
        if (in.secretFiles().isEmpty()) {
            return;
        }
        tmpfs("/run/secrets", NOSUID | NODEV | NOEXEC,
                "mode=0700,size=" + (Secret.MAX_TOTAL_BYTES >> 20) + "m,uid=" + in.workload().uid() + ",gid=" + in.workload().gid());
        for (PlanInputs.SecretFile s : in.secretFiles()) {
            String target = at(s.destination());
            mkdirs(target.substring(0, target.lastIndexOf('/')), 0755);
            steps.add(new Step.MkFile(target, 0400));
            steps.add(new Step.Mount(s.stagedPath(), target, "", BIND, ""));
            steps.add(new Step.Mount("", target, "", RO_BIND_REMOUNT | NOEXEC, ""));
        }
    }

    private void providerConfig(PlanInputs.ProviderBind p) {
        String target = at(p.destination());
        if (p.directory()) {
            mkdirs(target, 0700);
        } else {
            mkdirs(target.substring(0, target.lastIndexOf('/')), 0700);
            steps.add(new Step.MkFile(target, 0600));
        }
        steps.add(new Step.Mount(p.source(), target, "", BIND | REC, ""));
        steps.add(new Step.Mount("", target, "", BIND | REMOUNT | REC | NOSUID | NODEV | NOEXEC
                | (p.readOnly() ? RDONLY : 0), ""));
    }

    private void context(String source) {
        String target = at(MountTargets.CONTEXT);
        mkdirs(target, 0755);
        steps.add(new Step.Mount(source, target, "", BIND | REC, ""));
        steps.add(new Step.Mount("", target, "", RO_BIND_REMOUNT | REC | NOEXEC, ""));
    }

    private void workspace(Workspace w) {
        String target = at(MountTargets.WORKSPACE);
        mkdirs(target, 0755);
        steps.add(new Step.Mount(in.workspaceSource().orElseThrow(), target, "", BIND | REC, ""));
        long flags = BIND | REMOUNT | REC | NOSUID | NODEV | (w.writable() ? 0 : RDONLY) | (w.exec() ? 0 : NOEXEC);
        steps.add(new Step.Mount("", target, "", flags, ""));
    }

    private void volume(VolumeMount v, PlanInputs.VolumeSource source) {
        String target = at(v.destination().path());
        if (source.directory()) {
            mkdirs(target, 0755);
        } else {
            mkdirs(target.substring(0, target.lastIndexOf('/')), 0755);
            steps.add(new Step.MkFile(target, 0644));
        }
        steps.add(new Step.Mount(source.path(), target, "", BIND | REC, ""));
        steps.add(new Step.Mount("", target, "", BIND | REMOUNT | REC | NOSUID | NODEV | writableNoexec(v.readOnly()), ""));
    }

    private void tmpfsVolume(TmpfsMount t) {
        tmpfs(t.destination().path(), NOSUID | NODEV | writableNoexec(t.readOnly()),
                "mode=0700,size=" + t.size().bytes() + ",uid=" + in.workload().uid() + ",gid=" + in.workload().gid());
    }

    /**
     * A read-only mount stays executable (a toolchain bound read-only runs); a writable one is
     * noexec, so nothing written there runs even where Landlock lets a directory above it execute
     * (a --tmpfs beneath a read-only volume) or is not in force (degraded security).
     */
    private static long writableNoexec(boolean readOnly) {
        return readOnly ? RDONLY : NOEXEC;
    }

    private void tmpfs(String containerPath, long flags, String data) {
        String target = at(containerPath);
        mkdirs(target, 0755);
        steps.add(new Step.Mount("tmpfs", target, "tmpfs", flags, data));
    }

    private void readOnlyBind(String source, String target, boolean recursive) {
        mkdirs(target, 0755);
        steps.add(new Step.Mount(source, target, "", BIND | (recursive ? REC : 0), ""));
        steps.add(new Step.Mount("", target, "", RO_BIND_REMOUNT | (recursive ? REC : 0), ""));
    }

    /** mkdir of every component beneath the root, parents first (MKDIR is not recursive). */
    private void mkdirs(String target, int mode) {
        String rest = target.substring(root.length());
        StringBuilder path = new StringBuilder(root);
        String[] parts = rest.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                continue;
            }
            path.append('/').append(parts[i]);
            steps.add(new Step.Mkdir(path.toString(), i == parts.length - 1 ? mode : 0755));
        }
    }

    private String at(String containerPath) {
        return containerPath.equals("/") ? root : root + containerPath;
    }

}
