package dev.nucleus.linux.backend;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.spec.RuntimeKind;

import java.util.ArrayList;
import java.util.List;

/**
 * What this build of the native backend cannot do yet, named as the user wrote it. A launch that
 * asks for any of it is refused with exit 125; nothing is silently ignored.
 */
final class Unsupported {
    private Unsupported() {
    }

    static List<String> of(ContainerSpec spec) {
        LaunchRequest r = spec.request();
        List<String> out = new ArrayList<>();
        add(out, r.runtime().kind() == RuntimeKind.GVISOR, "--runtime gvisor (the gVisor backend issue)");
        return out;
    }

    private static void add(List<String> out, boolean unsupported, String what) {
        if (unsupported) {
            out.add(what);
        }
    }
}
