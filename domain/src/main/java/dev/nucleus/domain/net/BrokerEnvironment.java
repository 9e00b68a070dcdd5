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
 */
public final class BrokerEnvironment {
    public static final String TOKEN = "NUCLEUS_CREDENTIAL_BROKER_TOKEN";
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
