package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.audit.AuditEvent;
import dev.nucleus.domain.audit.AuditRecord;
import dev.nucleus.domain.event.SeccompAuditRecord;
import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.plan.Clone;
import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.Step;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;
import dev.nucleus.linux.sys.LaunchWorker;
import dev.nucleus.ports.out.AuditLog;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A launch's plan and security status, as audit records. */
class AuditTrailTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final String NAME = "web";

    private final List<AuditRecord> records = new ArrayList<>();
    private final AuditLog log = records::add;
    private final LaunchWorker worker = new LaunchWorker();
    private final AuditTrail trail = new AuditTrail(log, ID, NAME, worker);

    @AfterEach
    void closeWorker() {
        worker.close();
    }

    private static final long MS_RDONLY = 1;

    private static IsolationPlan plan(boolean secrets, boolean audited, boolean miniInit, boolean noNewPrivs) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.MakePrivate());
        steps.add(new Step.Mount("/rootfs", "/run/root", "", 4096, ""));
        steps.add(new Step.Mount("proc", "/run/root/proc", "proc", 0, ""));
        steps.add(new Step.Mount("tmpfs", "/run/root/tmp", "tmpfs", 0, "size=64m"));
        if (secrets) {
            steps.add(new Step.Mount("tmpfs", "/run/root/run/secrets", "tmpfs", MS_RDONLY, "mode=0500"));
        }
        steps.add(new Step.PivotRoot("/run/root", false));
        if (audited) {
            steps.add(new Step.MountExpect("/", Step.MountExpect.RDONLY));
            steps.add(new Step.MountExpect("/proc", Step.MountExpect.NOSUID | Step.MountExpect.NODEV));
            steps.add(new Step.MountExpect("/tmp", Step.MountExpect.NOEXEC));
        }
        steps.add(new Step.DropBounding(0));
        steps.add(new Step.Capset(0, 0, 0));
        if (noNewPrivs) {
            steps.add(new Step.NoNewPrivs());
        }
        steps.add(new Step.Seccomp(0, new byte[8 * 12]));
        if (miniInit) {
            steps.add(new Step.MiniInit());
        }
        steps.add(new Step.Exec("/app/server", List.of("/app/server"), List.of("TOKEN=x")));
        return new IsolationPlan(Clone.NEWNS | Clone.NEWPID | Clone.NEWUTS | Clone.NEWIPC | Clone.NEWNET, steps);
    }

    private static SecurityStatus fullStatus() {
        return new SecurityStatus(
                Optional.of(new SecurityStatus.Seccomp("enforce", "default", 12, true)),
                Optional.of(new SecurityStatus.Landlock(5, List.of("read_file", "write_file"), 4, Optional.empty(),
                        Optional.of(List.of(443)), List.of("signal"))),
                new SecurityStatus.Capabilities(List.of("NET_BIND_SERVICE"), List.of("NET_BIND_SERVICE", "KILL")),
                true, Optional.of(42L));
    }

    private static SecurityStatus bareStatus() {
        return new SecurityStatus(Optional.empty(), Optional.empty(),
                new SecurityStatus.Capabilities(List.of(), List.of()), false, Optional.empty());
    }

    private List<AuditEvent> events() {
        return records.stream().map(AuditRecord::event).toList();
    }

    private AuditRecord only(AuditEvent event) {
        List<AuditRecord> found = records.stream().filter(r -> r.event() == event).toList();
        assertEquals(1, found.size(), event + " in " + records);
        return found.getFirst();
    }

    @Test
    void appliedRecordsEveryLayerInOrder() {
        trail.applied(plan(true, true, true, true), fullStatus(), true);
        assertEquals(List.of(AuditEvent.FILESYSTEM_MOUNTED, AuditEvent.SECRETS_MOUNTED, AuditEvent.ROOT_SWITCHED,
                AuditEvent.MOUNT_AUDIT_PASSED, AuditEvent.CAPABILITIES_DROPPED, AuditEvent.NO_NEW_PRIVS_SET,
                AuditEvent.LANDLOCK_APPLIED, AuditEvent.SECCOMP_PROFILE_LOADED, AuditEvent.SECCOMP_APPLIED,
                AuditEvent.INIT_SUPERVISOR_STARTED), events());
        for (AuditRecord r : records) {
            assertEquals(ID, r.containerId());
            assertEquals(NAME, r.containerName());
            assertFalse(r.error(), r.toString());
        }
    }

    @Test
    void appliedDetailsCarryTheCountsAndTheStatus() {
        trail.applied(plan(true, true, true, true), fullStatus(), false);
        assertEquals("4 mounts", only(AuditEvent.FILESYSTEM_MOUNTED).detail());
        assertTrue(only(AuditEvent.SECRETS_MOUNTED).detail().startsWith("/run/secrets"));
        assertEquals("pivot_root", only(AuditEvent.ROOT_SWITCHED).detail());
        assertTrue(only(AuditEvent.MOUNT_AUDIT_PASSED).detail().startsWith("3 mounts"),
                only(AuditEvent.MOUNT_AUDIT_PASSED).detail());
        assertEquals("effective=[NET_BIND_SERVICE] bounding=[NET_BIND_SERVICE, KILL]",
                only(AuditEvent.CAPABILITIES_DROPPED).detail());
        assertEquals("no_new_privs=1", only(AuditEvent.NO_NEW_PRIVS_SET).detail());
        String landlock = only(AuditEvent.LANDLOCK_APPLIED).detail();
        assertTrue(landlock.startsWith("abi=5 fs_rules=4 handled=2 rights"), landlock);
        assertTrue(landlock.contains("bind_tcp=null connect_tcp=[443] scopes=[signal]"), landlock);
        assertEquals("mode=enforce source=default instructions=12 log_denied=true",
                only(AuditEvent.SECCOMP_APPLIED).detail());
        assertEquals("mini-init is PID 1", only(AuditEvent.INIT_SUPERVISOR_STARTED).detail());
    }

    @Test
    void theSeccompProfileIsRecordedOnlyWhenAskedFor() {
        trail.applied(plan(false, false, false, false), fullStatus(), false);
        assertFalse(events().contains(AuditEvent.SECCOMP_PROFILE_LOADED), events().toString());
        assertTrue(events().contains(AuditEvent.SECCOMP_APPLIED));
    }

    @Test
    void aProfileWithoutAFilterRecordsNeitherSeccompRecord() {
        trail.applied(plan(false, false, false, false), bareStatus(), true);
        assertFalse(events().contains(AuditEvent.SECCOMP_PROFILE_LOADED));
        assertFalse(events().contains(AuditEvent.SECCOMP_APPLIED));
    }

    @Test
    void layersThePlanDidNotHaveAreNotRecorded() {
        trail.applied(plan(false, false, false, false), bareStatus(), false);
        assertEquals(List.of(AuditEvent.FILESYSTEM_MOUNTED, AuditEvent.ROOT_SWITCHED,
                AuditEvent.CAPABILITIES_DROPPED), events());
        assertEquals("3 mounts", only(AuditEvent.FILESYSTEM_MOUNTED).detail());
        assertEquals("effective=[] bounding=[]", only(AuditEvent.CAPABILITIES_DROPPED).detail());
    }

    @Test
    void onlyAMountOnRunSecretsCountsAsSecrets() {
        List<Step> steps = List.of(new Step.Mount("tmpfs", "/run/root/run/secrets-cache", "tmpfs", 0, ""),
                new Step.Mount("tmpfs", "/run/root/run/secrets/extra", "tmpfs", 0, ""),
                new Step.Exec("/bin/sh", List.of("sh"), List.of()));
        trail.applied(new IsolationPlan(Clone.NEWNS, steps), bareStatus(), false);
        assertFalse(events().contains(AuditEvent.SECRETS_MOUNTED), events().toString());
        assertFalse(events().contains(AuditEvent.ROOT_SWITCHED), events().toString());
    }

    @Test
    void aMountAuditFailureIsItsOwnErrorRecord() {
        trail.failed("step 12 mount audit: /proc must be nosuid,nodev: it is rw,relatime");
        AuditRecord r = records.getFirst();
        assertEquals(1, records.size());
        assertEquals(AuditEvent.MOUNT_AUDIT_FAILED, r.event());
        assertTrue(r.error());
        assertEquals("step 12 mount audit: /proc must be nosuid,nodev: it is rw,relatime", r.detail());
    }

    @Test
    void otherFailuresAreSetupFailures() {
        trail.failed("step 7 pivot_root to /run/root: Operation not permitted");
        AuditRecord r = records.getFirst();
        assertEquals(AuditEvent.CONTAINER_SETUP_FAILED, r.event());
        assertTrue(r.error());
        assertEquals(ID, r.containerId());
        assertEquals(NAME, r.containerName());
    }

    @Test
    void namespacesListNetUserAndTimeOnlyWhenCloned() {
        long base = Clone.NEWNS | Clone.NEWPID | Clone.NEWUTS | Clone.NEWIPC;
        assertEquals("mnt,pid,uts,ipc", AuditTrail.namespaces(base));
        assertEquals("mnt,pid,uts,ipc,net", AuditTrail.namespaces(base | Clone.NEWNET));
        assertEquals("mnt,pid,uts,ipc,user", AuditTrail.namespaces(base | Clone.NEWUSER));
        assertEquals("mnt,pid,uts,ipc,time", AuditTrail.namespaces(base | Clone.NEWTIME));
        assertEquals("mnt,pid,uts,ipc,net,user,time",
                AuditTrail.namespaces(base | Clone.NEWNET | Clone.NEWUSER | Clone.NEWTIME | Clone.NEWCGROUP));
    }

    @Test
    void createdRecordsTheNamespacesAndTheCgroup() {
        trail.created(4242, plan(false, false, false, false), new CgroupPlacement("nucleus/" + ID,
                Map.of("cgroup2", "/sys/fs/cgroup/nucleus/" + ID)));
        assertEquals(List.of(AuditEvent.NAMESPACE_CREATED, AuditEvent.CGROUP_CREATED), events());
        assertEquals("pid 4242: mnt,pid,uts,ipc,net", records.get(0).detail());
        assertEquals("nucleus/" + ID + " in cgroup2", records.get(1).detail());
    }

    @Test
    void noCgroupNoCgroupRecord() {
        trail.created(7, plan(false, false, false, false), CgroupPlacement.NONE);
        assertEquals(List.of(AuditEvent.NAMESPACE_CREATED), events());
    }

    @Test
    void startRecordsTheModeAndTheRedactedCommand() throws Exception {
        ContainerSpec spec = LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(
                new EnumMap<>(LaunchOption.class), List.of("/app/server", "--token", "secret123", "--port", "80"),
                RawLaunchRequest.Origin.FLAGS)), new Invoker(0, 0));
        trail.start(spec);
        trail.started();
        AuditRecord r = only(AuditEvent.CONTAINER_START);
        assertFalse(r.error());
        assertTrue(r.detail().contains("--token ***"), r.detail());
        assertFalse(r.detail().contains("secret123"), r.detail());
        assertTrue(r.detail().startsWith("mode=" + spec.mode().cliName() + " runtime="), r.detail());
        assertTrue(r.detail().endsWith(" command=/app/server --token *** --port 80"), r.detail());
    }

    /** The start record is written on the launch's worker; whatever comes next waits for it. */
    @Test
    void theStartRecordComesFirstThoughWrittenAside() throws Exception {
        ContainerSpec spec = LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(
                new EnumMap<>(LaunchOption.class), List.of("/bin/true"), RawLaunchRequest.Origin.FLAGS)),
                new Invoker(0, 0));
        for (int i = 0; i < 20; i++) {
            AuditTrail t = new AuditTrail(log, ID, NAME, worker);
            t.start(spec);
            t.created(7, plan(false, false, false, false), CgroupPlacement.NONE);
        }
        List<AuditEvent> all = events();
        for (int i = 0; i < all.size(); i += 2) {
            assertEquals(List.of(AuditEvent.CONTAINER_START, AuditEvent.NAMESPACE_CREATED), all.subList(i, i + 2));
        }
        assertEquals(40, all.size());
    }

    @Test
    void aDenialIsAnErrorRecord() {
        trail.denied(new SeccompAuditRecord(42, 1234, "curl", "/usr/bin/curl", 41, "c000003e", "kill_process"));
        AuditRecord r = only(AuditEvent.SECCOMP_DENIED);
        assertTrue(r.error());
        assertEquals("pid 1234 (curl) syscall 41 kill_process", r.detail());
    }

    @Test
    void stoppedRecordsTheExitAndAnOomKill() {
        trail.stopped(0, false);
        trail.stopped(137, true);
        assertEquals(List.of("exit 0", "exit 137 (OOM killed)"), records.stream().map(AuditRecord::detail).toList());
        assertTrue(records.stream().allMatch(r -> r.event() == AuditEvent.CONTAINER_STOP && !r.error()));
    }
}
