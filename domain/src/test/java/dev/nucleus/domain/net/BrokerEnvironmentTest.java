package dev.nucleus.domain.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.spec.Network;
import dev.nucleus.domain.value.EnvVar;
import java.util.EnumMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The broker's derived environment, as REFERENCE §6.4 has it. */
class BrokerEnvironmentTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";

    /** A bridged request, with a broker if {@code broker} is given. */
    private static Network network(String broker, boolean noProxyEnv) throws Exception {
        EnumMap<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.put(LaunchOption.NETWORK, List.of("bridge"));
        if (broker != null) {
            values.put(LaunchOption.CREDENTIAL_BROKER, List.of(broker));
        }
        if (noProxyEnv) {
            values.put(LaunchOption.CREDENTIAL_BROKER_NO_PROXY_ENV, List.of("true"));
        }
        return LaunchRequestParser.parse(new RawLaunchRequest(values, List.of("/bin/true"),
                RawLaunchRequest.Origin.FLAGS)).network();
    }

    @Test
    void aBrokerSetsBothProxiesInBothCasesAndTheContainerId() throws Exception {
        List<EnvVar> env = BrokerEnvironment.of(network("10.0.42.1:3128", false), ID);
        String url = "http://10.0.42.1:3128";
        assertEquals(List.of(new EnvVar("HTTPS_PROXY", url), new EnvVar("HTTP_PROXY", url),
                new EnvVar("https_proxy", url), new EnvVar("http_proxy", url),
                new EnvVar("NUCLEUS_CONTAINER_ID", ID)), env);
    }

    @Test
    void noBrokerProxyEnvLeavesTheProxiesOut() throws Exception {
        assertEquals(List.of(new EnvVar("NUCLEUS_CONTAINER_ID", ID)), BrokerEnvironment.of(network("10.0.42.1:3128",
                true), ID));
    }

    @Test
    void withoutABrokerNothing() throws Exception {
        assertEquals(List.of(), BrokerEnvironment.of(network(null, false), ID));
    }
}
