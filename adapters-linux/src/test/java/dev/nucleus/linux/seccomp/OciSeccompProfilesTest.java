package dev.nucleus.linux.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.seccomp.ArgCondition;
import dev.nucleus.domain.seccomp.SeccompAction;
import dev.nucleus.domain.seccomp.SeccompArchitecture;
import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.domain.seccomp.SyscallRule;
import dev.nucleus.domain.spec.PolicyFile;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.linux.seccomp.OciSeccompProfiles.KernelVersion;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciSeccompProfilesTest {
    private static final KernelVersion KERNEL = new KernelVersion(6, 18);

    private static SeccompProfile parse(String json) throws PolicyRejectedException {
        return parse(json, Set.of(), KERNEL);
    }

    private static SeccompProfile parse(String json, Set<String> caps, KernelVersion kernel)
            throws PolicyRejectedException {
        return OciSeccompProfiles.parse("p.json", json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), caps, kernel);
    }

    private static String rejected(String json) {
        return assertThrows(PolicyRejectedException.class, () -> parse(json)).getMessage();
    }

    private static final SyscallRule CLONE3 = SyscallRule.of("clone3", SeccompAction.errno(38));

    @Test
    void defaultActionAndErrnoRetAreHonoured() throws Exception {
        SeccompProfile p = parse("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':13,'syscalls':[]}");
        assertEquals(SeccompAction.errno(13), p.defaultAction());
        assertEquals(SeccompAction.KILL_PROCESS, parse("{'defaultAction':'SCMP_ACT_KILL_PROCESS'}").defaultAction());
        assertEquals(SeccompAction.KILL_THREAD, parse("{'defaultAction':'SCMP_ACT_KILL'}").defaultAction());
        assertEquals(SeccompAction.errno(1), parse("{'defaultAction':'SCMP_ACT_ERRNO'}").defaultAction(),
                "ERRNO without errnoRet is EPERM, as runc does");
        assertEquals(SeccompAction.ALLOW, parse("{'defaultAction':'SCMP_ACT_ALLOW'}").defaultAction());
    }

    @Test
    void ruleErrnoRetAndActions() throws Exception {
        SeccompProfile p = parse("{'defaultAction':'SCMP_ACT_ALLOW','syscalls':["
                + "{'names':['mkdir','rmdir'],'action':'SCMP_ACT_ERRNO','errnoRet':30},"
                + "{'names':['reboot'],'action':'SCMP_ACT_KILL_PROCESS'}]}");
        assertEquals(List.of(SyscallRule.of("mkdir", SeccompAction.errno(30)),
                SyscallRule.of("rmdir", SeccompAction.errno(30)),
                SyscallRule.of("reboot", SeccompAction.KILL_PROCESS), CLONE3), p.rules());
    }

    @Test
    void argsWithinARuleAreAndedAndRulesForOneNameOred() throws Exception {
        SeccompProfile p = parse("{'defaultAction':'SCMP_ACT_ERRNO','architectures':['SCMP_ARCH_X86_64','SCMP_ARCH_X86'],"
                + "'syscalls':["
                + "{'names':['personality'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':0,'op':'SCMP_CMP_EQ'}]},"
                + "{'names':['personality'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':8,'op':'SCMP_CMP_EQ'}]},"
                + "{'names':['mmap'],'action':'SCMP_ACT_ALLOW','args':[{'index':2,'value':4,'valueTwo':0,'op':'SCMP_CMP_MASKED_EQ'},"
                + "{'index':3,'value':18446744073709551615,'op':'SCMP_CMP_NE'}]}]}");
        assertEquals(List.of(SeccompArchitecture.X86_64), p.architectures());
        assertEquals(List.of(SyscallRule.of("personality", SeccompAction.ALLOW, ArgCondition.eq(0, 0)),
                SyscallRule.of("personality", SeccompAction.ALLOW, ArgCondition.eq(0, 8))), p.rulesFor("personality"));
        assertEquals(List.of(SyscallRule.of("mmap", SeccompAction.ALLOW, ArgCondition.maskedEq(2, 4, 0),
                new ArgCondition(3, ArgCondition.Op.NE, -1L, 0))), p.rulesFor("mmap"));
        new SeccompCompiler().compile(p); // libseccomp accepts both shapes
    }

    @Test
    void everyOperatorIsUnderstood() throws Exception {
        String[] ops = {"NE", "LT", "LE", "EQ", "GE", "GT", "MASKED_EQ"};
        for (int i = 0; i < ops.length; i++) {
            SeccompProfile p = parse("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['socket'],"
                    + "'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':1,'op':'SCMP_CMP_" + ops[i] + "'}]}]}");
            assertEquals(ArgCondition.Op.values()[i], p.rulesFor("socket").getFirst().conditions().getFirst().op());
        }
    }

    @Test
    void badOperatorNamesTheFileAndTheJsonPath() {
        String m = rejected("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['a'],'action':'SCMP_ACT_ALLOW'},"
                + "{'names':['b'],'action':'SCMP_ACT_ALLOW'},{'names':['c'],'action':'SCMP_ACT_ALLOW'},"
                + "{'names':['socket'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':1,'op':'SCMP_CMP_FOO'}]}]}");
        assertTrue(m.contains("p.json") && m.contains("syscalls[3].args[0].op: unknown operator 'SCMP_CMP_FOO'"), m);
    }

    @Test
    void otherMistakesNameTheirPath() {
        assertTrue(rejected("{'syscalls':[]}").contains("defaultAction: is required"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_NOPE'}").contains("defaultAction: unknown action 'SCMP_ACT_NOPE'"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ALLOW','defaultErrnoRet':1}").contains("defaultErrnoRet:"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['x'],'action':'SCMP_ACT_ERRNO','errnoRet':70000}]}")
                .contains("syscalls[0].errnoRet:"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['x'],'action':'SCMP_ACT_ALLOW',"
                + "'args':[{'index':6,'value':1,'op':'SCMP_CMP_EQ'}]}]}").contains("syscalls[0].args[0].index:"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['x'],'action':'SCMP_ACT_ALLOW',"
                + "'args':[{'index':0,'value':-1,'op':'SCMP_CMP_EQ'}]}]}").contains("syscalls[0].args[0].value:"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['x'],'action':'SCMP_ACT_ALLOW',"
                + "'args':[{'index':0,'value':1,'op':'SCMP_CMP_GE'},{'index':0,'value':9,'op':'SCMP_CMP_LE'}]}]}")
                .contains("syscalls[0].args[1].index: argument 0 is compared twice"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO','architectures':['SCMP_ARCH_FOO']}")
                .contains("architectures[0]: unknown architecture 'SCMP_ARCH_FOO'"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO','architectures':['SCMP_ARCH_AARCH64']}")
                .contains("SCMP_ARCH_X86_64"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['x'],'action':'SCMP_ACT_ALLOW'},"
                + "{'names':['x'],'action':'SCMP_ACT_KILL'}]}").contains("syscalls[1]: x is KILL_THREAD here but ALLOW in syscalls[0]"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['Bad Name'],'action':'SCMP_ACT_ALLOW'}]}")
                .contains("syscalls[0].names[0]"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['x'],'action':'SCMP_ACT_NOTIFY'}]}")
                .contains("syscalls[0].action: SCMP_ACT_NOTIFY"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['x'],'action':'SCMP_ACT_ALLOW',"
                + "'includes':{'minKernel':'four'}}]}").contains("syscalls[0].includes.minKernel:"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO',").contains("p.json: not valid JSON at line 1"));
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO','defaultAction':'SCMP_ACT_ALLOW'}").contains("not valid JSON"),
                "a duplicate key is ambiguous, so refused");
    }

    @Test
    void unknownSyscallNamesAreSkippedNotFatal() throws Exception {
        SeccompProfile p = parse("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['getpid','no_such_call_here'],"
                + "'action':'SCMP_ACT_ALLOW'}]}");
        SeccompCompiler.Program program = new SeccompCompiler().compile(p);
        assertEquals(List.of("no_such_call_here"), program.unknownSyscalls());
    }

    @Test
    void clone3IsAlwaysEnosys() throws Exception {
        SeccompProfile p = parse("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':["
                + "{'names':['clone','clone3'],'action':'SCMP_ACT_ALLOW'},"
                + "{'names':['clone3'],'action':'SCMP_ACT_ERRNO','errnoRet':1}]}");
        assertEquals(List.of(CLONE3), p.rulesFor("clone3"));
        assertEquals(List.of(SyscallRule.of("clone", SeccompAction.ALLOW)), p.rulesFor("clone"));
        assertEquals(List.of(CLONE3), parse("{'defaultAction':'SCMP_ACT_ALLOW'}").rules());
    }

    @Test
    void ioctlRequestEqualityComparesTheLow32Bits() throws Exception {
        SeccompProfile p = parse("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['ioctl'],'action':'SCMP_ACT_ALLOW',"
                + "'args':[{'index':1,'value':21505,'op':'SCMP_CMP_EQ'}]},"
                + "{'names':['ioctl'],'action':'SCMP_ACT_ALLOW','args':[{'index':1,'value':18446744072636094583,'op':'SCMP_CMP_EQ'}]},"
                + "{'names':['ioctl'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':3,'op':'SCMP_CMP_EQ'}]}]}");
        assertEquals(List.of(
                SyscallRule.of("ioctl", SeccompAction.ALLOW, ArgCondition.low32Eq(1, 0x5401)),
                // a sign-extended request (0xffffffffc0045877) is the kernel's unsigned int 0xc0045877
                SyscallRule.of("ioctl", SeccompAction.ALLOW, ArgCondition.low32Eq(1, 0xc0045877L)),
                SyscallRule.of("ioctl", SeccompAction.ALLOW, ArgCondition.eq(0, 3))), p.rulesFor("ioctl"));
        SeccompProfile other = parse("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['fcntl'],'action':'SCMP_ACT_ALLOW',"
                + "'args':[{'index':1,'value':21505,'op':'SCMP_CMP_EQ'}]}]}");
        assertEquals(ArgCondition.eq(1, 21505), other.rulesFor("fcntl").getFirst().conditions().getFirst(),
                "only ioctl's request is narrowed");
    }

    private static final String TEMPLATE = "{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':1,'archMap':["
            + "{'architecture':'SCMP_ARCH_AARCH64','subArchitectures':['SCMP_ARCH_ARM']},"
            + "{'architecture':'SCMP_ARCH_X86_64','subArchitectures':['SCMP_ARCH_X86','SCMP_ARCH_X32']}],'syscalls':["
            + "{'names':['read'],'action':'SCMP_ACT_ALLOW'},"
            + "{'names':['ptrace'],'action':'SCMP_ACT_ALLOW','includes':{'minKernel':'4.8'}},"
            + "{'names':['newcall'],'action':'SCMP_ACT_ALLOW','includes':{'minKernel':'7.1'}},"
            + "{'names':['oldcall'],'action':'SCMP_ACT_ALLOW','excludes':{'minKernel':'5.0'}},"
            + "{'names':['arch_prctl'],'action':'SCMP_ACT_ALLOW','includes':{'arches':['amd64','x32']}},"
            + "{'names':['arm_fadvise64_64'],'action':'SCMP_ACT_ALLOW','includes':{'arches':['arm','arm64']}},"
            + "{'names':['bpf','mount'],'action':'SCMP_ACT_ALLOW','includes':{'caps':['CAP_SYS_ADMIN']}},"
            + "{'names':['clone'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':2114060288,'op':'SCMP_CMP_MASKED_EQ'}],"
            + "'excludes':{'caps':['CAP_SYS_ADMIN'],'arches':['s390','s390x']}},"
            + "{'names':['s390_only'],'action':'SCMP_ACT_ALLOW','excludes':{'arches':['amd64']}}]}";

    @Test
    void templateWithoutCapabilitiesOnANewKernel() throws Exception {
        SeccompProfile p = parse(TEMPLATE, Set.of(), KERNEL);
        assertEquals(List.of(SeccompArchitecture.X86_64), p.architectures());
        assertEquals(SeccompAction.errno(1), p.defaultAction());
        assertEquals(List.of("read", "ptrace", "arch_prctl", "clone", "clone3"), List.copyOf(p.syscallNames()));
        assertEquals(List.of(SyscallRule.of("clone", SeccompAction.ALLOW, ArgCondition.maskedEq(0, 2114060288L, 0))),
                p.rulesFor("clone"));
    }

    @Test
    void templateWithSysAdminOnAnOldKernel() throws Exception {
        SeccompProfile p = parse(TEMPLATE, Set.of("sys_admin"), new KernelVersion(4, 4));
        assertEquals(List.of("read", "oldcall", "arch_prctl", "bpf", "mount", "clone3"), List.copyOf(p.syscallNames()));
        assertEquals(List.of("read", "ptrace", "newcall", "arch_prctl", "bpf", "mount", "clone3"),
                List.copyOf(parse(TEMPLATE, Set.of("CAP_SYS_ADMIN"), new KernelVersion(7, 1)).syscallNames()));
    }

    @Test
    void archMapWithoutThisHostIsRefused() {
        String m = rejected("{'defaultAction':'SCMP_ACT_ERRNO','archMap':[{'architecture':'SCMP_ARCH_AARCH64'}]}");
        assertTrue(m.contains("archMap: has no entry for this host's SCMP_ARCH_X86_64"), m);
        assertTrue(rejected("{'defaultAction':'SCMP_ACT_ERRNO','archMap':[],'architectures':[]}").contains("not both"));
    }

    @Test
    void kernelVersionParsing() {
        assertEquals(new KernelVersion(6, 18), KernelVersion.parse("6.18.0-1-amd64\n"));
        assertEquals(new KernelVersion(4, 8), KernelVersion.parse("4.8"));
        assertTrue(KernelVersion.running().compareTo(new KernelVersion(3, 0)) > 0);
    }

    @TempDir
    Path dir;

    @Test
    void pinMismatchNamesTheFileAndBothDigests() throws Exception {
        Path file = Files.writeString(dir.resolve("profile.json"), "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
        String actual = OciSeccompProfiles.sha256(Files.readAllBytes(file));
        String wrong = "ab".repeat(32);
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> OciSeccompProfiles.load(
                new PolicyFile(new HostPath(file.toString()), Optional.of(wrong)), Set.of()));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(wrong)
                && e.getMessage().contains(actual), e.getMessage());
        assertTrue(e instanceof LaunchFailedException);
        // the right pin, in either case, loads
        SeccompProfile ok = OciSeccompProfiles.load(
                new PolicyFile(new HostPath(file.toString()), Optional.of(actual.toUpperCase())), Set.of());
        assertEquals(SeccompAction.ALLOW, ok.defaultAction());
    }

    @Test
    void pinIsCheckedBeforeParsing() throws Exception {
        Path file = Files.writeString(dir.resolve("garbage.json"), "not json at all");
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> OciSeccompProfiles.load(
                new PolicyFile(new HostPath(file.toString()), Optional.of("00".repeat(32))), Set.of()));
        assertTrue(e.getMessage().contains("does not match its pin"), e.getMessage());
    }

    @Test
    void missingFileIsRejected() {
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> OciSeccompProfiles.load(
                new PolicyFile(new HostPath(dir.resolve("absent.json").toString()), Optional.empty()), Set.of()));
        assertTrue(e.getMessage().contains("absent.json") && e.getMessage().contains("no such file"), e.getMessage());
    }
}
