package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.RunResolver;
import dev.rocky.core.run.RunResolvers;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.RunTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The per-call resolvers as the reference's {@code _apply_resolvers} (dagster-rocky resource.py):
 * called once per rocky run with the call's context, only for options not given explicitly; an
 * empty answer leaves the option unset; an exception fails that call's assets naming the resolver;
 * a resolved governance override is checked like an explicit one.
 */
class RunResolversTest {

    private final CoreFakes.Cli cli = new CoreFakes.Cli();
    private final List<String> logged = new ArrayList<>();
    private final LogSink log = (level, message) -> logged.add(level + " " + message);

    private static final AssetKey ORDERS = AssetKey.of("duckdb", "acme", "orders");
    private static final AssetKey BETA = AssetKey.of("duckdb", "beta", "orders");

    private static Definitions defs() {
        List<AssetSpec> assets = List.of(spec(ORDERS, "acme"), spec(BETA, "beta"));
        return new Definitions(assets, Optional.empty(), Map.of(
                ORDERS, new RunTarget.SourceTable("raw__acme", Map.of("tenant", "acme"), List.of("duckdb", "acme", "orders"), Optional.empty()),
                BETA, new RunTarget.SourceTable("raw__beta", Map.of("tenant", "beta"), List.of("duckdb", "beta", "orders"), Optional.empty())));
    }

    private static AssetSpec spec(AssetKey key, String group) {
        return new AssetSpec(key, group, List.of(), List.of("rocky"), Map.of(), Map.of(), List.of(), Optional.empty(), Optional.empty());
    }

    private static RunResult materialized(List<String> key) {
        RunResult.Materialization m = new RunResult.Materialization(key, OptionalLong.of(1), 1, "2000-01-01T00:00:00Z", "full_refresh",
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
        return new RunResult(RunStatus.SUCCESS, Optional.of("replication"), "", 1, 1, 0, List.of(m), List.of(), List.of(), List.of(), 1,
                0, List.of(), List.of(), List.of(), false, Optional.empty(), Optional.empty(), 0);
    }

    private MaterializationReport materialize(RunOptions base, RunResolvers resolvers, AssetKey... keys) {
        cli.run = o -> materialized(o.filter().orElseThrow().contains("beta") ? List.of("duckdb", "beta", "orders")
                : List.of("duckdb", "acme", "orders"));
        Materializer m = new Materializer(new RockyResource(cli, log), log, new Materializer.Options("models", false, false, base, false,
                false, Optional.empty(), resolvers));
        return m.materialize(defs(), Materializer.Selection.of(new LinkedHashSet<>(List.of(keys))));
    }

    @Test
    void eachRunGetsItsResolvedValuesAndTheResolverSeesTheCall() {
        List<RunResolver.Context> seen = new ArrayList<>();
        RunResolver<String> suffix = c -> {
            seen.add(c);
            return Optional.of("_pr_" + c.assets().get(0).path().get(1));
        };
        RunResolvers resolvers = new RunResolvers(Optional.of(suffix), Optional.empty(), Optional.of(c -> Optional.of("key-"
                + c.filter().orElseThrow())), Optional.of(c -> Optional.of(Duration.ofSeconds(90))));

        MaterializationReport report = materialize(RunOptions.builder().fused(true).build(), resolvers, ORDERS, BETA);

        assertThat(report.failures()).isEmpty();
        assertThat(cli.runOptions).extracting(o -> o.shadowSuffix().orElseThrow()).containsExactly("_pr_acme", "_pr_beta");
        assertThat(cli.runOptions).extracting(o -> o.idempotencyKey().orElseThrow()).containsExactly("key-tenant=acme",
                "key-tenant=beta");
        assertThat(cli.runOptions).allSatisfy(o -> assertThat(o.timeout()).contains(Duration.ofSeconds(90)));
        assertThat(seen).extracting(RunResolver.Context::method).containsOnly("run");
        assertThat(seen.get(0).assets()).containsExactly(ORDERS);
        assertThat(seen.get(0).supplied().shadowSuffix()).as("what was supplied before resolving").isEmpty();
        assertThat(cli.calls).allSatisfy(c -> assertThat(c).doesNotContain("key-tenant"));
    }

    @Test
    void anExplicitValueWinsAndTheResolverIsNotCalled() {
        List<String> called = new ArrayList<>();
        RunResolvers resolvers = new RunResolvers(Optional.of(c -> {
            called.add("suffix");
            return Optional.of("_resolved");
        }), Optional.empty(), Optional.empty(), Optional.empty());

        materialize(RunOptions.builder().fused(true).shadowSuffix("_explicit").build(), resolvers, ORDERS);

        assertThat(called).isEmpty();
        assertThat(cli.runOptions.get(0).shadowSuffix()).contains("_explicit");
    }

    @Test
    void anEmptyAnswerLeavesTheOptionUnset() {
        materialize(RunOptions.builder().fused(true).build(), new RunResolvers(Optional.of(c -> Optional.empty()), Optional.empty(),
                Optional.empty(), Optional.empty()), ORDERS);

        assertThat(cli.runOptions.get(0).shadowSuffix()).isEmpty();
        assertThat(cli.calls.get(0)).doesNotContain("--shadow");
    }

    @Test
    void aResolverThatThrowsFailsItsCallsAssetsByNameAndTheOtherCallsStillRun() {
        RunResolver<String> flaky = c -> {
            if (c.filter().orElseThrow().contains("acme")) {
                throw new IllegalStateException("no branch name for acme");
            }
            return Optional.of("k");
        };
        MaterializationReport report = materialize(RunOptions.builder().fused(true).build(), new RunResolvers(Optional.empty(),
                Optional.empty(), Optional.of(flaky), Optional.empty()), ORDERS, BETA);

        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.asset()).contains(ORDERS);
            assertThat(f.message()).contains("resolver").contains("for idempotency_key raised").contains("no branch name for acme")
                    .contains("the call was not made");
        });
        assertThat(cli.calls).singleElement().satisfies(c -> assertThat(c).contains("tenant=beta"));
        assertThat(report.outcome()).isEqualTo(MaterializationReport.Outcome.PARTIAL_FAILURE);
    }

    @Test
    void aValueTheOptionRefusesIsAFailureNamingTheResolver() {
        MaterializationReport report = materialize(RunOptions.builder().fused(true).build(), new RunResolvers(Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(c -> Optional.of(Duration.ZERO))), ORDERS);

        assertThat(report.failures()).extracting(AssetFailure::message).singleElement()
                .satisfies(m -> assertThat(m).contains("for timeout gave a value rocky-java refuses").contains("timeout must be positive"));
        assertThat(cli.calls).isEmpty();
    }
}
