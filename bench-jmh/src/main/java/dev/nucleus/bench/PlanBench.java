package dev.nucleus.bench;

import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.PlanBuilder;
import dev.nucleus.domain.plan.PlanEncoder;
import dev.nucleus.domain.plan.PlanInputs;
import dev.nucleus.domain.rules.ContainerSpec;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The isolation plan: {@link PlanBuilder#build} (a validated spec and the adapter's findings to the
 * ordered steps: mounts, masks, pivot_root, identity, capabilities, Landlock, seccomp, exec) and
 * {@link PlanEncoder#encode} (those steps to the bytes the shim reads).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class PlanBench {
    private ContainerSpec agentSpec;
    private ContainerSpec productionSpec;
    private PlanInputs agentInputs;
    private PlanInputs productionInputs;
    private IsolationPlan agentPlan;
    private IsolationPlan productionPlan;

    @Setup
    public void setUp() {
        agentSpec = Fixtures.resolve(Fixtures.agentRequest());
        productionSpec = Fixtures.resolve(Fixtures.productionRequest());
        agentInputs = Fixtures.agentInputs();
        productionInputs = Fixtures.productionInputs();
        agentPlan = PlanBuilder.build(agentSpec, agentInputs);
        productionPlan = PlanBuilder.build(productionSpec, productionInputs);
    }

    @Benchmark
    public IsolationPlan buildAgent() {
        return PlanBuilder.build(agentSpec, agentInputs);
    }

    @Benchmark
    public IsolationPlan buildProduction() {
        return PlanBuilder.build(productionSpec, productionInputs);
    }

    @Benchmark
    public byte[] encodeAgent() {
        return PlanEncoder.encode(agentPlan);
    }

    @Benchmark
    public byte[] encodeProduction() {
        return PlanEncoder.encode(productionPlan);
    }
}
