package dev.nucleus.linux.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.policy.CapabilityPolicy;
import dev.nucleus.domain.policy.LandlockPolicy;
import dev.nucleus.domain.seccomp.DefaultSeccompProfile;
import dev.nucleus.domain.seccomp.SeccompAction;
import dev.nucleus.domain.seccomp.SeccompArchitecture;
import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.domain.seccomp.SyscallRule;
import dev.nucleus.domain.spec.PolicyFile;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.linux.seccomp.OciSeccompProfiles;
import dev.nucleus.linux.seccomp.SeccompCompiler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The policies in {@code config/}: they load, say what the README says, and the README's digests are theirs. */
class ShippedPoliciesTest {
    static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
    static final List<String> FILES = List.of("network-service.seccomp.json", "network-service.caps.toml",
            "network-service.landlock.toml", "coding-agent.seccomp.json", "coding-agent.caps.toml",
            "coding-agent.landlock.toml");
    /** What neither profile may allow, whatever else changes. */
    static final List<String> NEVER_ALLOWED = List.of("unshare", "setns", "mount", "umount2", "pivot_root",
            "chroot", "move_mount", "open_tree", "fsopen", "fsmount", "keyctl", "add_key", "request_key", "bpf",
            "ptrace", "process_vm_readv", "process_vm_writev", "perf_event_open", "userfaultfd", "io_uring_setup",
            "io_uring_enter", "io_uring_register", "init_module", "finit_module", "kexec_load", "reboot",
            "open_by_handle_at", "setuid", "setresuid", "setgroups", "memfd_create", "clone3");

    private static SeccompProfile seccomp(String name) throws Exception {
        PolicyFile file = new PolicyFile(new HostPath(CONFIG.resolve(name).toString()), Optional.empty());
        return OciSeccompProfiles.load(file, Set.of());
    }

    private static Optional<PolicyFile> file(String name) {
        return Optional.of(new PolicyFile(new HostPath(CONFIG.resolve(name).toString()), Optional.empty()));
    }

    private static Set<String> allowedAtAll(SeccompProfile p) {
        return p.rules().stream().filter(r -> r.action().equals(SeccompAction.ALLOW)).map(SyscallRule::name)
                .collect(Collectors.toSet());
    }

    @Test
    void theReadmeTableHoldsEveryFilesRealDigest() throws Exception {
        String readme = Files.readString(CONFIG.resolve("README.md"));
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\| `([0-9a-f]{64})` \\|$").matcher(readme);
        Map<String, String> table = new TreeMap<>();
        while (m.find()) {
            table.put(m.group(1), m.group(2));
        }
        Map<String, String> actual = new TreeMap<>();
        try (Stream<Path> files = Files.list(CONFIG)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches(".*\\.(seccomp\\.json|caps\\.toml|landlock\\.toml)"))
                    .toList()) {
                actual.put(f.getFileName().toString(), PolicyFiles.sha256(Files.readAllBytes(f)));
            }
        }
        assertEquals(Set.copyOf(FILES), actual.keySet(), "the shipped policy files");
        assertEquals(actual, table, "config/README.md's SHA-256 table must match the files");
    }

    @Test
    void theNetworkServiceProfileIsTheDefaultWithTheNetworkAndKillsTheRest() throws Exception {
        SeccompProfile p = seccomp("network-service.seccomp.json");
        assertEquals(SeccompAction.KILL_PROCESS, p.defaultAction());
        assertEquals(List.of(SeccompArchitecture.X86_64), p.architectures());
        Set<String> unconditional = p.unconditionalNames(SeccompAction.ALLOW);
        Stream.of(DefaultSeccompProfile.UNCONDITIONAL, DefaultSeccompProfile.NUCLEUS_ADDITIONS,
                        DefaultSeccompProfile.NETWORK_ONLY).flatMap(List::stream)
                .forEach(n -> assertTrue(unconditional.contains(n), n));
        // the default's argument filters stay filters
        for (String filtered : DefaultSeccompProfile.ARGUMENT_FILTERED) {
            assertFalse(unconditional.contains(filtered), filtered + " is allowed without its argument filter");
            assertTrue(p.argumentFilteredNames().contains(filtered), filtered);
        }
        assertNeverAllowed(p);
    }

    @Test
    void theCodingAgentProfileAnswersENOSYSAndRefusesTheDangerousCallsWithEPERM() throws Exception {
        SeccompProfile p = seccomp("coding-agent.seccomp.json");
        assertEquals(SeccompAction.errno(38), p.defaultAction());
        assertEquals(List.of(SeccompArchitecture.X86_64), p.architectures());
        Set<String> unconditional = p.unconditionalNames(SeccompAction.ALLOW);
        Stream.of(DefaultSeccompProfile.UNCONDITIONAL, DefaultSeccompProfile.NUCLEUS_ADDITIONS,
                        DefaultSeccompProfile.NETWORK_ONLY, List.of("inotify_init1", "timer_create", "mprotect"))
                .flatMap(List::stream).forEach(n -> assertTrue(unconditional.contains(n), n));
        for (String filtered : List.of("socket", "ioctl", "prctl", "clone", "execveat", "prlimit64")) {
            assertFalse(unconditional.contains(filtered), filtered + " is allowed without its argument filter");
        }
        assertNeverAllowed(p);
        Set<String> eperm = p.unconditionalNames(SeccompAction.errno(1));
        for (String name : List.of("unshare", "setns", "mount", "keyctl", "bpf", "ptrace", "io_uring_setup", "setuid")) {
            assertTrue(eperm.contains(name), name + " answers EPERM by name");
        }
    }

    private static void assertNeverAllowed(SeccompProfile p) {
        Set<String> allowed = allowedAtAll(p);
        for (String name : NEVER_ALLOWED) {
            assertFalse(allowed.contains(name), name + " must never be allowed");
        }
        assertEquals(List.of(SeccompAction.errno(38)), p.rulesFor("clone3").stream().map(SyscallRule::action).toList());
    }

    @Test
    void bothProfilesCompileWithEveryNameKnownToLibseccomp() throws Exception {
        for (String name : List.of("network-service.seccomp.json", "coding-agent.seccomp.json")) {
            SeccompCompiler.Program program = SeccompCompiler.shared().compile(seccomp(name));
            assertEquals(List.of(), program.unknownSyscalls(), name);
            assertTrue(program.instructions() > 100, name);
        }
    }

    @Test
    void theCapabilityPoliciesKeepNetBindServiceAndNothing() throws Exception {
        long netBind = 1L << 10;
        assertEquals(new CapabilityPolicy(netBind, netBind, 0, netBind),
                PolicyFiles.caps(file("network-service.caps.toml")).orElseThrow());
        assertEquals(new CapabilityPolicy(0, 0, 0, 0), PolicyFiles.caps(file("coding-agent.caps.toml")).orElseThrow());
    }

    @Test
    void theNetworkServiceLandlockPolicyNeverGrantsWriteAndExecuteOnOnePath() throws Exception {
        LandlockPolicy p = PolicyFiles.landlock(file("network-service.landlock.toml")).orElseThrow();
        assertEquals(3, p.minAbi());
        for (LandlockPolicy.Rule r : p.rules()) {
            assertFalse(r.access().contains("write") && r.access().contains("execute"), r.toString());
        }
        Map<String, Set<String>> byPath = p.rules().stream()
                .collect(Collectors.toMap(LandlockPolicy.Rule::path, LandlockPolicy.Rule::access));
        assertEquals(Set.of("read", "readdir"), byPath.get("/etc"));
        assertTrue(byPath.get("/data").contains("write") && byPath.get("/tmp").contains("write"));
        assertTrue(byPath.get("/usr").contains("execute"));
    }

    @Test
    void theCodingAgentLandlockPolicyMakesOnlyTheWorkspaceWritableAndExecutable() throws Exception {
        LandlockPolicy p = PolicyFiles.landlock(file("coding-agent.landlock.toml")).orElseThrow();
        assertEquals(3, p.minAbi());
        List<String> writeExec = p.rules().stream()
                .filter(r -> r.access().contains("write") && r.access().contains("execute"))
                .map(LandlockPolicy.Rule::path).toList();
        assertEquals(List.of("/workspace"), writeExec);
        Map<String, Set<String>> byPath = p.rules().stream()
                .collect(Collectors.toMap(LandlockPolicy.Rule::path, LandlockPolicy.Rule::access));
        assertTrue(byPath.get("/home/agent").contains("write") && byPath.get("/tmp").contains("write"));
        assertFalse(byPath.get("/etc").contains("write"));
    }
}
