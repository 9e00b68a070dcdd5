package dev.nucleus.linux.backend;

import dev.nucleus.domain.net.BrokerEnvironment;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.value.EnvVar;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The credential broker's token (a fresh random 128-bit hex value per launch), added to the
 * secrets of the workload's environment: it goes where --env-fd values go (the plan's fd), never
 * into the attach template, the state, argv, logs or events.
 */
final class BrokerToken {
    private BrokerToken() {
    }

    /** Made on first use only: a SecureRandom's providers cost a cold start some 15 ms, every launch paid it. */
    private static final class Random {
        static final SecureRandom SOURCE = new SecureRandom();
    }

    /** {@code secrets} and, with a broker, the token. */
    static List<EnvVar> with(ContainerSpec spec, List<EnvVar> secrets) {
        if (spec.request().network().credentialBroker().isEmpty()) {
            return secrets;
        }
        byte[] token = new byte[16];
        Random.SOURCE.nextBytes(token);
        List<EnvVar> out = new ArrayList<>(secrets);
        out.add(new EnvVar(BrokerEnvironment.TOKEN, HexFormat.of().formatHex(token)));
        return out;
    }
}
