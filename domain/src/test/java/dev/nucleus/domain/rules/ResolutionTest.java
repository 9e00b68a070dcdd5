package dev.nucleus.domain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.spec.NatBackend;
import dev.nucleus.domain.value.IdMapping;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The mode's defaults as resolved into a {@link ContainerSpec}. */
class ResolutionTest {
    private static ContainerSpec spec(Invoker invoker, String... flags) throws InvalidRequestException {
        return LaunchValidator.validate(Requests.request(List.of(flags)), invoker);
    }

    @Test
    void strictAgentStartedAsRootRemapsRootTo100000() throws Exception {
        ContainerSpec s = spec(Requests.ROOT, "--strict-agent", "--trust-level", "trusted");
        assertEquals(UserNamespacePlan.Source.STRICT_REMAP, s.userNamespace().source());
        assertEquals(List.of(new IdMapping(0, 100_000, 65_536)), s.userNamespace().uidMap());
        assertEquals(List.of(new IdMapping(0, 100_000, 65_536)), s.userNamespace().gidMap());
    }

    @Test
    void productionStartedAsRootRemapsRootTo100000AsTheReferenceDoes() throws Exception {
        ContainerSpec s = spec(Requests.ROOT, "--service-mode", "production", "--memory", "1G", "--cpus", "1",
                "--verify-rootfs-attestation", "--rootfs", "/r", "--trust-level", "trusted");
        assertEquals(UserNamespacePlan.Source.STRICT_REMAP, s.userNamespace().source());
        assertEquals(List.of(new IdMapping(0, 100_000, 65_536)), s.userNamespace().uidMap());
    }

    @Test
    void agentAsRootHasNoUserNamespaceUnlessAsked() throws Exception {
        assertFalse(spec(Requests.ROOT).userNamespace().enabled());
        ContainerSpec rootless = spec(Requests.ROOT, "--rootless");
        assertEquals(UserNamespacePlan.Source.REQUESTED, rootless.userNamespace().source());
        assertEquals(List.of(new IdMapping(0, 0, 1)), rootless.userNamespace().uidMap());
    }

    @Test
    void unprivilegedCallerAlwaysGetsASelfMappedUserNamespace() throws Exception {
        ContainerSpec s = spec(Requests.USER);
        assertEquals(UserNamespacePlan.Source.UNPRIVILEGED, s.userNamespace().source());
        assertEquals(List.of(new IdMapping(0, 1000, 1)), s.userNamespace().uidMap());
    }

    private static final SubordinateIds SUB = new SubordinateIds(100_000, 200_000, 300_000, 65_536);

    @Test
    void keepIdMapsRootToTheFirstSubordinateIdAndTheCallerToItself() throws Exception {
        UserNamespacePlan p = spec(Requests.USER.withSubordinate(Optional.of(SUB)), "--userns", "keep-id")
                .userNamespace();
        assertTrue(p.enabled());
        assertEquals(List.of(new IdMapping(0, 100_000, 1), new IdMapping(1000, 1000, 1)), p.uidMap());
        assertEquals(List.of(new IdMapping(0, 300_000, 1), new IdMapping(1000, 1000, 1)), p.gidMap());
        assertEquals(Optional.of(new UserNamespacePlan.KeptIds(1000, 1000)), p.keptIds());
    }

    @Test
    void autoMapsRootToTheCallerAndTheRestToAtMost65536SubordinateIds() throws Exception {
        UserNamespacePlan p = spec(Requests.USER.withSubordinate(Optional.of(SUB)), "--userns", "auto").userNamespace();
        assertEquals(List.of(new IdMapping(0, 1000, 1), new IdMapping(1, 100_000, 65_536)), p.uidMap(),
                "200,000 subordinate uids: the first 65,536");
        assertEquals(List.of(new IdMapping(0, 1000, 1), new IdMapping(1, 300_000, 65_536)), p.gidMap());
        assertEquals(Optional.empty(), p.keptIds(), "auto runs the workload as container root");
        UserNamespacePlan root = spec(Requests.ROOT.withSubordinate(Optional.of(SUB)), "--userns", "auto")
                .userNamespace();
        assertEquals(List.of(new IdMapping(0, 0, 1), new IdMapping(1, 100_000, 65_536)), root.uidMap());
    }

    @Test
    void subordinateModesWithoutSubordinateIdsOrKeepIdAsRootAreRefused() {
        InvalidRequestException none = assertThrows(InvalidRequestException.class,
                () -> spec(Requests.USER, "--userns", "auto"));
        assertTrue(none.getMessage().contains(UserNamespaceResolver.SUBORDINATE_IDS), none.getMessage());
        assertTrue(none.getMessage().contains("/etc/subuid and /etc/subgid give uid 1000 none"), none.getMessage());
        InvalidRequestException root = assertThrows(InvalidRequestException.class,
                () -> spec(Requests.ROOT.withSubordinate(Optional.of(SUB)), "--userns", "keep-id"));
        assertTrue(root.getMessage().contains(UserNamespaceResolver.KEEP_ID_AS_ROOT), root.getMessage());
        InvalidRequestException strict = assertThrows(InvalidRequestException.class,
                () -> spec(Requests.ROOT.withSubordinate(Optional.of(SUB)), "--strict-agent", "--trust-level",
                        "trusted", "--userns", "auto"));
        assertTrue(strict.getMessage().contains(UserNamespaceResolver.STRICT_ROOT_MAPPING), strict.getMessage());
    }

    /** Explicit maps used to win silently: keep-id (refused as root on its own) then ran as root's request. */
    @Test
    void explicitMapsAndAModeThatMapsAreRefusedTogether() throws Exception {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> spec(Requests.ROOT, "--userns",
                "keep-id", "--uidmap", "0:300000:1000", "--gidmap", "0:300000:1000"));
        assertTrue(e.getMessage().contains("userns-mode-with-maps"), e.getMessage());
        ContainerSpec explicit = spec(Requests.ROOT, "--uidmap", "0:300000:1000", "--gidmap", "0:300000:1000");
        assertEquals(List.of(new IdMapping(0, 300_000, 1000)), explicit.userNamespace().uidMap());
    }

    @Test
    void strictAgentAsRootMayNotMapOntoHostRoot() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> spec(Requests.ROOT, "--strict-agent", "--trust-level", "trusted", "--rootless"));
        assertTrue(e.getMessage().contains(UserNamespaceResolver.STRICT_ROOT_MAPPING), e.getMessage());
    }

    @Test
    void agentBridgeGetsPublicResolversOnlyWithTheKernelBackend() throws Exception {
        ContainerSpec kernel = spec(Requests.ROOT, "--network", "bridge");
        assertEquals(NatBackend.KERNEL, kernel.network().natBackend());
        assertEquals("[8.8.8.8, 8.8.4.4]", kernel.network().dns().toString());
        assertEquals(EgressPlan.Kind.ALLOW_ALL, kernel.network().egress().kind());

        ContainerSpec slirp = spec(Requests.USER, "--network", "bridge");
        assertEquals(NatBackend.USERSPACE, slirp.network().natBackend());
        assertTrue(slirp.network().dns().isEmpty());
        assertTrue(slirp.network().userspaceDns());
    }

    @Test
    void productionBridgeDeniesAllEgressUnlessAllowed() throws Exception {
        String[] prod = {"--service-mode", "production", "--memory", "1G", "--cpus", "1",
                "--verify-rootfs-attestation", "--rootfs", "/r", "--trust-level", "trusted",
                "--network", "bridge", "--dns", "10.0.0.53"};
        ContainerSpec deny = spec(Requests.ROOT, prod);
        assertEquals(EgressPlan.Kind.DENY_ALL, deny.network().egress().kind());
        assertFalse(deny.network().egress().allowDns(), "deny-all includes DNS");

        String[] allowed = java.util.stream.Stream.concat(java.util.Arrays.stream(prod),
                java.util.stream.Stream.of("--egress-allow", "fd00::/8", "--egress-tcp-port", "443")).toArray(String[]::new);
        EgressPlan allow = spec(Requests.ROOT, allowed).network().egress();
        assertEquals(EgressPlan.Kind.ALLOWLIST, allow.kind());
        assertEquals("[fd00::/8]", allow.allow().toString());
        assertEquals(List.of(443), allow.tcpPorts());
        assertTrue(allow.allowDns());
    }

    @Test
    void brokerMeansBrokerOnlyEgress() throws Exception {
        EgressPlan e = spec(Requests.ROOT, "--network", "bridge", "--credential-broker", "10.0.42.1:3128")
                .network().egress();
        assertEquals(EgressPlan.Kind.BROKER_ONLY, e.kind());
        assertEquals("10.0.42.1:3128", e.broker().orElseThrow().toString());
    }

    @Test
    void egressIsNotApplicableWithoutABridge() throws Exception {
        assertEquals(EgressPlan.Kind.NOT_APPLICABLE, spec(Requests.ROOT).network().egress().kind());
    }

    @Test
    void enforcementFollowsTheModeTable() throws Exception {
        Enforcement agent = spec(Requests.ROOT).enforcement();
        assertEquals(FailureAction.FATAL, agent.securityLayerFailure());
        assertEquals(FailureAction.WARN, agent.cgroupFailure());
        assertEquals(Pid1.WORKLOAD, agent.pid1());
        assertFalse(agent.procHidepid());
        assertTrue(agent.procReadOnly());

        assertEquals(FailureAction.WARN, spec(Requests.ROOT, "--allow-degraded-security").enforcement().securityLayerFailure());
        assertFalse(spec(Requests.ROOT, "--proc-rw").enforcement().procReadOnly());

        Enforcement strict = spec(Requests.ROOT, "--strict-agent", "--trust-level", "trusted").enforcement();
        assertEquals(FailureAction.FATAL, strict.cgroupFailure());
        assertEquals(LandlockRequirement.Kind.FULL_DEFAULT_RULES, strict.landlock().kind());
        assertFalse(strict.landlock().satisfiedBy(4));
        assertTrue(strict.landlock().satisfiedBy(5));

        Enforcement prod = spec(Requests.ROOT, "--service-mode", "production", "--memory", "1G", "--cpus", "1",
                "--verify-rootfs-attestation", "--rootfs", "/r",
                "--trust-level", "trusted").enforcement();
        assertEquals(Pid1.MINI_INIT, prod.pid1());
        assertTrue(prod.procHidepid());
        assertTrue(prod.mountAudit());
        assertEquals(3, prod.landlock().minimumAbi());
        assertTrue(prod.forbiddenCapabilities().containsAll(Set.of("SYS_ADMIN", "SYS_MODULE", "SYS_RAWIO",
                "SYS_PTRACE", "DAC_READ_SEARCH", "SYS_BOOT", "BPF", "PERFMON", "NET_RAW", "MAC_ADMIN", "MAC_OVERRIDE")));
    }

    @Test
    void policyContentRulesApplyOnlyInProduction() throws Exception {
        Enforcement prod = ModeEnforcement.of(ServiceMode.PRODUCTION, Requests.request(List.of()));
        Enforcement agent = ModeEnforcement.of(ServiceMode.AGENT, Requests.request(List.of()));
        List<String> kept = List.of("cap_net_bind_service", "CAP_SYS_ADMIN", "net_raw");
        assertEquals(List.of("dangerous-capability-forbidden", "dangerous-capability-forbidden"),
                PolicyContentRules.checkCapabilities(prod, kept).stream().map(Violation::rule).toList());
        assertTrue(PolicyContentRules.checkCapabilities(agent, kept).isEmpty());
        assertEquals(1, PolicyContentRules.checkLandlockRule(prod, "/srv", Set.of("read", "write", "execute")).size());
        assertTrue(PolicyContentRules.checkLandlockRule(prod, "/srv", Set.of("read", "execute")).isEmpty());
        assertTrue(PolicyContentRules.checkLandlockRule(ModeEnforcement.of(ServiceMode.STRICT_AGENT,
                Requests.request(List.of())), "/srv", Set.of("write", "execute")).isEmpty());
    }

    @Test
    void productionSeesWriteAndExecuteAddedUpAlongAPath() throws Exception {
        Enforcement prod = ModeEnforcement.of(ServiceMode.PRODUCTION, Requests.request(List.of()));
        var root = new dev.nucleus.domain.policy.LandlockPolicy.Rule("/", Set.of("readdir", "read", "execute"));
        var data = new dev.nucleus.domain.policy.LandlockPolicy.Rule("/data", Set.of("read", "write", "create"));
        var dataExec = new dev.nucleus.domain.policy.LandlockPolicy.Rule("/data/bin", Set.of("execute"));
        var sibling = new dev.nucleus.domain.policy.LandlockPolicy.Rule("/database", Set.of("execute"));
        List<Violation> nested = PolicyContentRules.checkLandlockWriteExecute(prod, List.of(root, data));
        assertEquals(1, nested.size());
        assertEquals("production mode: the Landlock policy grants write and execute on /data (execute from its rule"
                + " on /, which holds it)", nested.getFirst().message());
        assertEquals(1, PolicyContentRules.checkLandlockWriteExecute(prod, List.of(data, dataExec)).size(),
                "write above, execute below");
        assertTrue(PolicyContentRules.checkLandlockWriteExecute(prod, List.of(data, sibling)).isEmpty(),
                "/database is not beneath /data");
        var createOnly = new dev.nucleus.domain.policy.LandlockPolicy.Rule("/srv", Set.of("make_reg", "execute"));
        assertEquals(1, PolicyContentRules.checkLandlockWriteExecute(prod, List.of(createOnly)).size(),
                "making a file is writing one");
    }

    @Test
    void valueErrorsComeBeforeRules() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> dev.nucleus.domain.launch
                .LaunchRequestParser.parse(Requests.raw(List.of("--service-mode", "production", "--memory", "lots"))));
        assertEquals(1, e.problems().size());
        assertEquals("--memory", e.problems().getFirst().subject());
    }
}
