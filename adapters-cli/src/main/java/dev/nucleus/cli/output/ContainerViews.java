package dev.nucleus.cli.output;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.linux.json.JsonText;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Containers as ps shows them (a table or JSON) and as OCI state JSON. */
public final class ContainerViews {
    public static final List<String> COLUMNS =
            List.of("ID", "NAME", "PID", "STATUS", "HEALTH", "RUNTIME", "MODE", "CREATED", "COMMAND");
    private static final int COMMAND_WIDTH = 40;

    private ContainerViews() {
    }

    public static String json(List<ContainerState> states) {
        return json(states, s -> java.util.Optional.empty());
    }

    /**
     * As above, with each container's health verdict (--health-cmd), where it has one. Written with
     * {@link JsonText}, two-space indented: Jackson's databind cost {@code ps --json} a cold start
     * some 12 ms for a flat list.
     */
    public static String json(List<ContainerState> states, Function<ContainerState, Optional<String>> health) {
        List<String> objects = new ArrayList<>(states.size());
        for (ContainerState s : states) {
            JsonText o = JsonText.indented().put("id", s.facts().id()).put("name", s.facts().name());
            if (s.process().isPresent()) {
                o.put("pid", s.process().get().pid());
            } else {
                o.putNull("pid");
            }
            o.put("status", s.label()).put("oci_status", s.ociStatus())
                    .put("health", health.apply(s).orElse(null))
                    .put("runtime", s.facts().runtime()).put("mode", s.facts().mode())
                    .put("created", Instant.ofEpochMilli(s.facts().createdMillis()).toString())
                    .putStrings("command", s.facts().command());
            if (s instanceof ContainerState.Stopped st) {
                // null, not the -1 it is recorded as, when nobody saw how it ended (ps: "exited (?)")
                if (st.exit().code() == ContainerState.Exit.UNKNOWN) {
                    o.putNull("exit_code");
                } else {
                    o.put("exit_code", st.exit().code());
                }
                o.put("oom_killed", st.exit().oomKilled());
            }
            objects.add(o.finish());
        }
        return JsonText.indentedArray(objects);
    }

    /** A table of the chosen columns, each as wide as its widest cell. */
    public static String table(List<ContainerState> states, List<String> columns, Instant now) {
        return table(states, columns, now, s -> Optional.empty());
    }

    public static String table(List<ContainerState> states, List<String> columns, Instant now,
                               Function<ContainerState, Optional<String>> health) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(columns);
        for (ContainerState s : states) {
            rows.add(columns.stream().map(c -> cell(s, c, now, health)).toList());
        }
        return TextTable.render(rows);
    }

    static String cell(ContainerState s, String column, Instant now) {
        return cell(s, column, now, x -> Optional.empty());
    }

    static String cell(ContainerState s, String column, Instant now, Function<ContainerState, Optional<String>> health) {
        return switch (AsciiText.upperCase(column)) {
            case "ID" -> s.facts().shortId();
            case "NAME" -> s.facts().name();
            case "PID" -> s.process().map(p -> Long.toString(p.pid())).orElse("-");
            case "STATUS" -> s.label();
            case "HEALTH" -> health.apply(s).orElse("-");
            case "RUNTIME" -> s.facts().runtime();
            case "MODE" -> s.facts().mode();
            case "CREATED" -> ago(Duration.between(Instant.ofEpochMilli(s.facts().createdMillis()), now));
            case "COMMAND" -> command(s.facts().command());
            default -> throw new IllegalArgumentException("unknown column " + column);
        };
    }

    static String ago(Duration d) {
        long sec = Math.max(0, d.toSeconds());
        if (sec < 60) {
            return ago(sec, "second");
        }
        if (sec < 3600) {
            return ago(sec / 60, "minute");
        }
        if (sec < 86400) {
            return ago(sec / 3600, "hour");
        }
        return ago(sec / 86400, "day");
    }

    private static String ago(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s") + " ago";
    }

    private static String command(List<String> argv) {
        String joined = String.join(" ", argv);
        return joined.length() <= COMMAND_WIDTH ? joined : joined.substring(0, COMMAND_WIDTH - 3) + "...";
    }
}
