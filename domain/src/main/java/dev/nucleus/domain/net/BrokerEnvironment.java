package dev.nucleus.domain.net;

import dev.nucleus.domain.spec.Network;
import dev.nucleus.domain.value.EnvVar;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code --credential-broker IP:PORT} puts in the workload's environment (the reference's
 * derived environment): {@code HTTPS_PROXY}, {@code HTTP_PROXY} and their lowercase forms set to
 * {@code http://IP:PORT} (tools read one or the other), unless {@code --no-broker-proxy-env}; and
 * {@code NUCLEUS_CONTAINER_ID}. The launch adds {@link #TOKEN}, a fresh random value, as a secret:
 * never in argv, logs, events or state. -e entries override these.
 *
 * <p>gVisor's runsc keeps the process environment on disk ({@code config.json}, its own state), so
 * there the token is a file instead, staged in memory like a --secret and bound read-only at
 * {@link #TOKEN_PATH}, and the environment names that file in {@link #TOKEN_FILE}.
 */
public final class BrokerEnvironment {
    public static final String TOKEN = "NUCLEUS_CREDENTIAL_BROKER_TOKEN";
    /** Where a gVisor sandbox finds the token (a file of 32 hex digits, no newline). */
    public static final String TOKEN_PATH = "/run/secrets/nucleus-credential-broker-token";
    /** The variable naming {@link #TOKEN_PATH} in a gVisor sandbox's environment. */
    public static final String TOKEN_FILE = TOKEN + "_FILE";
    public static final List<String> PROXY_KEYS = List.of("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy");

    private BrokerEnvironment() {
    }

    /** Nothing without a broker. */
    public static List<EnvVar> of(Network network, String containerId) {
        List<EnvVar> out = new ArrayList<>();
        if (network.credentialBroker().isEmpty()) {
            return out;
        }
        if (network.brokerProxyEnv()) {
            String url = "http://" + network.credentialBroker().get();
            PROXY_KEYS.forEach(k -> out.add(new EnvVar(k, url)));
        }
        out.add(new EnvVar("NUCLEUS_CONTAINER_ID", containerId));
        return out;
    }
}
