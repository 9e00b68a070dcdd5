package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.output.StatsViews;
import dev.nucleus.ports.in.ManageContainers;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;


/** {@code nucleus stats [CONTAINER]}: live resource usage. */
public final class StatsCommand extends ManagementCommand {
    String container;
    boolean json;
    boolean watch;

    @Override
    public CommandSpec programmaticSpec() {
        return SpecBuilder.of(this, "stats",
                        "Show CPU time and %%, memory usage/limit/%%, swap, pids and I/O of one or all running containers.")
                .container(v -> container = v, "0..1")
                .flag(v -> json = v, "Print JSON instead of a table.", "--json")
                .flag(v -> watch = v, "Refresh in place until interrupted.", "-w", "--watch")
                .build();
    }

    @Override
    void validate() {
        if (container != null) {
            ContainerNames.check(this, container);
        }
        if (json && watch) {
            throw bad("--json and --watch cannot be combined");
        }
    }

    static final long SAMPLE_MILLIS = 250;
    static final long WATCH_MILLIS = 1000;

    @Override
    String pendingBackend() {
        return "";
    }

    @Override
    Integer execute() {
        return manage((containers, uid, out) -> {
            Optional<String> which = Optional.ofNullable(container);
            do {
                // Two samples: CPU % is CPU time over wall time between them.
                List<ManageContainers.Usage> before = containers.stats(which);
                long t0 = System.nanoTime();
                sleep(SAMPLE_MILLIS);
                List<ManageContainers.Usage> after = containers.stats(which);
                long wallNanos = System.nanoTime() - t0;
                List<StatsViews.Row> rows = StatsViews.rows(before, after, wallNanos);
                if (json) {
                    out.println(StatsViews.json(rows));
                } else {
                    if (watch) {
                        out.print("\033[H\033[2J"); // home and clear, like docker stats
                    }
                    out.print(StatsViews.table(rows));
                }
                out.flush();
                if (watch && which.isPresent() && rows.isEmpty()) {
                    return ExitCodes.OK;
                }
                if (watch) {
                    sleep(WATCH_MILLIS - SAMPLE_MILLIS);
                }
            } while (watch);
            return ExitCodes.OK;
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
