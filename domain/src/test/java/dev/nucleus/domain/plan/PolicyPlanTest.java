package dev.nucleus.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.policy.CapabilityPolicy;
import dev.nucleus.domain.policy.LandlockPolicy;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PolicyPlanTest {
    private static ContainerSpec spec() throws Exception {
        return LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(new EnumMap<>(LaunchOption.class),
                List.of("/bin/sh"), RawLaunchRequest.Origin.FLAGS)), new Invoker(0, 0));
    }

    private static List<Step> plan(int abi, Optional<CapabilityPolicy> caps, Optional<LandlockPolicy> landlock)
            throws Exception {
        PlanInputs in = new PlanInputs("c1", "/run/root", List.of(), new PlanInputs.Workload(1000, 1000, List.of()),
                "/bin/sh", List.of(), Optional.empty(), abi, List.of(), List.of(), Optional.empty(), Optional.empty(),
                List.of(), List.of(), Optional.empty(), List.of()).withPolicies(caps, landlock);
        return PlanBuilder.build(spec(), in).steps();
    }

    private static <T extends Step> T only(List<Step> steps, Class<T> kind) {
        List<T> found = steps.stream().filter(kind::isInstance).map(kind::cast).toList();
        return found.getLast();
    }

    @Test
    void aCapabilityPolicyFillsTheSetsInTheKernelsOrder() throws Exception {
        CapabilityPolicy caps = CapabilityPolicy.fromDocument(Map.of(
                "bounding", Map.of("keep", List.of("NET_BIND_SERVICE", "KILL", "CHOWN")),
                "effective", Map.of("keep", List.of("NET_BIND_SERVICE")),
                "ambient", Map.of("keep", List.of("KILL"))));
        List<Step> steps = plan(7, Optional.of(caps), Optional.empty());
        assertEquals(new Step.DropBounding((1L << 10) | (1L << 5) | 1L), only(steps, Step.DropBounding.class));
        assertEquals(new Step.Capset(1L << 10, (1L << 10) | (1L << 5), 1L << 5), only(steps, Step.Capset.class));
        assertEquals(new Step.Ambient(1L << 5), only(steps, Step.Ambient.class));
        int bounding = steps.indexOf(only(steps, Step.DropBounding.class));
        int identity = steps.indexOf(only(steps, Step.SetIdentity.class));
        int capset = steps.indexOf(only(steps, Step.Capset.class));
        int ambient = steps.indexOf(only(steps, Step.Ambient.class));
        assertEquals(List.of(bounding, identity, capset, ambient),
                List.of(bounding, identity, capset, ambient).stream().sorted().toList());
    }

    @Test
    void withoutAPolicyEverySetIsEmpty() throws Exception {
        List<Step> steps = plan(7, Optional.empty(), Optional.empty());
        assertEquals(new Step.DropBounding(0), only(steps, Step.DropBounding.class));
        assertEquals(new Step.Capset(0, 0, 0), only(steps, Step.Capset.class));
        assertEquals(new Step.Ambient(0), only(steps, Step.Ambient.class));
    }

    @Test
    void aLandlockPolicyReplacesTheDefaultRulesMaskedToTheAbi() throws Exception {
        LandlockPolicy policy = LandlockPolicy.fromDocument(Map.of("rules", List.of(
                Map.of("path", "/usr", "access", List.of("read", "readdir", "execute")),
                Map.of("path", "/tmp", "access", List.of("read", "write", "truncate")),
                Map.of("path", "/dev", "access", List.of("ioctl_dev")))));
        Step.Landlock abi3 = only(plan(3, Optional.empty(), Optional.of(policy)), Step.Landlock.class);
        assertEquals(LandlockAccess.handledBy(3), abi3.handledFs());
        assertEquals(List.of(
                new LandlockRule("/usr", LandlockAccess.READ | LandlockAccess.EXECUTE, true),
                new LandlockRule("/tmp", LandlockAccess.READ_FILE | LandlockAccess.WRITE_FILE | LandlockAccess.TRUNCATE,
                        true)), abi3.rules(), "ioctl_dev needs ABI 5: the /dev rule grants nothing and is left out");
        Step.Landlock abi7 = only(plan(7, Optional.empty(), Optional.of(policy)), Step.Landlock.class);
        assertEquals(LandlockAccess.handledBy(7), abi7.handledFs());
        assertEquals(new LandlockRule("/dev", LandlockAccess.IOCTL_DEV, true), abi7.rules().get(2));
    }

    @Test
    void netRulesBecomeOneTcpLayerAndScopesFollowThePolicy() throws Exception {
        LandlockPolicy p = LandlockPolicy.fromDocument(Map.of("scopes", List.of("abstract_unix_socket"),
                "net", Map.of("bind_tcp", List.of(8080L), "connect_tcp", List.of(8080L, 443L))));
        List<Step> steps = plan(7, Optional.empty(), Optional.of(p));
        assertEquals(new Step.LandlockNet(3, List.of(new Step.LandlockNet.PortRule(2, 443),
                new Step.LandlockNet.PortRule(3, 8080))), only(steps, Step.LandlockNet.class));
        assertEquals(new Step.LandlockScope(1), only(steps, Step.LandlockScope.class));
        int fs = steps.indexOf(only(steps, Step.Landlock.class));
        int net = steps.indexOf(only(steps, Step.LandlockNet.class));
        int seccomp = steps.indexOf(steps.stream().filter(s -> s instanceof Step.CloseFds).findFirst().orElseThrow());
        assertEquals(List.of(fs, net, seccomp), List.of(fs, net, seccomp).stream().sorted().toList());

        List<Step> old = plan(3, Optional.empty(), Optional.of(p));
        assertEquals(0, old.stream().filter(s -> s instanceof Step.LandlockNet || s instanceof Step.LandlockScope)
                .count(), "below ABI 4 and 6 neither layer is planned (strict modes refused already)");

        LandlockPolicy noScopes = LandlockPolicy.fromDocument(Map.of("scopes", List.of()));
        assertEquals(0, plan(7, Optional.empty(), Optional.of(noScopes)).stream()
                .filter(Step.LandlockScope.class::isInstance).count());
        assertEquals(new Step.LandlockScope(3), only(plan(7, Optional.empty(), Optional.empty()),
                Step.LandlockScope.class), "no policy: both scopes");
    }
}
