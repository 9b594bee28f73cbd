package com.example.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.component.RockyComponent;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.spec.Definitions;
import dev.rocky.testkit.FakeRockyExtension;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** (1) The library embedded with the host's own command runner and state store. */
class EmbeddingTest {

    @RegisterExtension
    final FakeRockyExtension rocky = FakeRockyExtension.forBundledProject("01-replication-basics");

    @Test
    void theHostsRunnerRunsRockyAndTheHostsTableHoldsTheState() throws Exception {
        ConcurrentMap<String, byte[]> states = new ConcurrentHashMap<>();
        AuditingCommandRunner runner = new AuditingCommandRunner(rocky.fake());
        rocky.component(); // writes the project's defs.yaml with the defaults
        RockyComponent component = Host.embed(rocky.projectDir().resolve("defs.yaml"), runner, states);

        component.refresh();
        Definitions defs = component.definitions();

        assertThat(runner.audit()).anySatisfy(e -> assertThat(e.argv()).contains("discover"));
        assertThat(runner.audit()).allSatisfy(e -> assertThat(e.exitCode()).isZero());
        assertThat(states).hasSize(1);
        assertThat(component.stateLocation()).startsWith("kv:");
        try (var files = java.nio.file.Files.walk(rocky.projectDir())) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("state"))).as("no state file beside the project").isEmpty();
        }
        // The team plugin is on this classpath, so it names the assets (default team "data").
        assertThat(defs.assets()).extracting(a -> a.key().toUserString()).containsExactly("data/orders");
    }

    @Test
    void beforeTheFirstRefreshTheGraphIsEmptyAndLoadExistingSaysWhereItLooked() {
        rocky.component();
        RockyComponent component = Host.embed(rocky.projectDir().resolve("defs.yaml"), rocky.fake(), new ConcurrentHashMap<>());

        assertThat(component.definitions().assets()).isEmpty();
        assertThatThrownBy(component::loadExisting).isInstanceOf(RockyException.class).hasMessageContaining("kv:");
    }
}
