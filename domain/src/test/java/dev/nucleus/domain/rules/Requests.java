package dev.nucleus.domain.rules;

import dev.nucleus.domain.launch.Arity;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.spec.LaunchRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;

/** Builds requests from flag lists, the way a user types them (test helper; the CLI uses picocli). */
final class Requests {
    static final Invoker ROOT = new Invoker(0, 0);
    static final Invoker USER = new Invoker(1000, 1000);

    private Requests() {
    }

    static RawLaunchRequest raw(List<String> argv) {
        EnumMap<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        List<String> command = List.of("/bin/true");
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--")) {
                command = argv.subList(i + 1, argv.size());
                break;
            }
            LaunchOption o = Arrays.stream(LaunchOption.values())
                    .filter(x -> x.flag().equals(a) || x.shortFlag().map(a::equals).orElse(false))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown flag " + a));
            if (o.arity() == Arity.FLAG) {
                values.put(o, List.of("true"));
            } else {
                List<String> v = new ArrayList<>(values.getOrDefault(o, List.of()));
                v.add(argv.get(++i));
                values.put(o, v);
            }
        }
        return new RawLaunchRequest(values, command, RawLaunchRequest.Origin.FLAGS);
    }

    static LaunchRequest request(List<String> argv) {
        try {
            return LaunchRequestParser.parse(raw(argv));
        } catch (InvalidRequestException e) {
            throw new AssertionError("test request does not parse: " + argv + "\n" + e.getMessage(), e);
        }
    }

    /** Rule ids the validator reports for this request. */
    static List<String> brokenRules(List<String> argv, Invoker invoker) {
        return LaunchValidator.violations(request(argv), invoker).stream().map(Violation::rule).toList();
    }
}
