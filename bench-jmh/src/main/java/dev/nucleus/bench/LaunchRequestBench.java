package dev.nucleus.bench;

import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.ports.service.LaunchResolution;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing ({@link LaunchRequestParser}: text to typed values, defaults filled in) and resolution
 * ({@link LaunchResolution}: parsing plus the cross-option rules and the mode's enforcement) of a
 * raw request, as the CLI does once per launch after picocli or the config loader.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class LaunchRequestBench {
    private RawLaunchRequest agent;
    private RawLaunchRequest production;
    private LaunchResolution resolution;

    @Setup
    public void setUp() {
        agent = Fixtures.agentRequest();
        production = Fixtures.productionRequest();
        resolution = new LaunchResolution();
        Fixtures.resolve(agent); // fail fast on a fixture the rules refuse
        Fixtures.resolve(production);
    }

    @Benchmark
    public LaunchRequest parseAgent() throws InvalidRequestException {
        return LaunchRequestParser.parse(agent);
    }

    @Benchmark
    public LaunchRequest parseProduction() throws InvalidRequestException {
        return LaunchRequestParser.parse(production);
    }

    @Benchmark
    public ContainerSpec resolveAgent() throws InvalidRequestException {
        return resolution.resolve(agent, Fixtures.ROOT);
    }

    @Benchmark
    public ContainerSpec resolveProduction() throws InvalidRequestException {
        return resolution.resolve(production, Fixtures.ROOT);
    }
}
