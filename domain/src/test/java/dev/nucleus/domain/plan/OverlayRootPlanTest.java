package dev.nucleus.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** {@code --rootfs-mode overlay}: the rootfs itself is the root, writable through the container's layer. */
class OverlayRootPlanTest {
    private static final String ROOT = "/run/nucleus/.root";
    private static final PlanInputs.RootfsOverlay LAYERS = new PlanInputs.RootfsOverlay("/srv/rootfs",
            "/run/nucleus/c1/rootfs-overlay/upper", "/run/nucleus/c1/rootfs-overlay/work", false, false);

    private static ContainerSpec spec(Invoker who, String mode) throws Exception {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.put(LaunchOption.ROOTFS, List.of("/srv/rootfs"));
        values.put(LaunchOption.ROOTFS_MODE, List.of(mode));
        return LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(values,
                List.of("/bin/sh", "-c", "true"), RawLaunchRequest.Origin.FLAGS)), who);
    }

    private static PlanInputs inputs(Optional<PlanInputs.RootfsOverlay> overlay) {
        return new PlanInputs("c1", ROOT, List.of(
                new PlanInputs.TopLevelEntry("usr", "/srv/rootfs/usr", Optional.empty()),
                new PlanInputs.TopLevelEntry("var", "/srv/rootfs/var", Optional.empty()),
                new PlanInputs.TopLevelEntry("bin", "/srv/rootfs/bin", Optional.of("usr/bin"))),
                new PlanInputs.Workload(0, 0, List.of()), "/bin/sh", List.of("PATH=/bin"),
                Optional.of(new byte[16]), 7, List.of(), List.of(), Optional.empty(), Optional.empty(), List.of(),
                List.of(), Optional.empty(), List.of()).withOverlay(overlay);
    }

    private static List<Step> mountsOnTheRoot(List<Step> steps) {
        return steps.stream().filter(s -> s instanceof Step.Mount m && m.target().equals(ROOT)).toList();
    }

    @Test
    void theRootIsTheOverlayAndStaysWritable() throws Exception {
        List<Step> steps = PlanBuilder.build(spec(new Invoker(0, 0), "overlay"), inputs(Optional.of(LAYERS))).steps();
        assertEquals(List.of(new Step.Mount("overlay", ROOT, "overlay", MountFlags.NOSUID | MountFlags.NODEV,
                "lowerdir=/srv/rootfs,upperdir=/run/nucleus/c1/rootfs-overlay/upper,"
                        + "workdir=/run/nucleus/c1/rootfs-overlay/work")), mountsOnTheRoot(steps),
                "mounted once, and never remounted read-only");
        assertEquals(List.of(new Step.MakePrivate(), mountsOnTheRoot(steps).getFirst()), steps.subList(0, 2),
                "the first mount: everything else is mounted on it");
        assertFalse(steps.stream().anyMatch(s -> s instanceof Step.Mount m && m.source().startsWith("/srv/rootfs")),
                "the rootfs's directories are the overlay's, not binds");
        assertFalse(steps.contains(new Step.Symlink("usr/bin", ROOT + "/bin")), "its symlinks are its own too");
        assertTrue(steps.contains(new Step.Mount("proc", ROOT + "/proc", "proc",
                MountFlags.NOSUID | MountFlags.NODEV | MountFlags.NOEXEC, "")), "Nucleus's mounts go on top of it");
    }

    @Test
    void inAUserNamespaceTheLayersKeepUserXattrs() {
        var layers = new PlanInputs.RootfsOverlay("/r", "/s/upper", "/s/work", true, false);
        assertEquals("lowerdir=/r,upperdir=/s/upper,workdir=/s/work,userxattr", layers.options(ROOT));
    }

    /**
     * Root's launch in a user namespace: the runtime's idmapped copy of the rootfs is attached at
     * the root first, and is the lower layer the overlay then covers.
     */
    @Test
    void anIdmappedRootfsIsAttachedAtTheRootAndBecomesTheLowerLayer() throws Exception {
        var idmapped = new PlanInputs.RootfsOverlay("/srv/rootfs", "/s/upper", "/s/work", true, true);
        List<Step> steps = PlanBuilder.build(spec(new Invoker(0, 0), "overlay"), inputs(Optional.of(idmapped))).steps();
        int attach = steps.indexOf(new Step.AttachRootfs(ROOT));
        assertTrue(attach > steps.indexOf(new Step.MakePrivate()), steps.toString());
        assertEquals(new Step.Mount("overlay", ROOT, "overlay", MountFlags.NOSUID | MountFlags.NODEV,
                "lowerdir=" + ROOT + ",upperdir=/s/upper,workdir=/s/work,userxattr"), steps.get(attach + 1));
        assertEquals(1, steps.stream().filter(Step.AttachRootfs.class::isInstance).count());
        assertFalse(PlanBuilder.build(spec(new Invoker(0, 0), "overlay"), inputs(Optional.of(LAYERS))).steps()
                .stream().anyMatch(Step.AttachRootfs.class::isInstance), "not without the idmapped copy");
    }

    /** image run: the image's verified layer lies between the rootfs and the container's own layer. */
    @Test
    void anImageLayerIsTheUpperLowerLayer() throws Exception {
        var image = new PlanInputs.RootfsOverlay("/srv/rootfs", "/s/upper", "/s/work", false, false,
                Optional.of("/s/image"));
        assertEquals("lowerdir=/s/image:/srv/rootfs,upperdir=/s/upper,workdir=/s/work", image.options(ROOT));
        List<Step> steps = PlanBuilder.build(spec(new Invoker(0, 0), "overlay"), inputs(Optional.of(image))).steps();
        assertTrue(steps.contains(new Step.Mount("overlay", ROOT, "overlay", MountFlags.NOSUID | MountFlags.NODEV,
                "lowerdir=/s/image:/srv/rootfs,upperdir=/s/upper,workdir=/s/work")), steps.toString());
        assertEquals("lowerdir=/s/image:" + ROOT + ",upperdir=/s/upper,workdir=/s/work,userxattr",
                new PlanInputs.RootfsOverlay("/r", "/s/upper", "/s/work", true, true, Optional.of("/s/image"))
                        .options(ROOT), "above the idmapped rootfs attached at the root");
        assertFalse(steps.stream().anyMatch(Step.AttachLayer.class::isInstance), "the cached copy itself, not attached");
    }

    /**
     * In a user namespace the layer, like the rootfs, is the runtime's idmapped copy: attached at
     * its place after the rootfs's, before the overlay that takes both as lower layers.
     */
    @Test
    void anIdmappedImageLayerIsAttachedBeforeTheOverlay() throws Exception {
        var image = new PlanInputs.RootfsOverlay("/srv/rootfs", "/s/upper", "/s/work", true, true,
                Optional.of("/s/image"));
        List<Step> steps = PlanBuilder.build(spec(new Invoker(0, 0), "overlay"), inputs(Optional.of(image))).steps();
        int rootfs = steps.indexOf(new Step.AttachRootfs(ROOT));
        assertEquals(new Step.AttachLayer("/s/image"), steps.get(rootfs + 1), steps.toString());
        assertEquals(new Step.Mount("overlay", ROOT, "overlay", MountFlags.NOSUID | MountFlags.NODEV,
                "lowerdir=/s/image:" + ROOT + ",upperdir=/s/upper,workdir=/s/work,userxattr"), steps.get(rootfs + 2));
        assertThrows(IllegalArgumentException.class, () -> new PlanInputs.RootfsOverlay("/r", "/s/upper", "/s/work",
                false, false, Optional.of("/s/a:b")), "the layer's path is held to the option syntax too");
    }

    @Test
    void aPathTheOptionsCannotCarryIsRefused() {
        for (String bad : List.of("/srv/a,b", "/srv/a:b", "/srv/a\\b")) {
            assertThrows(IllegalArgumentException.class, () -> new PlanInputs.RootfsOverlay(bad, "/u", "/w", false, false));
            assertThrows(IllegalArgumentException.class, () -> new PlanInputs.RootfsOverlay("/r", bad, "/w", false, false));
            assertFalse(PlanInputs.RootfsOverlay.reservedFree(bad), bad);
        }
        assertTrue(PlanInputs.RootfsOverlay.reservedFree("/srv/a b=c"));
    }

    /**
     * Landlock opens the rootfs's own directories to writes and execution, and nothing else: the
     * root keeps only its listing (no new top-level entry), /proc and /etc stay read-only.
     */
    @Test
    void landlockOpensTheRootfsDirectoriesOnly() throws Exception {
        long writeExec = LandlockAccess.READ_WRITE | LandlockAccess.EXECUTE;
        Step.Landlock overlay = landlock(PlanBuilder.build(spec(new Invoker(0, 0), "overlay"),
                inputs(Optional.of(LAYERS))).steps());
        assertEquals(writeExec, rights(overlay, "/usr") & writeExec);
        assertEquals(writeExec, rights(overlay, "/var") & writeExec);
        assertEquals(0, rights(overlay, "/bin") & LandlockAccess.WRITE_FILE, "a symlink's target has its own rule");
        assertEquals(LandlockAccess.READ_DIR, rights(overlay, "/"));
        assertEquals(0, rights(overlay, "/proc") & LandlockAccess.WRITE_FILE);

        Step.Landlock bind = landlock(PlanBuilder.build(spec(new Invoker(0, 0), "bind"),
                inputs(Optional.empty())).steps());
        assertEquals(0, rights(bind, "/usr") & LandlockAccess.WRITE_FILE, "bind mode: read-only system directories");
        assertEquals(LandlockAccess.READ | LandlockAccess.EXECUTE, rights(bind, "/var"),
                "bind mode: every directory of the rootfs readable and executable, none writable");
    }

    /** Without a rootfs the host's system directories are bound, and the default rules alone name them. */
    @Test
    void theHostsDirectoriesGetNoRuleOfTheirOwn() throws Exception {
        Map<LaunchOption, List<String>> none = new EnumMap<>(LaunchOption.class);
        ContainerSpec host = LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(none,
                List.of("/bin/true"), RawLaunchRequest.Origin.FLAGS)), new Invoker(0, 0));
        Step.Landlock rules = landlock(PlanBuilder.build(host, inputs(Optional.empty())).steps());
        assertEquals(0, rights(rules, "/var"), "not a host system directory");
        assertEquals(DefaultLandlockRules.of(host, 7), rules);
    }

    private static Step.Landlock landlock(List<Step> steps) {
        return steps.stream().filter(Step.Landlock.class::isInstance).map(Step.Landlock.class::cast).findFirst()
                .orElseThrow();
    }

    /** The union of the rights granted on exactly {@code path}. */
    private static long rights(Step.Landlock landlock, String path) {
        return landlock.rules().stream().filter(r -> r.path().equals(path)).mapToLong(LandlockRule::access)
                .reduce(0, (a, b) -> a | b);
    }
}
