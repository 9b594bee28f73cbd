package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.model.ModelLineage;
import dev.rocky.core.model.ModelSidecar;
import dev.rocky.core.model.ModelStrategy;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.state.RockyOutput;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TableColumnLineage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code surface_column_lineage}: the bounded fan-out of {@code rocky lineage} and the merge into the graph. */
class ColumnLineageTest {

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final LogSink log = (level, message) -> {
        if (level == LogSink.Level.WARN) {
            warnings.add(message);
        }
    };

    private static List<ModelSidecar> sidecars(String... names) {
        List<ModelSidecar> out = new ArrayList<>();
        for (String n : names) {
            out.add(new ModelSidecar(n, Path.of("models", n + ".toml"), ModelStrategy.of("full_refresh"), Optional.empty(), List.of(),
                    OptionalLong.empty()));
        }
        return out;
    }

    @Test
    void atMostTheConfiguredNumberOfLineageCallsRunAtOnceAndAFailedModelIsSkipped() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CoreFakes.Cli cli = new CoreFakes.Cli() {
            @Override
            public RockyOutput<ModelLineage> lineage(String model, String modelsDir) {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                if (model.equals("m3")) {
                    throw CoreFakes.failure(ErrorCode.COMMAND_FAILED);
                }
                String json = "{\"command\":\"lineage\",\"model\":\"" + model + "\"}\n";
                return new RockyOutput<>(new ModelLineage(model, List.of()), json.getBytes(StandardCharsets.UTF_8), 0);
            }
        };
        ColumnLineageCollector collector = new ColumnLineageCollector(cli, dir -> sidecars("m1", "m2", "m3", "m4", "m5", "m6"), log, 2);
        RockyOutput<List<ModelLineage>> out = collector.collect(Path.of("models"), "models");
        assertThat(peak.get()).isEqualTo(2);
        assertThat(out.value()).extracting(ModelLineage::model).containsExactly("m1", "m2", "m4", "m5", "m6");
        assertThat(new String(out.json(), StandardCharsets.UTF_8)).startsWith("[{\"command\":\"lineage\",\"model\":\"m1\"},")
                .endsWith("\"m6\"}]");
        assertThat(warnings).singleElement().asString().startsWith("rocky lineage m3 failed");
    }

    @Test
    void noModelsGiveAnEmptySlot() {
        ColumnLineageCollector collector = new ColumnLineageCollector(new CoreFakes.Cli(), dir -> List.of(), log, 8);
        RockyOutput<List<ModelLineage>> out = collector.collect(Path.of("models"), "models");
        assertThat(out.value()).isEmpty();
        assertThat(new String(out.json(), StandardCharsets.UTF_8)).isEqualTo("[]");
    }

    @Test
    void lineageMergesIntoTheModelsAssetsAfterWhatTheDagGave() {
        AssetKey stg = AssetKey.of("poc", "demo", "stg_orders");
        AssetKey fct = AssetKey.of("poc", "demo", "fct_revenue");
        TableColumnLineage fromDag = new TableColumnLineage(Map.of("customer_id",
                List.of(new TableColumnLineage.ColumnDep(stg, "customer_id"))));
        AssetSpec fctSpec = new AssetSpec(fct, "demo", List.of(stg), List.of(), Map.of(), Map.of("dagster/column_lineage",
                MetadataValue.columnLineage(fromDag)), List.of(), Optional.empty(), Optional.empty());
        AssetSpec stgSpec = new AssetSpec(stg, "demo", List.of(), List.of(), Map.of(), Map.of(), List.of(), Optional.empty(),
                Optional.empty());
        Definitions defs = new Definitions(List.of(stgSpec, fctSpec), Optional.empty(), Map.of(
                stg, new RunTarget.Model("stg_orders", List.of("poc", "demo", "stg_orders"), Optional.empty()),
                fct, new RunTarget.Model("fct_revenue", List.of("poc", "demo", "fct_revenue"), Optional.empty())));
        List<ModelLineage> lineage = List.of(
                new ModelLineage("fct_revenue", List.of(
                        new ModelLineage.Edge("stg_orders", "customer_id", "fct_revenue", "customer_id", "direct"),
                        new ModelLineage.Edge("stg_orders", "amount", "fct_revenue", "total", "aggregation: sum"),
                        new ModelLineage.Edge("fct_revenue", "total", "fct_revenue", "total", "self"))),
                new ModelLineage("stg_orders", List.of(new ModelLineage.Edge("raw_orders", "amount", "stg_orders", "amount", "direct"))));

        Definitions merged = LineageMerge.apply(defs, lineage);
        TableColumnLineage fctLineage = ((MetadataValue.ColumnLineage) merged.asset(fct).orElseThrow().metadata()
                .get("dagster/column_lineage")).lineage();
        assertThat(fctLineage.depsByColumn()).containsOnlyKeys("customer_id", "total");
        assertThat(fctLineage.depsByColumn().get("customer_id")).containsExactly(new TableColumnLineage.ColumnDep(stg, "customer_id"));
        assertThat(fctLineage.depsByColumn().get("total")).containsExactly(new TableColumnLineage.ColumnDep(stg, "amount"));
        TableColumnLineage stgLineage = ((MetadataValue.ColumnLineage) merged.asset(stg).orElseThrow().metadata()
                .get("dagster/column_lineage")).lineage();
        assertThat(stgLineage.depsByColumn().get("amount")).containsExactly(
                new TableColumnLineage.ColumnDep(AssetKey.of("raw_orders"), "amount"));
        assertThat(merged.runTargets()).isEqualTo(defs.runTargets());
        assertThat(LineageMerge.apply(defs, List.of())).isSameAs(defs);
    }

    /**
     * The reference attaches lineage to the spec whose last key segment equals the model
     * ({@code _attach_column_lineage}), so plain discover mode shows it on a discovered table named
     * like its model; two tables of that name both get it.
     */
    @Test
    void lineageLandsOnDiscoveredTablesNamedLikeTheModelAsTheReferenceMatchesByLastKeySegment() {
        AssetKey east = AssetKey.of("duckdb", "east", "orders");
        AssetKey west = AssetKey.of("duckdb", "west", "orders");
        AssetKey other = AssetKey.of("duckdb", "east", "customers");
        java.util.function.Function<AssetKey, AssetSpec> spec = k -> new AssetSpec(k, "g", List.of(), List.of("rocky"),
                java.util.Map.of(), java.util.Map.of(), List.of(), java.util.Optional.empty(), java.util.Optional.empty());
        java.util.Map<AssetKey, dev.rocky.core.spec.RunTarget> targets = new java.util.LinkedHashMap<>();
        for (AssetKey k : List.of(east, west, other)) {
            targets.put(k, new dev.rocky.core.spec.RunTarget.SourceTable("s", java.util.Map.of(), k.path(), java.util.Optional.empty()));
        }
        Definitions defs = new Definitions(List.of(spec.apply(east), spec.apply(west), spec.apply(other)), java.util.Optional.empty(),
                targets);

        Definitions merged = LineageMerge.apply(defs, List.of(new ModelLineage("orders",
                List.of(new ModelLineage.Edge("customers", "id", "orders", "customer_id", "direct")))));

        for (AssetKey k : List.of(east, west)) {
            assertThat(((MetadataValue.ColumnLineage) merged.asset(k).orElseThrow().metadata().get("dagster/column_lineage")).lineage()
                    .depsByColumn().get("customer_id")).as(k.toUserString())
                    .containsExactly(new TableColumnLineage.ColumnDep(other, "id"));
        }
        assertThat(merged.asset(other).orElseThrow().metadata()).doesNotContainKey("dagster/column_lineage");
    }
}
