package dev.nucleus.domain.seccomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The default profile against the reference's published counts and lists (REFERENCE.md 4.1). */
class DefaultSeccompProfileTest {
    private static final SeccompProfile OFFLINE = DefaultSeccompProfile.forRequest(false, false);
    private static final SeccompProfile ONLINE = DefaultSeccompProfile.forRequest(true, false);

    @Test
    void unconditionalListHas173DistinctNames() {
        assertEquals(173, new HashSet<>(DefaultSeccompProfile.UNCONDITIONAL).size());
        assertEquals(173, DefaultSeccompProfile.UNCONDITIONAL.size(), "our list carries no duplicate");
    }

    @Test
    void referenceCountsAddUpTo193WhenNetworked() {
        // reference: 174 entries (fchown twice) = 173 distinct, + 9 arg-filtered + 10 network-only
        assertEquals(10, DefaultSeccompProfile.NETWORK_ONLY.size());
        assertEquals(9, DefaultSeccompProfile.ARGUMENT_FILTERED.size());
        // plus Nucleus's additions (vfork, utimensat, creat) and sysinfo answered with ENOSYS
        Set<String> answeredWithErrno = new HashSet<>(Set.of("clone3"));
        answeredWithErrno.addAll(DefaultSeccompProfile.DENIED_WITH_ENOSYS);
        answeredWithErrno.addAll(DefaultSeccompProfile.DENIED_WITH_EOPNOTSUPP);
        Set<String> allowed = new HashSet<>(ONLINE.syscallNames());
        allowed.removeAll(answeredWithErrno);
        assertEquals(173 + 9 + 10 + 3 + 1, allowed.size(), "and alarm, setitimer by another name");
        Set<String> offline = new HashSet<>(OFFLINE.syscallNames());
        offline.removeAll(answeredWithErrno);
        assertEquals(173 + 9 + 3 + 1, offline.size());
        assertEquals(List.of(SyscallRule.of("alarm", SeccompAction.ALLOW)), OFFLINE.rulesFor("alarm"));
        for (String coped : List.of("timer_create", "get_mempolicy")) { // denied, but timeout and ps go on
            assertEquals(List.of(SyscallRule.of(coped, SeccompAction.errno(38))), OFFLINE.rulesFor(coped));
        }
        assertEquals(List.of(SyscallRule.of("sysinfo", SeccompAction.errno(38))), OFFLINE.rulesFor("sysinfo"));
        for (String setter : DefaultSeccompProfile.DENIED_WITH_EOPNOTSUPP) { // denied, but cp -p survives it
            assertEquals(List.of(SyscallRule.of(setter, SeccompAction.errno(95))), OFFLINE.rulesFor(setter));
        }
        assertEquals(List.of(SyscallRule.of("vfork", SeccompAction.ALLOW)), OFFLINE.rulesFor("vfork"));
    }

    @Test
    void defaultActionKillsTheProcessAndTargetsX86_64() {
        for (SeccompProfile p : List.of(OFFLINE, ONLINE)) {
            assertEquals(SeccompAction.KILL_PROCESS, p.defaultAction());
            assertEquals(List.of(SeccompArchitecture.X86_64), p.architectures());
        }
    }

    @Test
    void unconditionalAllowsAreExactlyTheList() {
        Set<String> offline = new TreeSet<>(DefaultSeccompProfile.UNCONDITIONAL);
        offline.addAll(DefaultSeccompProfile.NUCLEUS_ADDITIONS);
        offline.addAll(DefaultSeccompProfile.SETITIMER_ALIASES);
        assertEquals(offline, new TreeSet<>(OFFLINE.unconditionalNames(SeccompAction.ALLOW)));
        Set<String> online = new TreeSet<>(offline);
        online.addAll(DefaultSeccompProfile.NETWORK_ONLY);
        assertEquals(online, new TreeSet<>(ONLINE.unconditionalNames(SeccompAction.ALLOW)));
    }

    @Test
    void networkOnlySyscallsArePresentIffNetworked() {
        for (String name : DefaultSeccompProfile.NETWORK_ONLY) {
            assertTrue(OFFLINE.rulesFor(name).isEmpty(), name + " must be absent without a network");
            assertEquals(List.of(SyscallRule.of(name, SeccompAction.ALLOW)), ONLINE.rulesFor(name));
        }
    }

    @Test
    void argumentFilteredNamesAreExactlyTheNine() {
        assertEquals(new TreeSet<>(DefaultSeccompProfile.ARGUMENT_FILTERED), new TreeSet<>(OFFLINE.argumentFilteredNames()));
        for (String name : DefaultSeccompProfile.ARGUMENT_FILTERED) {
            assertTrue(OFFLINE.rulesFor(name).stream().noneMatch(SyscallRule::unconditional),
                    name + " must never be allowed without its conditions");
            assertTrue(OFFLINE.rulesFor(name).stream().allMatch(r -> r.action().equals(SeccompAction.ALLOW)
                    || name.equals("socket") && r.action().equals(SeccompAction.errno(DefaultSeccompProfile.EAFNOSUPPORT))),
                    name + ": conditional rules allow (socket's other families answer EAFNOSUPPORT)");
        }
    }

    @Test
    void clone3IsAnExactErrnoEnosysRule() {
        assertEquals(List.of(SyscallRule.of("clone3", SeccompAction.errno(38))), OFFLINE.rulesFor("clone3"));
        assertEquals(List.of(SyscallRule.of("clone3", SeccompAction.errno(38))), ONLINE.rulesFor("clone3"));
        assertEquals("ERRNO(38)", SeccompAction.errno(38).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"unshare", "setns", "mount", "keyctl", "bpf", "ptrace", "io_uring_setup", "userfaultfd",
            "fork", "memfd_create", "add_key", "request_key", "perf_event_open", "setuid",
            "umount2", "pivot_root", "chroot", "kexec_load", "init_module", "finit_module", "reboot",
            "open_by_handle_at", "process_vm_readv", "process_vm_writev", "seccomp"})
    void dangerousSyscallsHaveNoRule(String name) {
        assertTrue(OFFLINE.rulesFor(name).isEmpty(), name);
        assertTrue(ONLINE.rulesFor(name).isEmpty(), name);
        assertTrue(DefaultSeccompProfile.forRequest(true, true).rulesFor(name).isEmpty(), name);
    }

    @Test
    void deliberatelyAbsentListHasNoRuleAndNoOverlap() {
        for (String name : DefaultSeccompProfile.DELIBERATELY_ABSENT) {
            assertTrue(ONLINE.rulesFor(name).isEmpty(), name);
            assertFalse(DefaultSeccompProfile.UNCONDITIONAL.contains(name), name);
        }
    }

    @Test
    void socketDomainsDependOnTheNetwork() {
        assertEquals(Set.of(1L), socketDomains(OFFLINE));
        assertEquals(Set.of(1L, 2L, 10L), socketDomains(ONLINE));
        assertFalse(socketDomains(ONLINE).contains(16L), "AF_NETLINK is never allowed");
    }

    @Test
    void everyOtherAddressFamilyIsAnsweredUnsupportedInsteadOfKilling() {
        for (SeccompProfile p : List.of(OFFLINE, ONLINE)) {
            Set<Long> refused = p.rulesFor("socket").stream()
                    .filter(r -> r.action().equals(SeccompAction.errno(DefaultSeccompProfile.EAFNOSUPPORT)))
                    .map(r -> r.conditions().getFirst().valueTwo()).collect(Collectors.toSet());
            Set<Long> expected = new HashSet<>();
            for (long family = 0; family < DefaultSeccompProfile.AF_MAX; family++) {
                expected.add(family);
            }
            expected.removeAll(socketDomains(p));
            assertEquals(expected, refused, "every family below AF_MAX is either allowed or EAFNOSUPPORT");
            assertTrue(refused.contains(16L) && refused.contains(17L), "netlink and packet sockets are refused");
            assertEquals(DefaultSeccompProfile.AF_MAX, p.rulesFor("socket").size(), "nothing else on socket()");
        }
    }

    private static Set<Long> socketDomains(SeccompProfile p) {
        return p.rulesFor("socket").stream().filter(r -> r.action().equals(SeccompAction.ALLOW)).map(r -> {
            assertEquals(1, r.conditions().size());
            ArgCondition c = r.conditions().getFirst();
            assertEquals(ArgCondition.maskedEq(0, 0xFFFF_FFFFL, c.valueTwo()), c, "32-bit compare on arg0");
            return c.valueTwo();
        }).collect(Collectors.toSet());
    }

    @Test
    void ioctlComparesTheLow32BitsOfTheRequest() {
        List<SyscallRule> ioctl = OFFLINE.rulesFor("ioctl");
        assertEquals(18, ioctl.size());
        Set<Long> requests = new HashSet<>();
        for (SyscallRule r : ioctl) {
            ArgCondition c = r.conditions().getFirst();
            assertEquals(1, c.index());
            assertEquals(ArgCondition.Op.MASKED_EQ, c.op());
            assertEquals(0xFFFF_FFFFL, c.value());
            requests.add(c.valueTwo());
        }
        assertEquals(Set.of(0x5401L, 0x802C542AL, 0x5402L, 0x5403L, 0x5404L, 0x540BL, 0x540EL, 0x540FL, 0x5410L,
                0x5413L, 0x5429L, 0x541BL, 0x5421L, 0x5451L, 0x5450L,
                0x40049409L, 0x4020940DL, 0xC0189436L), requests, "the reference's fifteen and the three reflink requests");
    }

    @Test
    void gpuModeAllowsEveryIoctl() {
        SeccompProfile gpu = DefaultSeccompProfile.forRequest(false, true);
        assertEquals(List.of(SyscallRule.of("ioctl", SeccompAction.ALLOW)), gpu.rulesFor("ioctl"));
        assertFalse(gpu.argumentFilteredNames().contains("ioctl"));
    }

    @Test
    void prctlAllowsTheListedOptionsAndAmbientIsSetOnly() {
        List<SyscallRule> prctl = OFFLINE.rulesFor("prctl");
        assertEquals(13, prctl.size());
        Set<Long> options = prctl.stream().filter(r -> r.conditions().size() == 1)
                .map(r -> r.conditions().getFirst().valueTwo()).collect(Collectors.toSet());
        assertEquals(Set.of(1L, 2L, 15L, 16L, 23L, 27L, 35L, 36L, 37L, 38L, 39L, 40L), options);
        assertTrue(prctl.contains(SyscallRule.of("prctl", SeccompAction.ALLOW,
                ArgCondition.low32Eq(0, 47), ArgCondition.low32Eq(1, 1))));
        assertFalse(options.contains(24L), "PR_CAPBSET_DROP");
        assertFalse(options.contains(28L), "PR_SET_SECUREBITS");
    }

    @Test
    void singleConditionFilters() {
        assertEquals(List.of(SyscallRule.of("prlimit64", SeccompAction.ALLOW, ArgCondition.eq(2, 0))),
                OFFLINE.rulesFor("prlimit64"));
        assertEquals(List.of(SyscallRule.of("preadv2", SeccompAction.ALLOW, ArgCondition.eq(5, 0))),
                OFFLINE.rulesFor("preadv2"));
        assertEquals(List.of(SyscallRule.of("pwritev2", SeccompAction.ALLOW, ArgCondition.eq(5, 0))),
                OFFLINE.rulesFor("pwritev2"));
        assertEquals(List.of(SyscallRule.of("execveat", SeccompAction.ALLOW, ArgCondition.maskedEq(4, 0x1000, 0))),
                OFFLINE.rulesFor("execveat"));
        assertEquals(List.of(SyscallRule.of("clone", SeccompAction.ALLOW, ArgCondition.maskedEq(0, 0x7E02_0080L, 0))),
                OFFLINE.rulesFor("clone"));
    }

    /** Evaluates the mprotect rules for every prot value: only W|X together is refused. */
    @Test
    void mprotectRejectsWriteAndExecTogetherOnly() {
        List<SyscallRule> rules = OFFLINE.rulesFor("mprotect");
        assertEquals(3, rules.size());
        for (long prot = 0; prot < 64; prot++) {
            long p = prot;
            boolean allowed = rules.stream().anyMatch(r -> r.conditions().stream()
                    .allMatch(c -> (p & c.value()) == c.valueTwo()));
            assertEquals((prot & 6) != 6, allowed, "prot=" + prot);
        }
    }

    @Test
    void requestsGiveDifferentProfilesAndStableEncodings() {
        assertNotEquals(OFFLINE, ONLINE);
        assertEquals(OFFLINE, DefaultSeccompProfile.forRequest(false, false));
        assertTrue(Arrays.equals(OFFLINE.canonicalEncoding(),
                DefaultSeccompProfile.forRequest(false, false).canonicalEncoding()));
        assertFalse(Arrays.equals(OFFLINE.canonicalEncoding(), ONLINE.canonicalEncoding()));
    }

    @Test
    void theWorkloadKeepsOnlyItsOwnIdsThroughTheSetIdFamily() {
        SeccompProfile own = DefaultSeccompProfile.withOwnIds(OFFLINE, 1000, 2000);
        assertEquals(OFFLINE.rules().size() + 6, own.rules().size());
        long uid = 1000;
        long gid = 2000;
        assertEquals(List.of(SyscallRule.of("setuid", SeccompAction.ALLOW, ArgCondition.low32Eq(0, uid))),
                own.rulesFor("setuid"));
        assertEquals(List.of(SyscallRule.of("setgid", SeccompAction.ALLOW, ArgCondition.low32Eq(0, gid))),
                own.rulesFor("setgid"));
        assertEquals(List.of(SyscallRule.of("setresgid", SeccompAction.ALLOW, ArgCondition.low32Eq(0, gid),
                ArgCondition.low32Eq(1, gid), ArgCondition.low32Eq(2, gid))), own.rulesFor("setresgid"));
        assertEquals(2, own.rulesFor("setreuid").getFirst().conditions().size());
        for (String name : List.of("setfsuid", "setfsgid", "setgroups")) {
            assertTrue(own.rulesFor(name).isEmpty(), name);
        }
        Set<String> unconditional = own.unconditionalNames(SeccompAction.ALLOW);
        for (String name : List.of("setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid")) {
            assertFalse(unconditional.contains(name), name + ": never any id");
        }
    }

    /** A launch's profile made in one go is the request's with the workload's own ids, rule for rule. */
    @Property(tries = 60)
    void aWorkloadsProfileIsTheRequestsWithItsOwnIds(@ForAll boolean networked,
                                                     @ForAll boolean gpu,
                                                     @ForAll @LongRange(min = 0, max = 4294967294L) long uid,
                                                     @ForAll @LongRange(min = 0, max = 4294967294L) long gid) {
        SeccompProfile expected = DefaultSeccompProfile.withOwnIds(DefaultSeccompProfile.forRequest(networked, gpu), uid, gid);
        SeccompProfile made = DefaultSeccompProfile.forWorkload(networked, gpu, uid, gid);
        assertEquals(expected, made);
        assertArrayEquals(expected.canonicalEncoding(), made.canonicalEncoding());
    }
}
