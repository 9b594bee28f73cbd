package dev.rocky.cli;

import dev.rocky.component.RockyComponent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.Definitions;
import dev.rocky.process.CommandRunner;
import dev.rocky.testkit.FakeRocky;
import dev.rocky.testkit.Invocation;
import dev.rocky.testkit.RecordedProjects;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library guide's example: the component built with the in-process fake rocky as its command runner. */
class RockyComponentLibraryTest {

    @TempDir
    Path dir;

    @Test
    void refreshCallsRockyAndLoadingCallsNothing() {
        CliFixture fx = new CliFixture(dir);
        FakeRocky rocky = new FakeRocky(RecordedProjects.replicationBasics());
        RockyComponent component = RockyComponent.builder(new DefsYamlLoader().load(fx.defs)).commandRunner(rocky).build();

        component.refresh();
        assertThat(rocky.invocations()).extracting(Invocation::subcommand).containsExactly("--version", "discover", "compile", "optimize");

        rocky.clearJournal();
        Definitions first = component.definitions();
        Definitions second = component.definitions();
        assertThat(rocky.invocations()).isEmpty();
        assertThat(first).isEqualTo(second);
        assertThat(first.asset(AssetKey.of("duckdb", "orders", "orders"))).isPresent();
    }

    /** The reporting commands through the component's client, answered by the recordings of the real rocky 1.71.0. */
    @Test
    void theComponentsClientTypesTheReportingCommands() {
        CliFixture fx = new CliFixture(dir);
        FakeRocky rocky = new FakeRocky(RecordedProjects.replicationBasics());
        dev.rocky.core.port.RockyCli client = RockyComponent.builder(new DefsYamlLoader().load(fx.defs)).commandRunner(rocky).build()
                .rocky();

        assertThat(client.state().value().schemaVersionSupported()).isPositive();
        assertThat(client.history(java.util.Optional.empty()).value().runs()).isNotEmpty();
        assertThat(client.cost("latest").value().perModel()).isNotEmpty();
        assertThat(client.metrics("revenue_summary", false, java.util.Optional.empty(), false).value().model())
                .isEqualTo("revenue_summary");
        assertThat(client.reviewStatus(RecordedProjects.PLAN_ID).value().reviewed()).isFalse();
        assertThat(client.ci("models", java.util.Optional.of("contracts")).value().ok()).isTrue();
        assertThat(client.doctor().value().overall()).isEqualTo("healthy");
        assertThat(rocky.invocations()).extracting(Invocation::subcommand).containsExactly("--version", "state", "history", "cost",
                "metrics", "review", "ci", "doctor");
    }
}
