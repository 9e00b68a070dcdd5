package dev.nucleus.linux.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.seccomp.ArgCondition;
import dev.nucleus.domain.seccomp.SeccompAction;
import dev.nucleus.domain.seccomp.SeccompArchitecture;
import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.domain.seccomp.SyscallRule;
import dev.nucleus.domain.spec.PolicyFile;
import dev.nucleus.domain.value.HostPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Docker's own default.json (shared/testdata, beside the clone) loads and compiles through libseccomp. */
@Tag("root")
class DockerDefaultProfileTest {
    static Path dockerDefault() {
        for (Path candidate : List.of(Path.of("../../shared/testdata/seccomp/docker-default.json"),
                Path.of("../shared/testdata/seccomp/docker-default.json"),
                Path.of("/work/shared/testdata/seccomp/docker-default.json"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("shared/testdata/seccomp/docker-default.json not found beside the clone");
    }

    @Test
    void loadsAndCompiles() throws Exception {
        Path file = dockerDefault();
        String pin = OciSeccompProfiles.sha256(Files.readAllBytes(file));
        SeccompProfile p = OciSeccompProfiles.load(new PolicyFile(new HostPath(file.toString()), Optional.of(pin)),
                Set.of());
        assertEquals(SeccompAction.errno(1), p.defaultAction());
        assertEquals(List.of(SeccompArchitecture.X86_64), p.architectures());
        assertEquals(List.of(SyscallRule.of("clone3", SeccompAction.errno(38))), p.rulesFor("clone3"));
        assertEquals(List.of(SyscallRule.of("clone", SeccompAction.ALLOW, ArgCondition.maskedEq(0, 2114060288L, 0))),
                p.rulesFor("clone"), "without CAP_SYS_ADMIN clone may not create namespaces");
        assertTrue(p.syscallNames().contains("arch_prctl"), "amd64-only group included");
        assertFalse(p.syscallNames().contains("mount"), "mount needs CAP_SYS_ADMIN");
        assertFalse(p.syscallNames().contains("bpf"));
        assertFalse(p.syscallNames().contains("unshare"));
        assertFalse(p.syscallNames().contains("keyctl"));
        assertEquals(5, p.rulesFor("personality").size());

        SeccompCompiler.Program program = new SeccompCompiler().compile(p);
        assertTrue(program.instructions() > 100, "program has " + program.instructions() + " instructions");

        SeccompProfile admin = OciSeccompProfiles.load(new PolicyFile(new HostPath(file.toString()), Optional.empty()),
                Set.of("CAP_SYS_ADMIN"));
        assertTrue(admin.syscallNames().contains("mount") && admin.syscallNames().contains("unshare"));
        assertEquals(List.of(SyscallRule.of("clone", SeccompAction.ALLOW)), admin.rulesFor("clone"));
        new SeccompCompiler().compile(admin);
    }
}
