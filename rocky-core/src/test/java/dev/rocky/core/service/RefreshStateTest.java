package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.RockyOutput;
import dev.rocky.core.state.DagStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefreshStateTest {

    @TempDir
    Path project;

    private final CoreFakes.Cli cli = new CoreFakes.Cli();
    private final CoreFakes.Store store = new CoreFakes.Store();
    private final CoreFakes.Codec codec = new CoreFakes.Codec();
    private final CoreFakes.Log log = new CoreFakes.Log();

    @BeforeEach
    void discoverWorks() {
        cli.discover = () -> new RockyOutput<>(new DiscoverResult("1",
                List.of(CoreFakes.source("s", "duckdb", Map.of(), "a", "b")), Optional.empty(), List.of()), "{}".getBytes(), 0);
    }

    private RefreshState refresh(boolean optimize) {
        return new RefreshState(cli, store, codec, log, new RefreshState.Options(project, "models", optimize));
    }

    @Test
    void withoutAModelsDirectoryOnlyDiscoverRuns() {
        RefreshReport report = refresh(true).refresh();
        assertThat(cli.calls).containsExactly("discover");
        assertThat(report.slots()).containsExactly("discover");
        assertThat(report.sources()).isEqualTo(1);
        assertThat(report.tables()).isEqualTo(2);
        assertThat(codec.lastDraft.dagStatus()).isEqualTo(DagStatus.DISABLED);
        assertThat(store.writes).isEqualTo(1);
    }

    @Test
    void withAModelsDirectoryCompileAndOptimizeRun() throws IOException {
        Files.createDirectory(project.resolve("models"));
        assertThat(refresh(true).refresh().slots()).containsExactly("discover", "compile", "optimize");
        assertThat(cli.calls).containsExactly("discover", "compile models", "optimize models");
    }

    @Test
    void optimizeIsSkippedWhenItsMetadataIsNotSurfaced() throws IOException {
        Files.createDirectory(project.resolve("models"));
        assertThat(refresh(false).refresh().slots()).containsExactly("discover", "compile");
    }

    @Test
    void aFailingCompileLeavesItsSlotOutWithAWarning() throws IOException {
        Files.createDirectory(project.resolve("models"));
        cli.compile = () -> {
            throw CoreFakes.failure(ErrorCode.COMMAND_FAILED);
        };
        RefreshReport report = refresh(true).refresh();
        assertThat(report.slots()).containsExactly("discover", "optimize");
        assertThat(report.warnings()).singleElement().asString().contains("rocky compile failed").contains("'compile' slot");
        assertThat(log.warnings).hasSize(1);
        assertThat(store.writes).isEqualTo(1);
    }

    @Test
    void aSchemaMismatchInCompileWritesNothing() throws IOException {
        Files.createDirectory(project.resolve("models"));
        cli.compile = () -> {
            throw CoreFakes.failure(ErrorCode.SCHEMA_MISMATCH);
        };
        assertThatThrownBy(() -> refresh(true).refresh()).isInstanceOf(RockyException.class);
        assertThat(store.writes).isZero();
    }

    @Test
    void aFailingDiscoverWritesNothing() {
        cli.discover = () -> {
            throw CoreFakes.failure(ErrorCode.TIMEOUT);
        };
        assertThatThrownBy(() -> refresh(true).refresh()).isInstanceOfSatisfying(RockyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(store.writes).isZero();
    }
}
