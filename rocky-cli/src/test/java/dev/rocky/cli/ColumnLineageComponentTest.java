package dev.rocky.cli;

import dev.rocky.component.RockyComponent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.TableColumnLineage;
import dev.rocky.process.CommandRunner;
import dev.rocky.testkit.FakeRocky;
import dev.rocky.testkit.Invocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code surface_column_lineage} on the real 01-lineage-column-level project (its recorded
 * {@code rocky lineage fct_revenue} replayed, the rest derived): captured at refresh, loads call
 * nothing; at load, each load calls {@code rocky lineage} once per model.
 */
class ColumnLineageComponentTest {

    @TempDir
    Path work;

    private RockyComponent component(FakeRocky rocky, String at) throws IOException {
        Path project = work.resolve("01-lineage-column-level");
        Path defs = project.resolve("defs.yaml");
        Files.writeString(defs, "type: dagster_rocky.RockyComponent\nattributes:\n  surface_derived_models: true\n"
                + "  surface_column_lineage: true\n  column_lineage_at: " + at + "\n");
        return RockyComponent.builder(new DefsYamlLoader().load(defs)).commandRunner(rocky).build();
    }

    private static TableColumnLineage lineageOf(Definitions defs, AssetKey key) {
        return ((MetadataValue.ColumnLineage) defs.asset(key).orElseThrow().metadata().get("dagster/column_lineage")).lineage();
    }

    @Test
    void capturedAtRefreshLoadsCallNothingAndShowTheRecordedEdges() throws IOException {
        FakeRocky rocky = FakeRocky.forBundledProject("01-lineage-column-level", work).build();
        RockyComponent component = component(rocky, "refresh");
        assertThat(component.refresh().slots()).contains("lineage");
        assertThat(rocky.invocations("lineage")).extracting(i -> i.argv().get(i.argv().indexOf("lineage") + 1))
                .containsExactlyInAnyOrder("fct_revenue", "raw_orders", "stg_orders");

        rocky.clearJournal();
        Definitions defs = component.definitions();
        assertThat(rocky.invocations()).isEmpty();
        AssetKey fct = AssetKey.of("poc", "demo", "fct_revenue");
        AssetKey stg = AssetKey.of("poc", "demo", "stg_orders");
        assertThat(lineageOf(defs, fct).depsByColumn().get("total")).containsExactly(new TableColumnLineage.ColumnDep(stg, "amount"));
        assertThat(lineageOf(defs, fct).depsByColumn().get("customer_id"))
                .containsExactly(new TableColumnLineage.ColumnDep(stg, "customer_id"));
    }

    @Test
    void atLoadEveryLoadCallsLineageOncePerModel() throws IOException {
        FakeRocky rocky = FakeRocky.forBundledProject("01-lineage-column-level", work).build();
        RockyComponent component = component(rocky, "load");
        assertThat(component.refresh().slots()).doesNotContain("lineage");
        rocky.clearJournal();
        Definitions defs = component.definitions();
        assertThat(rocky.invocations()).extracting(Invocation::subcommand).containsOnly("lineage").hasSize(3);
        assertThat(lineageOf(defs, AssetKey.of("poc", "demo", "fct_revenue")).depsByColumn()).containsKey("total");
    }

    @Test
    void aConcurrencyAboveTheCapIsRefusedByName() throws IOException {
        Path defs = work.resolve("defs.yaml");
        Files.writeString(defs, "type: dagster_rocky.RockyComponent\nattributes:\n  column_lineage_concurrency: 65\n");
        assertThatThrownBy(() -> new DefsYamlLoader().load(defs)).isInstanceOf(RockyException.class)
                .hasMessageContaining("column_lineage_concurrency must be at most 64");
        Files.writeString(defs, "type: dagster_rocky.RockyComponent\nattributes:\n  column_lineage_at: sometimes\n");
        assertThatThrownBy(() -> new DefsYamlLoader().load(defs)).hasMessageContaining("column_lineage_at");
    }
}
