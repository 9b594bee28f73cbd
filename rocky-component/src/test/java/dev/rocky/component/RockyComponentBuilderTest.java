package dev.rocky.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.component.config.ComponentConfig;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.Secrets;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.state.Fingerprint;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.WrittenState;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.TableView;
import dev.rocky.translator.spi.SourceView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per part {@link RockyComponent.Builder} replaces: each shows the part set in code is the
 * one the component uses, and that the default is not.
 */
class RockyComponentBuilderTest {

    @TempDir
    Path project;

    private ComponentConfig config;

    @BeforeEach
    void writeProject() throws Exception {
        Files.writeString(project.resolve("rocky.toml"), "[adapter]\ntype = \"duckdb\"\n");
        Files.createDirectories(project.resolve("models"));
        Files.writeString(project.resolve("defs.yaml"), "type: dagster_rocky.RockyComponent\nattributes:\n"
                + "  binary_path: rocky\n  models_dir: models\n");
        config = new DefsYamlLoader(name -> null).load(project.resolve("defs.yaml"));
    }

    private Path defaultStateFile() {
        return project.resolve(".local_defs_state").resolve(dev.rocky.state.LocalFilesystemStateStore.sanitize(
                config.defsState().key())).resolve("state");
    }

    @Test
    void theCommandRunnerSetInCodeRunsEveryRockyCommand() {
        RecordedRunner runner = new RecordedRunner();
        RockyComponent component = RockyComponent.builder(config).commandRunner(runner).logSink(LogSink.NONE).build();

        component.refresh();

        assertThat(runner.subcommands).startsWith("--version", "discover");
        assertThat(component.definitions().assets()).extracting(a -> a.key().toUserString()).containsExactly("duckdb/orders/orders");
    }

    @Test
    void theStateStoreSetInCodeHoldsTheStateAndNoFileIsWritten() {
        InMemoryStore store = new InMemoryStore();
        RockyComponent component = RockyComponent.builder(config).commandRunner(new RecordedRunner()).stateStore(store)
                .logSink(LogSink.NONE).build();

        component.refresh();

        assertThat(store.content.get()).isNotNull();
        assertThat(new String(store.content.get(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"orders\"");
        assertThat(component.stateLocation()).isEqualTo("memory:test");
        assertThat(defaultStateFile()).doesNotExist();
        assertThat(component.definitions().assets()).hasSize(1);

        store.content.set(null);
        assertThatThrownBy(component::loadExisting).isInstanceOf(RockyException.class).hasMessageContaining("memory:test");
    }

    @Test
    void theLogSinkSetInCodeReceivesTheWarnings() {
        List<String> warnings = new CopyOnWriteArrayList<>();
        RockyComponent component = RockyComponent.builder(config).commandRunner(new RecordedRunner())
                .postStateWriteHook(file -> {
                    throw new IllegalStateException("bucket unreachable");
                })
                .logSink((level, message) -> {
                    if (level == LogSink.Level.WARN) {
                        warnings.add(message);
                    }
                }).build();

        component.refresh();

        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("bucket unreachable"));
    }

    @Test
    void theTranslatorSetInCodeNamesTheAssets() {
        RockyTranslator flat = new RockyTranslator() {
            @Override
            public List<String> assetKey(SourceView source, TableView table) {
                return List.of("warehouse", table.name());
            }
        };
        RockyComponent component = RockyComponent.builder(config).commandRunner(new RecordedRunner()).translator(flat)
                .logSink(LogSink.NONE).build();
        component.refresh();

        assertThat(component.definitions().assets()).extracting(AssetSpec::key).containsExactly(AssetKey.of("warehouse", "orders"));
        assertThat(component.translator().describe()).contains("set in code");
    }

    @Test
    void theClockSetInCodeStampsTheState() {
        Instant then = Instant.parse("2026-01-02T03:04:05Z");
        RockyComponent component = RockyComponent.builder(config).commandRunner(new RecordedRunner())
                .clock(Clock.fixed(then, ZoneOffset.UTC)).logSink(LogSink.NONE).build();

        component.refresh();

        assertThat(component.state().writtenAt()).contains(then);
    }

    @Test
    void thePostStateWriteHookSetInCodeGetsTheWrittenFile() {
        List<Path> written = new CopyOnWriteArrayList<>();
        RockyComponent component = RockyComponent.builder(config).commandRunner(new RecordedRunner())
                .postStateWriteHook(written::add).logSink(LogSink.NONE).build();

        component.refresh();

        assertThat(written).containsExactly(defaultStateFile());
        assertThat(defaultStateFile()).exists();
    }

    @Test
    void theSecretsSetInCodeAreMaskedInFailures() {
        String secret = "s3cr3t-token-value";
        RockyComponent component = RockyComponent.builder(config)
                .commandRunner(new RecordedRunner(2, "auth failed with token " + secret))
                .secrets(Secrets.of(List.of(secret))).logSink(LogSink.NONE).build();

        assertThatThrownBy(component::refresh).isInstanceOf(RockyException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret).contains("auth failed with token"));
    }

    @Test
    void theInputFingerprintSetInCodeDecidesStaleness() {
        AtomicReference<String> models = new AtomicReference<>("v1");
        RockyComponent component = RockyComponent.builder(config).commandRunner(new RecordedRunner())
                .inputFingerprint(() -> Fingerprint.of(Map.of("models", models.get()))).logSink(LogSink.NONE).build();
        component.refresh();
        assertThat(component.load().staleness()).isEmpty();

        models.set("v2");

        assertThat(component.load().staleness()).hasValueSatisfying(s -> assertThat(s).contains("models"));
    }

    /**
     * A fingerprint that takes its time: it says when it starts and counts the runs that ended, so
     * a test can see whether a load returned while it was still running.
     */
    private static final class SlowFingerprint implements dev.rocky.core.port.InputFingerprint {
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Fingerprint compute() {
            runs.incrementAndGet();
            started.countDown();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.incrementAndGet();
            return Fingerprint.of(Map.of("models", "v1"));
        }
    }

    /** A store that serves its state only once the fingerprint a load starts beside the read is running. */
    private static final class StoreAfterFingerprint extends InMemoryStore {
        private final SlowFingerprint fingerprint;

        StoreAfterFingerprint(SlowFingerprint fingerprint) {
            this.fingerprint = fingerprint;
        }

        @Override
        public Optional<StoredState> read() {
            try {
                assertThat(fingerprint.started.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the fingerprint started").isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return super.read();
        }
    }

    @Test
    void aLoadThatFailsEndsOnlyWhenTheFingerprintItStartedHasEnded() {
        SlowFingerprint fingerprint = new SlowFingerprint();
        RockyComponent component = RockyComponent.builder(config).commandRunner(new RecordedRunner())
                .stateStore(new StoreAfterFingerprint(fingerprint)).inputFingerprint(fingerprint).logSink(LogSink.NONE).build();

        assertThatThrownBy(component::loadExisting).isInstanceOfSatisfying(RockyException.class,
                e -> assertThat(e.code()).isEqualTo(dev.rocky.core.error.ErrorCode.STATE_MISSING));

        assertThat(fingerprint.runs).as("started beside the read").hasValue(1);
        assertThat(fingerprint.ended).as("ended before the load threw").hasValue(1);
    }

    @Test
    void aLoadOfAStateWithoutAFingerprintEndsOnlyWhenTheFingerprintItStartedHasEnded() throws Exception {
        SlowFingerprint fingerprint = new SlowFingerprint();
        StoreAfterFingerprint store = new StoreAfterFingerprint(fingerprint);
        RockyComponent.builder(config).commandRunner(new RecordedRunner()).stateStore(store)
                .inputFingerprint(() -> Fingerprint.of(Map.of("models", "v1"))).logSink(LogSink.NONE).build().refresh();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode written =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(store.content.get());
        assertThat(written.remove("fingerprint")).as("the refresh recorded a fingerprint").isNotNull();
        store.content.set(json.writeValueAsBytes(written));
        RockyComponent component = RockyComponent.builder(config).commandRunner(new RecordedRunner()).stateStore(store)
                .inputFingerprint(fingerprint).logSink(LogSink.NONE).build();

        RockyComponent.Load load = component.loadExisting();

        assertThat(load.staleness()).as("no fingerprint to compare").isEmpty();
        assertThat(load.definitions().assets()).hasSize(1);
        assertThat(fingerprint.runs).hasValue(1);
        assertThat(fingerprint.ended).as("ended before the load returned").hasValue(1);
    }

    /** A fingerprint the host set is the host's: closing the component never closes it. */
    private static final class HostFingerprint implements dev.rocky.core.port.InputFingerprint, AutoCloseable {
        boolean closed;

        @Override
        public Fingerprint compute() {
            if (closed) {
                throw new IllegalStateException("used after its owner closed it");
            }
            return Fingerprint.of(Map.of("models", "v1"));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void closingTheComponentLeavesAFingerprintTheHostSetOpen() {
        HostFingerprint host = new HostFingerprint();
        RockyComponent component = RockyComponent.builder(config).commandRunner(new RecordedRunner()).inputFingerprint(host)
                .logSink(LogSink.NONE).build();
        component.refresh();
        component.close();

        assertThat(host.closed).isFalse();
        assertThat(component.load().staleness()).as("the component stays usable after close").isEmpty();
    }

    @Test
    void nothingIsRunOrReadUntilTheFirstCall() {
        RecordedRunner runner = new RecordedRunner();
        RockyComponent.builder(config).commandRunner(runner).build();

        assertThat(runner.subcommands).isEmpty();
        assertThat(project.resolve(".local_defs_state")).doesNotExist();
    }

    @Test
    void aLoadBeforeTheFirstRefreshIsAnEmptyGraphWithAWarningUnlessStrict() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        RockyComponent component = RockyComponent.builder(config).commandRunner(new RecordedRunner())
                .logSink((level, message) -> warnings.add(level + " " + message)).build();

        assertThat(component.definitions().assets()).isEmpty();
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("WARN no state at").contains("the graph is empty"));
        assertThatThrownBy(component::loadExisting).isInstanceOfSatisfying(RockyException.class,
                e -> assertThat(e.code()).isEqualTo(dev.rocky.core.error.ErrorCode.STATE_MISSING));

        Files.writeString(project.resolve("defs.yaml"), "type: dagster_rocky.RockyComponent\nattributes:\n"
                + "  binary_path: rocky\n  models_dir: models\n  strict_build: true\n");
        RockyComponent strict = RockyComponent.builder(new DefsYamlLoader(name -> null).load(project.resolve("defs.yaml")))
                .commandRunner(new RecordedRunner()).logSink(LogSink.NONE).build();
        assertThatThrownBy(strict::definitions).isInstanceOf(RockyException.class).hasMessageContaining("no state at");
    }

    @Test
    void theVersionIsTheBuildsVersion() {
        assertThat(RockyComponent.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    /** A state store in memory: what a host's database-backed store looks like to the component. */
    private static class InMemoryStore implements DefsStateStore {
        final AtomicReference<byte[]> content = new AtomicReference<>();

        @Override
        public Optional<StoredState> read() {
            return Optional.ofNullable(content.get()).map(c -> new StoredState(c, location()));
        }

        @Override
        public WrittenState write(byte[] bytes) {
            content.set(bytes.clone());
            return new WrittenState(location(), Optional.empty(), Optional.empty());
        }

        @Override
        public String location() {
            return "memory:test";
        }
    }
}
