package dev.nucleus.domain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.mode.ServiceMode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule, in every mode, on both sides: a request that breaks it is refused naming the rule
 * exactly in the modes the rule covers, and its fixed twin is not refused for that rule.
 */
class ModeTableTest {
    /** Flags that satisfy production's requirements, so each case changes only what it tests. */
    private static final List<String> BASE = List.of("--trust-level", "trusted", "--rootfs", "/srv/rootfs",
            "--memory", "1G", "--cpus", "1");
    /** Production's required switches (options without a value). */
    private static final List<String> BASE_SWITCHES = List.of("--verify-rootfs-attestation");

    /** One row: the rule, flags that break it, and flags that are its fixed twin. */
    record Case(String rule, List<String> breaking, List<String> fixed) {
    }

    private static List<String> base(String... extra) {
        return Stream.of(BASE.stream(), BASE_SWITCHES.stream(), Stream.of(extra)).flatMap(x -> x).toList();
    }

    /** n disjoint ten-id ranges each way, as the audit that found the kernel's page limit wrote them. */
    private static List<String> maps(int n) {
        List<String> flags = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String range = (i * 10) + ":" + (100_000 + i * 10) + ":10";
            flags.addAll(List.of("--uidmap", range, "--gidmap", range));
        }
        return base(flags.toArray(String[]::new));
    }

    private static List<String> groups(int n) {
        List<String> flags = new java.util.ArrayList<>();
        for (int i = 1; i <= n; i++) {
            flags.addAll(List.of("--additional-group", Integer.toString(i)));
        }
        return base(flags.toArray(String[]::new));
    }

    private static List<String> baseWithout(String flag, String... extra) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < BASE.size(); i += 2) {
            if (!BASE.get(i).equals(flag)) {
                out.add(BASE.get(i));
                out.add(BASE.get(i + 1));
            }
        }
        BASE_SWITCHES.stream().filter(s -> !s.equals(flag)).forEach(out::add);
        out.addAll(List.of(extra));
        return out;
    }

    static final List<Case> CASES = List.of(
            new Case("degraded-security-forbidden", base("--allow-degraded-security"), base()),
            new Case("chroot-fallback-forbidden", base("--allow-chroot-fallback"), base()),
            new Case("host-network-needs-allow", base("--network", "host"),
                    base("--network", "host", "--allow-host-network")),
            new Case("host-network-forbidden", base("--network", "host", "--allow-host-network"),
                    base("--network", "bridge", "--dns", "10.0.0.53")),
            new Case("gvisor-host-needs-gvisor", base("--network", "gvisor-host", "--allow-host-network"),
                    base("--network", "gvisor-host", "--allow-host-network", "--runtime", "gvisor")),
            new Case("gvisor-host-needs-allow", base("--network", "gvisor-host", "--runtime", "gvisor"),
                    base("--network", "gvisor-host", "--runtime", "gvisor", "--allow-host-network")),
            new Case("gvisor-host-no-egress", base("--network", "gvisor-host", "--runtime", "gvisor",
                    "--allow-host-network", "--egress-allow", "10.0.0.0/8"),
                    base("--network", "gvisor-host", "--runtime", "gvisor", "--allow-host-network")),
            new Case("allow-host-network-scope", base("--allow-host-network"), base()),
            new Case("allow-host-network-gvisor-only", base("--allow-host-network", "--network", "bridge", "--dns",
                    "10.0.0.53"), base("--network", "gvisor-host", "--runtime", "gvisor", "--allow-host-network")),
            new Case("seccomp-trace-forbidden", base("--seccomp-mode", "trace", "--seccomp-log", "/tmp/t.ndjson"),
                    base("--seccomp-mode", "enforce")),
            new Case("memory-required", baseWithout("--memory"), base()),
            new Case("cpus-required", baseWithout("--cpus"), base()),
            new Case("rootfs-required", baseWithout("--rootfs"), base()),
            new Case("rootfs-attestation-required", baseWithout("--verify-rootfs-attestation"), base()),
            new Case("agent-toolchain-rootfs-forbidden", baseWithout("--rootfs", "--agent-toolchain-rootfs", "/srv/tc"),
                    base()),
            new Case("overlay-rootfs-forbidden", base("--rootfs-mode", "overlay"), base("--rootfs-mode", "bind")),
            new Case("bridge-dns-required", base("--network", "bridge"),
                    base("--network", "bridge", "--dns", "10.0.0.53")),
            new Case("untrusted-native-forbidden", baseWithout("--trust-level"),
                    baseWithout("--trust-level", "--runtime", "gvisor")),
            new Case("writable-exec-workspace-forbidden", base("--workspace", "/srv/ws", "--workspace-exec"),
                    base("--workspace", "/srv/ws", "--workspace-mode", "bind-ro", "--workspace-exec")),
            new Case("gpu-forbidden", base("--gpu", "auto"), base()),
            new Case("policy-pin-required", base("--caps-policy", "/etc/nucleus/web.caps.toml"),
                    base("--caps-policy", "/etc/nucleus/web.caps.toml", "--caps-policy-sha256", "a".repeat(64))),
            new Case("cgroup-control-required", List.of("--trust-level", "trusted", "--rootfs", "/srv/rootfs",
                    "--verify-rootfs-attestation", "--pids", "0"), List.of("--trust-level", "trusted", "--rootfs",
                    "/srv/rootfs", "--verify-rootfs-attestation", "--pids", "64")),
            new Case("seccomp-allow-refused", base("--seccomp-allow", "unshare"),
                    base("--seccomp-allow", "io_uring_setup")),
            new Case("pids-room-for-init", base("--pids", "1"), base("--pids", "2")),
            new Case("loader-env-forbidden", base("-e", "LD_PRELOAD=/tmp/evil.so"), base("-e", "LANG=C.UTF-8")),

            new Case("seccomp-trace-native-only", base("--runtime", "gvisor", "--seccomp-mode", "trace",
                    "--seccomp-log", "/tmp/t.ndjson"), base("--seccomp-mode", "trace", "--seccomp-log", "/tmp/t.ndjson")),
            new Case("seccomp-trace-needs-log", base("--seccomp-mode", "trace"),
                    base("--seccomp-mode", "trace", "--seccomp-log", "/tmp/t.ndjson")),
            new Case("seccomp-trace-no-profile", base("--seccomp-mode", "trace", "--seccomp-log", "/tmp/t.ndjson",
                    "--seccomp-profile", "/tmp/p.json"), base("--seccomp-mode", "trace", "--seccomp-log", "/tmp/t.ndjson")),
            new Case("seccomp-log-needs-trace", base("--seccomp-log", "/tmp/t.ndjson"), base()),
            new Case("overlay-native-only", base("--rootfs-mode", "overlay", "--runtime", "gvisor"),
                    base("--rootfs-mode", "overlay")),
            new Case("bundle-needs-gvisor", base("--bundle", "/srv/bundle"),
                    base("--bundle", "/srv/bundle", "--runtime", "gvisor")),
            new Case("gvisor-platform-needs-gvisor", base("--gvisor-platform", "ptrace"),
                    base("--gvisor-platform", "ptrace", "--runtime", "gvisor")),
            new Case("publish-needs-bridge", base("-p", "8080:80"),
                    base("-p", "8080:80", "--network", "bridge", "--dns", "10.0.0.53")),
            new Case("bridge-options-need-bridge", base("--network", "none", "--bridge-subnet", "10.7.0.0/24"),
                    base("--network", "bridge", "--bridge-subnet", "10.7.0.0/24", "--dns", "10.0.0.53")),
            new Case("health-options-need-health-cmd", base("--health-interval", "5"),
                    base("--health-interval", "5", "--health-cmd", "true")),
            new Case("egress-needs-bridge", base("--egress-allow", "10.0.0.0/8"),
                    base("--egress-allow", "10.0.0.0/8", "--network", "bridge", "--dns", "10.0.0.53")),
            new Case("egress-ports-need-destinations", base("--network", "bridge", "--dns", "10.0.0.53",
                    "--egress-tcp-port", "443"), base("--network", "bridge", "--dns", "10.0.0.53",
                    "--egress-tcp-port", "443", "--egress-domain", "api.example.com")),
            new Case("broker-exclusive", base("--network", "bridge", "--credential-broker", "10.0.42.1:8080",
                    "--egress-allow", "10.0.0.0/8"), base("--network", "bridge", "--credential-broker", "10.0.42.1:8080")),
            new Case("broker-address", base("--network", "bridge", "--credential-broker", "127.0.0.1:8080"),
                    base("--network", "bridge", "--credential-broker", "10.0.42.1:8080")),
            new Case("home-overlaps-workspace", base("--home", "/workspace/home"), base("--home", "/home/dev")),
            new Case("home-destination-reserved", base("--home", "/etc"), base("--home", "/home/dev")),
            new Case("workload-arguments-too-long", base("-e", "BIG=" + "x".repeat(131_069)),
                    base("-e", "BIG=" + "x".repeat(131_068))),
            new Case("additional-groups-limit", groups(4097), groups(4096)),
            new Case("readiness-tcp-needs-network", base("--readiness-tcp", "8080"),
                    base("--readiness-tcp", "8080", "--network", "bridge", "--dns", "10.0.0.53")),
            new Case("swap-needs-memory", baseWithout("--memory", "--swap"), base("--swap")),
            new Case("userns-mode-with-maps", base("--userns", "auto", "--uidmap", "0:200000:10", "--gidmap",
                    "0:200000:10"), base("--uidmap", "0:200000:10", "--gidmap", "0:200000:10")),
            new Case("id-map-too-large", maps(281), maps(280)),
            new Case("id-maps-overlap", base("--uidmap", "0:200000:10", "--gidmap", "0:200000:10", "--uidmap",
                    "5:300000:10", "--gidmap", "10:300000:10"), base("--uidmap", "0:200000:10", "--gidmap", "0:200000:10",
                    "--uidmap", "10:300000:10", "--gidmap", "10:300000:10")),
            new Case("secret-destination-reserved", base("--secret", "/srv/t:/proc/self/x"),
                    base("--secret", "/srv/t:/run/secrets/x", "--secret", "/srv/k:/etc/app/key")),
            new Case("secret-destination-broker-token", base("--runtime", "gvisor", "--network", "bridge",
                    "--credential-broker", "10.0.42.1:8080", "--secret", "/srv/t:/run/secrets/nucleus-credential-broker-token"),
                    base("--runtime", "gvisor", "--network", "bridge", "--credential-broker", "10.0.42.1:8080",
                            "--secret", "/srv/t:/run/secrets/token")),
            new Case("numeric-user-needs-group", base("--user", "1000"), base("--user", "1000", "--group", "1000")),
            new Case("uidmap-needs-gidmap", base("--uidmap", "0:200000:65536"),
                    base("--uidmap", "0:200000:65536", "--gidmap", "0:200000:65536")),
            new Case("additional-groups-single-id-userns", base("--rootless", "--additional-group", "wheel"),
                    base("--rootless", "--userns", "auto", "--additional-group", "wheel")),
            new Case("volume-source-denied", base("-v", "/etc/../etc/shadow:/data"), base("-v", "/srv/data:/data")),
            new Case("volume-destination-reserved", base("-v", "/srv/data:/usr/local"), base("-v", "/srv/data:/data")),
            new Case("provider-config-outside-home", base("--provider-config-ro", "/srv/aws:/etc/aws"),
                    base("--provider-config-ro", "/srv/aws:.aws")));

    /** The home is a tmpfs: over a system path it hides it (/etc, /bin) or fails inside the container (/proc). */
    @Test
    void aHomeOnASystemPathOrOnTmpIsRefusedAndAnOrdinaryOneIsNot() {
        for (String home : List.of("/etc", "/bin", "/usr/local/h", "/proc/x", "/sys/x", "/dev/x", "/run/secrets", "/",
                "/tmp", "/tmp/h", "/context")) {
            assertTrue(Requests.brokenRules(base("--home", home), Requests.USER).contains("home-destination-reserved"),
                    home);
        }
        for (String home : List.of("/home/agent", "/root", "/srv/h", "/run/home", "/tmpx")) {
            assertFalse(Requests.brokenRules(base("--home", home), Requests.USER).contains("home-destination-reserved"),
                    home);
        }
    }

    /** A file at /etc or /run/secrets themselves would meet the directory the layout makes there (EEXIST, exit 125). */
    @Test
    void aSecretGoesBeneathEtcOrRunSecretsNotOnThem() {
        for (String dest : List.of("/etc", "/run/secrets", "/usr/x", "/proc/self/x")) {
            assertTrue(Requests.brokenRules(base("--secret", "/srv/t:" + dest), Requests.USER)
                    .contains("secret-destination-reserved"), dest);
        }
        for (String dest : List.of("/etc/app/key", "/run/secrets/t", "/srv/t", "/run/x")) {
            assertFalse(Requests.brokenRules(base("--secret", "/srv/t:" + dest), Requests.USER)
                    .contains("secret-destination-reserved"), dest);
        }
    }

    /** --health-timeout bounds a health check's command and a readiness command: alone it does nothing. */
    @Test
    void aHealthTimeoutNeedsACommandToBound() {
        assertTrue(Requests.brokenRules(base("--health-timeout", "5"), Requests.USER)
                .contains("health-options-need-health-cmd"));
        assertFalse(Requests.brokenRules(base("--health-timeout", "5", "--readiness-exec", "true"), Requests.USER)
                .contains("health-options-need-health-cmd"));
        assertFalse(Requests.brokenRules(base("--health-timeout", "5", "--health-cmd", "true"), Requests.USER)
                .contains("health-options-need-health-cmd"));
    }

    @Test
    void traceModeDeniesNothingToLog() {
        assertTrue(Requests.brokenRules(base("--seccomp-mode", "trace", "--seccomp-log", "/tmp/t.ndjson",
                "--seccomp-log-denied"), Requests.USER).contains("seccomp-trace-no-profile"));
    }

    @Test
    void everyRuleHasACase() {
        Set<String> covered = CASES.stream().map(Case::rule).collect(Collectors.toSet());
        Set<String> all = LaunchValidator.rules().stream().map(Rule::id).collect(Collectors.toSet());
        assertEquals(all, covered, "rules without a table row, or rows for unknown rules");
        assertEquals(CASES.size(), covered.size(), "a rule has two rows");
    }

    @TestFactory
    Stream<DynamicTest> everyRuleInEveryModeOnBothSides() {
        Map<String, Rule> byId = LaunchValidator.rules().stream().collect(Collectors.toMap(Rule::id, r -> r));
        return CASES.stream().flatMap(c -> Stream.of(ServiceMode.values()).flatMap(mode -> {
            Rule rule = byId.get(c.rule());
            List<String> breaking = withMode(mode, c.breaking());
            List<String> fixed = withMode(mode, c.fixed());
            return Stream.of(
                    DynamicTest.dynamicTest(c.rule() + " / " + mode + " / broken side", () -> {
                        List<String> broken = Requests.brokenRules(breaking, Requests.USER);
                        assertEquals(rule.appliesIn(mode), broken.contains(c.rule()),
                                "flags " + breaking + " reported " + broken);
                    }),
                    DynamicTest.dynamicTest(c.rule() + " / " + mode + " / fixed side", () -> {
                        List<String> broken = Requests.brokenRules(fixed, Requests.USER);
                        assertFalse(broken.contains(c.rule()), "flags " + fixed + " reported " + broken);
                    }));
        }));
    }

    @Test
    void everyModeHasRulesOfItsOwn() {
        for (ServiceMode mode : ServiceMode.values()) {
            assertTrue(LaunchValidator.rules().stream().anyMatch(r -> r.appliesIn(mode) && !r.modes().equals(Rule.ALL_MODES)),
                    mode + " has no mode-specific rule");
        }
    }

    @Test
    void allViolationsAreReportedAtOnce() {
        List<String> broken = Requests.brokenRules(List.of("--service-mode", "production", "--allow-degraded-security",
                "--network", "host", "-e", "LD_AUDIT=x"), Requests.ROOT);
        assertEquals(Set.of("degraded-security-forbidden", "host-network-forbidden", "memory-required",
                "cpus-required", "rootfs-required", "rootfs-attestation-required", "untrusted-native-forbidden",
                "loader-env-forbidden"), new HashSet<>(broken));
    }

    private static List<String> withMode(ServiceMode mode, List<String> flags) {
        return Stream.concat(Stream.of("--service-mode", mode.cliName()), flags.stream()).toList();
    }
}
