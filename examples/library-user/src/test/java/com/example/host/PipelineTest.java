package com.example.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.component.RockyComponent;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.service.Materializer;
import dev.rocky.core.service.RefreshReport;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.Definitions;
import dev.rocky.testkit.Fault;
import dev.rocky.testkit.FakeRockyExtension;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** (3) The pipeline tested with the testkit: refresh, load, materialize, and a failing engine. */
class PipelineTest {

    @RegisterExtension
    final FakeRockyExtension rocky = FakeRockyExtension.forBundledProject("01-replication-basics");

    @RegisterExtension
    final FakeRockyExtension unreachable = FakeRockyExtension.forBundledProject("01-replication-basics")
            .withFailure("discover", new Fault.ExitWith(7, "warehouse unreachable"));

    @Test
    void refreshLoadAndMaterializeTheOrdersTable() {
        RockyComponent component = rocky.component();
        component.refresh();
        Definitions defs = component.definitions();
        AssetKey orders = AssetKey.of("data", "orders"); // named by the team plugin on this classpath

        MaterializationReport report = component.materialize(defs, Materializer.Selection.of(Set.of(orders)),
                RunOptions.builder().build());

        assertThat(report.failures()).isEmpty();
        assertThat(report.outcome()).isEqualTo(MaterializationReport.Outcome.SUCCESS);
        assertThat(report.events()).isNotEmpty();
    }

    @Test
    void aDiscoverThatFailsIsAPartialRefreshOrUnderStrictBuildAnError() {
        RefreshReport report = unreachable.component().refresh();
        assertThat(report.outcome()).isEqualTo(RefreshReport.Outcome.PARTIAL);
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("warehouse unreachable"));

        RockyComponent strict = unreachable.componentBuilder("strict_build: true").build();
        assertThatThrownBy(strict::refresh).isInstanceOf(RockyException.class).hasMessageContaining("warehouse unreachable");
    }
}
