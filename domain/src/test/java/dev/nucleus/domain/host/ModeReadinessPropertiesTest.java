package dev.nucleus.domain.host;

import static dev.nucleus.domain.host.Hosts.host;

import dev.nucleus.domain.mode.ServiceMode;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ModeReadinessPropertiesTest {
    private static final List<String> CONTROLLERS = List.of("memory", "cpu", "pids", "io");

    record Spec(int abi, boolean seccomp, boolean userns, boolean root, Set<String> v1, Set<String> v2) {
        HostCapabilities build() {
            return host(abi, seccomp, userns, root, List.copyOf(v1), List.copyOf(v2));
        }

        /** Gives the host one more capability (or the same, when it already has it). */
        Spec improved(int which) {
            return switch (which) {
                case 0 -> new Spec(Math.min(7, abi + 1), seccomp, userns, root, v1, v2);
                case 1 -> new Spec(abi, true, userns, root, v1, v2);
                case 2 -> new Spec(abi, seccomp, true, root, v1, v2);
                default -> new Spec(abi, seccomp, userns, root, plus(v1, CONTROLLERS.get(which % 4)), v2);
            };
        }

        private static Set<String> plus(Set<String> s, String c) {
            var copy = new java.util.HashSet<>(s);
            copy.add(c);
            return copy;
        }
    }

    @Provide
    Arbitrary<Spec> hosts() {
        Arbitrary<Set<String>> controllers = Arbitraries.of(CONTROLLERS).set();
        return Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of(true, false), controllers, controllers).as(Spec::new);
    }

    @Property
    boolean aMoreCapableHostNeverHasMoreReasons(@ForAll("hosts") Spec spec, @ForAll ServiceMode mode,
                                                 @ForAll("improvements") int which) {
        int before = ModeReadiness.evaluate(mode, spec.build()).reasons().size();
        int after = ModeReadiness.evaluate(mode, spec.improved(which).build()).reasons().size();
        return after <= before;
    }

    @Provide
    Arbitrary<Integer> improvements() {
        return Arbitraries.integers().between(0, 7);
    }

    @Property
    boolean failClosedModesImplyAgent(@ForAll("hosts") Spec spec) {
        HostCapabilities h = spec.build();
        boolean agent = ModeReadiness.evaluate(ServiceMode.AGENT, h).ready();
        return agent || (!ModeReadiness.evaluate(ServiceMode.STRICT_AGENT, h).ready()
                && !ModeReadiness.evaluate(ServiceMode.PRODUCTION, h).ready());
    }

    /** A launch leaves the namespace answers unprobed for the modes readsNamespaces denies: they must not matter there. */
    @Property
    boolean namespaceAnswersMatterOnlyWhereReadsNamespacesSaysSo(@ForAll("hosts") Spec spec, @ForAll ServiceMode mode) {
        HostCapabilities h = spec.build();
        Availability unprobed = Availability.no("clone(CLONE_NEWUSER): not probed");
        HostCapabilities without = new HostCapabilities(h.landlock(), h.seccomp(), unprobed, unprobed, h.cgroups(),
                h.root(), h.systemdPid1(), h.runsc());
        HostCapabilities with = new HostCapabilities(h.landlock(), h.seccomp(), Availability.yes(), Availability.yes(),
                h.cgroups(), h.root(), h.systemdPid1(), h.runsc());
        boolean same = ModeReadiness.evaluate(mode, without).equals(ModeReadiness.evaluate(mode, with));
        return same || ModeReadiness.readsNamespaces(mode);
    }
}
