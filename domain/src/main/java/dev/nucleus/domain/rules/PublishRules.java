package dev.nucleus.domain.rules;

import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.value.PortMapping;

import java.util.ArrayList;
import java.util.List;

/**
 * -p values of one request that take the same host port (protocol, port, address): the second
 * forward could never be reached. Reported naming both values, which a fixed-message
 * {@link Rule} cannot.
 */
final class PublishRules {
    static final String TWICE = "publish-port-twice";

    private PublishRules() {
    }

    static List<Violation> violations(LaunchRequest request) {
        List<Violation> out = new ArrayList<>();
        List<PortMapping> publish = request.network().publish();
        for (int i = 0; i < publish.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (publish.get(i).clashesWith(publish.get(j))) {
                    out.add(new Violation(TWICE, "-p " + publish.get(i) + ": host port " + publish.get(i).hostPort()
                            + "/" + publish.get(i).protocol() + " is published twice in this request (also by -p "
                            + publish.get(j) + ")", "publish each host port once"));
                    break;
                }
            }
        }
        return out;
    }
}
