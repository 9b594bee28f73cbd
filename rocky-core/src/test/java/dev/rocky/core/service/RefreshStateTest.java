package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.PostStateWriteHook;
import dev.rocky.core.port.RefreshLock;
import dev.rocky.core.state.RockyOutput;
import dev.rocky.core.state.DagStatus;
import dev.rocky.core.state.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

    private final List<Path> hooked = new ArrayList<>();
    private PostStateWriteHook hook = hooked::add;
    private RefreshLock lock = RefreshLock.NONE;
    private final Fingerprint inputs = Fingerprint.of(Map.of("models", "abc"));

    private RefreshState refresh(boolean optimize) {
        return refresh(new RefreshState.Options(project, "models", optimize, false, false, Duration.ZERO));
    }

    private RefreshState refresh(RefreshState.Options options) {
        return new RefreshState(cli, store, codec, log, options, () -> inputs, lock, hook,
                Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));
    }

    private RefreshState.Options options(boolean dagMode, boolean strict) {
        return new RefreshState.Options(project, "models", true, dagMode, strict, Duration.ZERO);
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
    void lineageCapturedAtRefreshIsASlotAndAFailedCollectionKeepsThePreviousOne() throws IOException {
        Files.createDirectory(project.resolve("models"));
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
        dev.rocky.core.port.ModelCatalog catalog = dir -> {
            if (broken.get()) {
                throw new dev.rocky.core.error.ConfigException("models/bad.toml:3: not TOML", null);
            }
            return List.of(new dev.rocky.core.model.ModelSidecar("m", dir.resolve("m.toml"), dev.rocky.core.model.ModelStrategy.of("full_refresh"),
                    Optional.empty(), List.of(), java.util.OptionalLong.empty()));
        };
        cli.lineage = m -> new dev.rocky.core.model.ModelLineage(m, List.of());
        RefreshState refresh = new RefreshState(cli, store, codec, log, new RefreshState.Options(project, "models", false, false, false,
                Duration.ZERO), () -> inputs, lock, hook, Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC),
                new ColumnLineageCollector(cli, catalog, log, 8));

        assertThat(refresh.refresh().slots()).containsExactly("discover", "compile", "lineage");
        assertThat(codec.lastDraft.slots().lineage()).hasValueSatisfying(l -> assertThat(l.value()).extracting(
                dev.rocky.core.model.ModelLineage::model).containsExactly("m"));

        broken.set(true);
        RefreshReport second = refresh.refresh();
        assertThat(second.slots()).contains("lineage");
        assertThat(second.warnings()).singleElement().asString().contains("rocky lineage failed")
                .contains("models/bad.toml:3").contains("previous state's 'lineage' slot is kept");
        assertThat(codec.lastDraft.carriedForward()).contains("lineage");
        assertThat(codec.lastDraft.slotErrors()).containsKey("lineage");
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
    void aCleanRefreshRecordsTheFingerprintTheTimeAndCallsTheHookWithTheFile() {
        refresh(true).refresh();
        assertThat(codec.lastDraft.fingerprint()).contains(inputs);
        assertThat(codec.lastDraft.writtenAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(codec.lastDraft.slotErrors()).isEmpty();
        assertThat(hooked).containsExactly(Path.of("/mem/state"));
    }

    @Test
    void aFailingDiscoverWithNoEarlierStateWritesAnEmptyEnvelopeAndWarns() throws IOException {
        Files.createDirectory(project.resolve("models"));
        cli.discover = () -> {
            throw CoreFakes.failure(ErrorCode.TIMEOUT);
        };
        RefreshReport report = refresh(true).refresh();
        assertThat(store.writes).isEqualTo(1);
        assertThat(report.sources()).isZero();
        assertThat(report.failedCommands()).containsExactly("discover");
        assertThat(new String(codec.lastDraft.slots().discover().json(), StandardCharsets.UTF_8))
                .isEqualTo(RefreshState.EMPTY_DISCOVER_ENVELOPE);
        assertThat(codec.lastDraft.slotErrors()).containsKey("discover");
        assertThat(codec.lastDraft.carriedForward()).isEmpty();
        assertThat(log.warnings).singleElement().asString().contains("empty discover slot").contains("TIMEOUT happened");
        assertThat(report.outcome()).isEqualTo(RefreshReport.Outcome.PARTIAL);
        assertThat(report.outcome().exitCode()).isEqualTo(3);
    }

    @Test
    void whenTheOnlyCommandFailsNothingIsWrittenAndTheRefreshFails() {
        cli.discover = () -> {
            throw CoreFakes.failure(ErrorCode.TIMEOUT);
        };
        assertThatThrownBy(() -> refresh(true).refresh()).isInstanceOfSatisfying(RockyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.getMessage()).startsWith("every rocky command failed, so nothing was written and the state at mem is as it was")
                    .contains("discover: TIMEOUT happened");
        });
        assertThat(store.writes).isZero();
    }

    @Test
    void whenEveryCommandFailsTheEarlierStateIsNotRewritten() throws IOException {
        Files.createDirectory(project.resolve("models"));
        refresh(true).refresh();
        cli.discover = () -> {
            throw CoreFakes.failure(ErrorCode.COMMAND_FAILED);
        };
        cli.compile = () -> {
            throw CoreFakes.failure(ErrorCode.OUTPUT_NOT_JSON);
        };
        cli.optimize = () -> {
            throw CoreFakes.failure(ErrorCode.TIMEOUT);
        };
        assertThatThrownBy(() -> refresh(true).refresh()).isInstanceOfSatisfying(RockyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.COMMAND_FAILED);
            assertThat(e.getMessage()).contains("discover: COMMAND_FAILED happened", "compile: OUTPUT_NOT_JSON happened",
                    "optimize: TIMEOUT happened");
        });
        assertThat(store.writes).isEqualTo(1);
    }

    @Test
    void aPreflightFailureRunsNothingAndWritesNothing() {
        cli.preflight = () -> {
            throw new RockyException(ErrorCode.BINARY_NOT_FOUND, "the rocky binary 'x' does not exist");
        };
        assertThatThrownBy(() -> refresh(true).refresh()).isInstanceOfSatisfying(RockyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BINARY_NOT_FOUND));
        assertThat(cli.calls).isEmpty();
        assertThat(store.writes).isZero();
        assertThat(log.warnings).isEmpty();
    }

    @Test
    void aDocumentTheLoadWouldRefuseIsNeverWritten() {
        codec.refuse = new dev.rocky.core.error.StateException(ErrorCode.STATE_CORRUPT, "nested too deep at $.discover", null);
        assertThatThrownBy(() -> refresh(true).refresh()).isInstanceOfSatisfying(RockyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT);
            assertThat(e.getMessage()).startsWith("the refresh built a state its own load would refuse, so nothing was written")
                    .contains("nested too deep at $.discover");
        });
        assertThat(store.writes).isZero();
        assertThat(hooked).isEmpty();
    }

    @Test
    void aBinaryThatVanishesMidRefreshFailsItInsteadOfBeingCarriedForward() throws IOException {
        Files.createDirectory(project.resolve("models"));
        cli.compile = () -> {
            throw CoreFakes.failure(ErrorCode.BINARY_NOT_FOUND);
        };
        assertThatThrownBy(() -> refresh(true).refresh()).isInstanceOfSatisfying(RockyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BINARY_NOT_FOUND));
        assertThat(cli.calls).containsExactly("discover", "compile models");
        assertThat(store.writes).isZero();
    }

    @Test
    void aCompleteRefreshIsCompleteAndAFailedSourceMakesItPartial() {
        RefreshReport clean = refresh(true).refresh();
        assertThat(clean.outcome()).isEqualTo(RefreshReport.Outcome.COMPLETE);
        assertThat(clean.outcome().exitCode()).isZero();
        cli.discover = () -> new RockyOutput<>(new DiscoverResult("1", List.of(CoreFakes.source("s", "duckdb", Map.of(), "a")),
                Optional.empty(), List.of(new dev.rocky.core.discover.FailedSource("s2", "raw", "duckdb", "auth", "denied",
                        java.util.OptionalLong.empty()))), "{}".getBytes(), 0);
        RefreshReport partial = refresh(true).refresh();
        assertThat(partial.outcome()).isEqualTo(RefreshReport.Outcome.PARTIAL);
        assertThat(partial.warnings()).singleElement().asString().contains("could not read 1 source");
    }

    @Test
    void eachCommandIsAnnouncedAndTimed() throws IOException {
        Files.createDirectory(project.resolve("models"));
        refresh(true).refresh();
        assertThat(log.progress).containsExactly("running rocky discover", "running rocky compile", "running rocky optimize");
        assertThat(log.infos).filteredOn(l -> l.matches("rocky (discover|compile|optimize) done in \\d+\\.\\d\\d s")).hasSize(3);
    }

    @Test
    void aFailingDiscoverKeepsTheEarlierStatesDiscoverSlotRatherThanAWorseOne() throws IOException {
        Files.createDirectory(project.resolve("models"));
        refresh(true).refresh();
        byte[] earlier = codec.lastDraft.slots().discover().json();
        cli.discover = () -> {
            throw CoreFakes.failure(ErrorCode.COMMAND_FAILED);
        };
        RefreshReport report = refresh(true).refresh();
        assertThat(codec.lastDraft.slots().discover().json()).isSameAs(earlier);
        assertThat(codec.lastDraft.carriedForward()).containsExactly("discover");
        assertThat(report.sources()).isEqualTo(1);
        assertThat(report.warnings()).singleElement().asString().contains("previous state's discover slot (1 sources) is kept");
    }

    @Test
    void aFailingCompileKeepsTheEarlierCompileSlot() throws IOException {
        Files.createDirectory(project.resolve("models"));
        refresh(true).refresh();
        cli.compile = () -> {
            throw CoreFakes.failure(ErrorCode.COMMAND_FAILED);
        };
        RefreshReport report = refresh(true).refresh();
        assertThat(report.slots()).containsExactly("discover", "compile", "optimize");
        assertThat(codec.lastDraft.carriedForward()).containsExactly("compile");
        assertThat(report.warnings()).singleElement().asString().contains("previous state's 'compile' slot is kept");
    }

    @Test
    void strictBuildTurnsADiscoverFailureIntoARefreshFailureThatWritesNothing() {
        cli.discover = () -> {
            throw CoreFakes.failure(ErrorCode.TIMEOUT);
        };
        assertThatThrownBy(() -> refresh(options(false, true)).refresh()).isInstanceOfSatisfying(RockyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(store.writes).isZero();
        assertThat(hooked).isEmpty();
    }

    @Test
    void strictBuildKeepsCompileBestEffortAsTheReferenceSoABrokenModelDoesNotStopDiscovery() throws IOException {
        Files.createDirectory(project.resolve("models"));
        cli.compile = () -> {
            throw CoreFakes.failure(ErrorCode.COMMAND_FAILED);
        };
        RefreshReport report = refresh(options(false, true)).refresh();
        assertThat(store.writes).isEqualTo(1);
        assertThat(report.outcome()).as("still not a complete refresh").isEqualTo(RefreshReport.Outcome.PARTIAL);
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("rocky compile failed"));
    }

    @Test
    void strictBuildMakesADagFailureFatal() throws IOException {
        Files.createDirectory(project.resolve("models"));
        cli.dag = () -> {
            throw CoreFakes.failure(ErrorCode.COMMAND_FAILED);
        };
        assertThatThrownBy(() -> refresh(options(true, true)).refresh()).isInstanceOf(RockyException.class);
        assertThat(store.writes).isZero();
    }

    @Test
    void aSchemaMismatchInDiscoverWritesNothingEvenWithoutStrictBuild() {
        cli.discover = () -> {
            throw CoreFakes.failure(ErrorCode.SCHEMA_MISMATCH);
        };
        assertThatThrownBy(() -> refresh(true).refresh()).isInstanceOf(RockyException.class);
        assertThat(store.writes).isZero();
    }

    @Test
    void dagModeRunsDagWithColumnLineageAndRecordsSuccess() {
        RefreshReport report = refresh(options(true, false)).refresh();
        assertThat(cli.calls).containsExactly("discover", "dag models --column-lineage");
        assertThat(report.slots()).containsExactly("discover", "dag");
        assertThat(codec.lastDraft.dagStatus()).isEqualTo(DagStatus.SUCCESS);
    }

    /**
     * rocky-cli registry.rs resolve_replication_pipeline: a bare discover of a config with several
     * pipelines is refused, so the refresh names the one replication pipeline.
     */
    @Test
    void discoverIsToldItsPipelineWhenTheProjectHasSeveral() {
        refresh(new RefreshState.Options(project, "models", true, true, false, Duration.ZERO, java.util.Optional.empty(),
                java.util.Optional.of("ingest"))).refresh();
        assertThat(cli.calls).containsExactly("discover --pipeline ingest", "dag models --column-lineage");
    }

    @Test
    void aFailingDagIsRecordedAsFailedWithItsMessageAndNotCarriedForward() {
        refresh(options(true, false)).refresh();
        cli.dag = () -> {
            throw CoreFakes.failure(ErrorCode.COMMAND_FAILED);
        };
        RefreshReport report = refresh(options(true, false)).refresh();
        assertThat(codec.lastDraft.dagStatus()).isEqualTo(DagStatus.FAILED);
        assertThat(codec.lastDraft.dagError()).hasValueSatisfying(m -> assertThat(m).contains("COMMAND_FAILED happened"));
        assertThat(codec.lastDraft.slots().dag()).isEmpty();
        assertThat(report.slots()).containsExactly("discover");
    }

    @Test
    void aFailingHookIsLoggedAndTheStateStays() {
        hook = file -> {
            throw new IllegalStateException("s3 down");
        };
        RefreshReport report = refresh(true).refresh();
        assertThat(store.writes).isEqualTo(1);
        assertThat(report.warnings()).singleElement().asString().contains("post-state-write hook failed").contains("s3 down");
    }

    @Test
    void aHeldLockFailsTheRefreshBeforeCallingRocky() {
        lock = wait -> {
            throw new StateException(ErrorCode.STATE_LOCKED, "held", null);
        };
        assertThatThrownBy(() -> refresh(true).refresh()).isInstanceOfSatisfying(StateException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_LOCKED));
        assertThat(cli.calls).isEmpty();
        assertThat(store.writes).isZero();
    }

    @Test
    void theLockIsReleasedWhenTheRefreshFails() {
        List<String> events = new ArrayList<>();
        lock = wait -> {
            events.add("acquire");
            return () -> events.add("release");
        };
        cli.discover = () -> {
            throw CoreFakes.failure(ErrorCode.SCHEMA_MISMATCH);
        };
        assertThatThrownBy(() -> refresh(true).refresh()).isInstanceOf(RockyException.class);
        assertThat(events).containsExactly("acquire", "release");
    }

    /** A codec that writes its document in pieces and records what its check read. */
    private static final class StreamingCodec extends CoreFakes.Codec {
        final List<String> checked = new ArrayList<>();

        @Override
        public void encode(dev.rocky.core.state.StateDraft draft, java.io.OutputStream out) throws IOException {
            for (byte b : encode(draft)) {
                out.write(b);
            }
        }

        @Override
        public void check(java.io.InputStream document, String location) throws IOException {
            checked.add(new String(document.readAllBytes(), StandardCharsets.UTF_8));
            if (refuse != null) {
                throw refuse;
            }
        }
    }

    /** A store that streams: it never takes the document as one array. */
    private static final class StreamingStore extends CoreFakes.Store {
        final List<String> published = new ArrayList<>();

        @Override
        public dev.rocky.core.state.WrittenState write(byte[] bytes) {
            throw new AssertionError("the refresh handed the store the whole document as an array");
        }

        @Override
        public dev.rocky.core.state.WrittenState write(dev.rocky.core.state.StateDocument document) {
            java.io.ByteArrayOutputStream temporary = new java.io.ByteArrayOutputStream();
            try {
                document.writeTo(temporary);
                document.check(new java.io.ByteArrayInputStream(temporary.toByteArray()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            published.add(temporary.toString(StandardCharsets.UTF_8));
            return new dev.rocky.core.state.WrittenState("mem", file, Optional.empty());
        }
    }

    @Test
    void theRefreshStreamsTheDocumentToTheStoreWhichPublishesItOnlyAfterTheCodecsCheck() throws IOException {
        Files.createDirectory(project.resolve("models"));
        StreamingCodec streaming = new StreamingCodec();
        StreamingStore streamed = new StreamingStore();
        RefreshState.Options options = new RefreshState.Options(project, "models", true, false, false, Duration.ZERO);
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
        RefreshReport report = new RefreshState(cli, streamed, streaming, log, options, () -> inputs, lock, hook, clock).refresh();
        assertThat(streamed.published).containsExactly("slots:co");
        assertThat(streaming.checked).containsExactly("slots:co");
        assertThat(report.bytes()).isEqualTo("slots:co".length());
        assertThat(hooked).hasSize(1);

        streaming.refuse = new StateException(ErrorCode.STATE_CORRUPT, "nested too deep at $.discover", null);
        assertThatThrownBy(() -> new RefreshState(cli, streamed, streaming, log, options, () -> inputs, lock, hook, clock).refresh())
                .isInstanceOfSatisfying(RockyException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT);
                    assertThat(e.getMessage()).startsWith("the refresh built a state its own load would refuse, so nothing was "
                            + "written").contains("nested too deep at $.discover");
                });
        assertThat(streamed.published).hasSize(1);
        assertThat(hooked).hasSize(1);
    }
}
