package dev.rocky.component;

import dev.rocky.core.run.RunResolver;
import dev.rocky.core.run.RunResolvers;
import dev.rocky.core.run.DoctorResult;
import dev.rocky.core.service.DoctorGate;
import dev.rocky.component.config.PushStateTo;
import dev.rocky.component.config.ManagementType;
import dev.rocky.component.config.ComponentConfig;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.InputFingerprint;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.CheckVerdictStore;
import dev.rocky.core.port.PostStateWriteHook;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.port.VersionedDefsStateStore;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.Secrets;
import dev.rocky.core.service.BuildDefinitions;
import dev.rocky.core.service.ColumnLineageCollector;
import dev.rocky.core.service.Materializer;
import dev.rocky.core.service.RefreshReport;
import dev.rocky.core.service.RefreshState;
import dev.rocky.core.service.RockyResource;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.state.DefsState;
import dev.rocky.core.state.Fingerprint;
import dev.rocky.core.state.StateVersion;
import dev.rocky.state.remote.PushStateHook;
import dev.rocky.process.CommandRunner;
import dev.rocky.process.CommonsExecCommandRunner;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.translator.ResolvedTranslator;
import dev.rocky.translator.spi.RockyTranslator;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The component as a library: refresh the state (calls rocky), and load the asset graph from it
 * (calls nothing). What {@code rocky-component} runs; a host or a custom distribution builds one with
 * {@link #builder} and replaces single parts (the command runner, the state store, the log sink, the
 * translator, the clock, the post-state-write hook, the secrets, the input fingerprint) with its own.
 *
 * <pre>{@code
 * RockyComponent component = RockyComponent.builder(new DefsYamlLoader().load(Path.of("defs.yaml")))
 *         .postStateWriteHook(path -> pushToS3(path))
 *         .logSink((level, message) -> myLog(level, message))
 *         .build();
 * component.refresh();
 * Definitions defs = component.definitions();
 * }</pre>
 *
 * <p>A load ({@link #load()}) reads the state once, says whether it is stale (its inputs changed
 * since the refresh that wrote it: a warning, or a {@code STATE_STALE} error with
 * {@code fail_on_stale_state}), and builds the graph. With {@code discover_on_missing_state} and a
 * local-filesystem state that does not exist, it refreshes first, except in development mode; a
 * failure of that refresh is logged and gives an empty graph (re-thrown under {@code strict_build}).
 * With {@code surface_column_lineage} and {@code column_lineage_at: load} (the reference's
 * behaviour), a load also calls {@code rocky lineage} once per model; {@code refresh} avoids that.
 *
 * <p>{@link #materialize} runs rocky for a selection of the graph and reports its events.
 */
public final class RockyComponent implements AutoCloseable {

    /**
     * One load: the graph, the state it was built from, and whether that state is stale.
     *
     * @param definitions the asset graph
     * @param state the decoded state, empty when a failed cold-start refresh left none
     * @param staleness why the state is stale (the inputs that changed since it was written), empty
     *     when it is fresh or was written without a fingerprint
     */
    public record Load(Definitions definitions, Optional<DefsState> state, Optional<String> staleness) {
        /** Rejects {@code null} parts. */
        public Load {
            Objects.requireNonNull(definitions, "definitions is null");
            Objects.requireNonNull(state, "state is null");
            Objects.requireNonNull(staleness, "staleness is null");
        }
    }

    /**
     * Computes the inputs' fingerprint while a load decodes the state and builds the graph: on a
     * large project both take tens of milliseconds. Daemon threads, ended after a minute idle.
     */
    private static final ExecutorService FINGERPRINTS = Executors.newCachedThreadPool(new FingerprintThreads());

    /**
     * Names the fingerprint's threads and makes them daemons. A class, not a lambda: a lambda's
     * method-handle form would be generated at every start, outside the start-up archive.
     */
    private static final class FingerprintThreads implements java.util.concurrent.ThreadFactory {
        @Override
        public Thread newThread(Runnable task) {
            Thread t = new Thread(task, "rocky-fingerprint");
            t.setDaemon(true);
            return t;
        }
    }

    /**
     * The inputs' fingerprint, computed on a {@code rocky-fingerprint} thread beside a load.
     * Whoever comes first runs it: the pool's thread, or {@link #get()} on the caller's when the
     * pool has not started it yet. A load that does not need it calls {@link #settle()}, which
     * stops it from starting or waits for the run already under way, so that no load returns, or
     * throws, while the fingerprint still reads the project or writes its digest file (a caller
     * that deletes the project next, a test's temporary directory among them, would race it).
     */
    private static final class BackgroundFingerprint implements Runnable, Supplier<Fingerprint> {
        private final InputFingerprint fingerprint;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<Fingerprint> result = new CompletableFuture<>();

        private BackgroundFingerprint(InputFingerprint fingerprint) {
            this.fingerprint = fingerprint;
        }

        /** @return the fingerprint, already started on a pool thread */
        static BackgroundFingerprint start(InputFingerprint fingerprint) {
            BackgroundFingerprint task = new BackgroundFingerprint(fingerprint);
            FINGERPRINTS.execute(task);
            return task;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                result.complete(fingerprint.compute());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }

        /**
         * @return the fingerprint, computed here when no thread has started it
         * @throws RuntimeException what the fingerprint threw
         */
        @Override
        public Fingerprint get() {
            run();
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return result.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("fingerprinting the inputs failed", e.getCause());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Stops the fingerprint from starting, or waits for the run under way to end; its outcome is dropped. */
        void settle() {
            if (claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                get();
            } catch (RuntimeException | Error ignored) {
                // Nobody asked for it: the load reports its own outcome.
            }
        }
    }

    private final ComponentConfig config;
    private final Supplier<RefreshState> refresh;
    private final Supplier<BuildDefinitions> build;
    private final Supplier<ResolvedTranslator> translator;
    private final DefsStateStore store;
    private final StateCodec codec;
    private final InputFingerprint fingerprint;
    private final LogSink log;
    private final RockyCli cli;
    private final RunResolvers resolvers;
    private final Secrets secrets;
    private final Supplier<ColumnLineageCollector> lineage;
    private final Clock clock;
    private final CheckVerdictStore verdicts;
    private final AutoCloseable owned;
    /** The last load of an unchanged state, reused while the store's identity and the inputs' fingerprint stay the same. */
    private volatile Reloaded reloaded;
    /** Opened at the first refresh or materialization that needs it ({@code openlineage} set). */
    private dev.rocky.openlineage.OpenLineageEmission openLineage;

    /**
     * @param config the component's configuration
     * @param refresh the refresh use case, created at the first refresh (so a load never reads
     *     {@code rocky.toml} for it)
     * @param build the load use case, created at the first load (so a translator that cannot be
     *     loaded fails loads, never refreshes)
     * @param translator the translator loads use, and why it was chosen
     * @param store the state store
     * @param codec decodes the state
     * @param fingerprint fingerprints the inputs, to say when the state is stale
     * @param log where warnings go
     * @param cli the rocky engine materializations run
     * @param lineage collects column lineage at load ({@code column_lineage_at: load})
     * @param secrets values never shown in what the component prints
     * @param clock the time state timestamps and partition windows are read from
     * @param verdicts where each check's last real verdict is kept
     * @param resolvers the per-call run option resolvers
     * @param owned what the wiring made that {@link #close()} releases (the default fingerprint's
     *     directory watches); never a part the host set, which the host owns
     */
    RockyComponent(ComponentConfig config, Supplier<RefreshState> refresh, Supplier<BuildDefinitions> build,
            Supplier<ResolvedTranslator> translator, DefsStateStore store, StateCodec codec, InputFingerprint fingerprint,
            LogSink log, RockyCli cli, Supplier<ColumnLineageCollector> lineage, Secrets secrets, Clock clock,
            CheckVerdictStore verdicts, RunResolvers resolvers, AutoCloseable owned) {
        this.owned = Objects.requireNonNull(owned, "owned is null");
        this.verdicts = Objects.requireNonNull(verdicts, "verdicts is null");
        this.resolvers = Objects.requireNonNull(resolvers, "resolvers is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.refresh = Objects.requireNonNull(refresh, "refresh is null");
        this.build = Objects.requireNonNull(build, "build is null");
        this.translator = Objects.requireNonNull(translator, "translator is null");
        this.store = Objects.requireNonNull(store, "store is null");
        this.codec = Objects.requireNonNull(codec, "codec is null");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint is null");
        this.log = Objects.requireNonNull(log, "log is null");
        this.cli = Objects.requireNonNull(cli, "cli is null");
        this.secrets = Objects.requireNonNull(secrets, "secrets is null");
        this.lineage = Objects.requireNonNull(lineage, "lineage is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * @param config the component's configuration
     * @return the component with the default wiring (see {@link Builder})
     */
    public static RockyComponent create(ComponentConfig config) {
        return builder(config).build();
    }

    /**
     * @param config the component's configuration, e.g. from {@link DefsYamlLoader#load}
     * @return a builder whose typed methods replace single parts of the default wiring
     */
    public static Builder builder(ComponentConfig config) {
        return new Builder(config);
    }

    /**
     * @return this library's version, e.g. {@code 0.1.0} (from the build), or {@code unknown} when
     *     the classes were not built by Maven
     */
    public static String version() {
        try (InputStream in = RockyComponent.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Builds a {@link RockyComponent}. Every part a host may replace has a typed method here; what
     * is not set keeps the default, which is what {@code rocky-component} runs:
     *
     * <table>
     *   <caption>Replaceable parts and their defaults</caption>
     *   <tr><th>Method</th><th>Default</th></tr>
     *   <tr><td>{@link #commandRunner}</td><td>{@link CommonsExecCommandRunner}: runs the
     *       {@code binary_path} program in its own process group</td></tr>
     *   <tr><td>{@link #stateStore}</td><td>the store {@code defs_state} names: a file under
     *       {@code .local_defs_state/<key>/}, or a versioned directory, S3 or Valkey store</td></tr>
     *   <tr><td>{@link #logSink}</td><td>{@link Slf4jLogSink}: SLF4J logger {@code dev.rocky}</td></tr>
     *   <tr><td>{@link #translator}</td><td>defs.yaml's {@code translator}, else the
     *       highest-priority plugin found, else the default</td></tr>
     *   <tr><td>{@link #clock}</td><td>the system clock in UTC (state timestamps, partition
     *       windows)</td></tr>
     *   <tr><td>{@link #postStateWriteHook}</td><td>none (plus the push hook of
     *       {@code post_state_write_hook: {push_to: …}})</td></tr>
     *   <tr><td>{@link #secrets}</td><td>the environment's secrets by name, and the variables
     *       {@code rocky.toml} and defs.yaml reference</td></tr>
     *   <tr><td>{@link #inputFingerprint}</td><td>the project's files and refresh attributes, to
     *       say when the state is stale</td></tr>
     *   <tr><td>{@link #checkVerdictStore}</td><td>{@code check-verdicts.json} in the state's
     *       local directory: each check's last verdict, carried forward for pruned tables</td></tr>
     * </table>
     *
     * <p>The builder is not thread-safe; the component it builds is.
     */
    public static final class Builder {
        private final ComponentConfig config;
        private PostStateWriteHook hook = PostStateWriteHook.NONE;
        private RockyTranslator translatorInCode;
        private CommandRunner commandRunner;
        private DefsStateStore stateStore;
        private LogSink logSink;
        private Clock clock;
        private Secrets secrets;
        private InputFingerprint inputFingerprint;
        private CheckVerdictStore checkVerdictStore;
        private RunResolver<String> shadowSuffixFn;
        private RunResolver<String> governanceOverrideFn;
        private RunResolver<String> idempotencyKeyFn;
        private RunResolver<java.time.Duration> timeoutFn;
        private dev.rocky.openlineage.OpenLineageSettings openLineage;

        private Builder(ComponentConfig config) {
            this.config = Objects.requireNonNull(config, "config is null");
        }

        /**
         * {@code openlineage}: sends every materialization (and, with
         * {@link dev.rocky.openlineage.OpenLineageSettings#emitOnRefresh()}, every refresh) as
         * OpenLineage events, in place of defs.yaml's block. The transport is checked here, by
         * building the client (which contacts nothing).
         *
         * @param settings the namespace, the client's transport configuration and the options
         * @return this builder
         * @throws IllegalArgumentException when the OpenLineage client refuses the transport
         */
        public Builder openLineage(dev.rocky.openlineage.OpenLineageSettings settings) {
            dev.rocky.openlineage.OpenLineageEmission.checkTransport(Objects.requireNonNull(settings, "settings is null"));
            this.openLineage = settings;
            return this;
        }

        /**
         * {@code shadow_suffix_fn}: a shadow suffix per rocky run, when the run was not given one
         * (e.g. from the branch being deployed); see {@link RunResolver}.
         *
         * @param resolver called once per run with the call's context
         * @return this builder
         */
        public Builder shadowSuffixFn(RunResolver<String> resolver) {
            this.shadowSuffixFn = Objects.requireNonNull(resolver, "resolver is null");
            return this;
        }

        /**
         * {@code governance_override_fn}: a governance override (a JSON object) per rocky run, when
         * the run was not given one; it goes through the same pre-flight check as an explicit one.
         *
         * @param resolver called once per run with the call's context
         * @return this builder
         */
        public Builder governanceOverrideFn(RunResolver<String> resolver) {
            this.governanceOverrideFn = Objects.requireNonNull(resolver, "resolver is null");
            return this;
        }

        /**
         * {@code idempotency_key_fn}: an idempotency key per rocky run, when the run was not given
         * one (masked in logs).
         *
         * @param resolver called once per run with the call's context
         * @return this builder
         */
        public Builder idempotencyKeyFn(RunResolver<String> resolver) {
            this.idempotencyKeyFn = Objects.requireNonNull(resolver, "resolver is null");
            return this;
        }

        /**
         * {@code timeout_fn}: a time budget per rocky run, when the run was not given one (else
         * {@code timeout_seconds} applies).
         *
         * @param resolver called once per run with the call's context
         * @return this builder
         */
        public Builder timeoutFn(RunResolver<java.time.Duration> resolver) {
            this.timeoutFn = Objects.requireNonNull(resolver, "resolver is null");
            return this;
        }

        /**
         * @param hook called with the state file after every successful write (the reference's
         *     {@code post_state_write_hook}); its exceptions are logged and swallowed
         * @return this builder
         */
        public Builder postStateWriteHook(PostStateWriteHook hook) {
            this.hook = Objects.requireNonNull(hook, "hook is null");
            return this;
        }

        /**
         * Sets the translator in code: it wins over defs.yaml's {@code translator} /
         * {@code translator_class} and over every plugin found. Its output is still checked and
         * defs.yaml's {@code translation} templates still apply on top.
         *
         * @param translator the translator to use; called from several threads
         * @return this builder
         */
        public Builder translator(RockyTranslator translator) {
            this.translatorInCode = Objects.requireNonNull(translator, "translator is null");
            return this;
        }

        /**
         * Replaces how rocky is run: every {@code rocky} command of refreshes, loads
         * ({@code column_lineage_at: load}) and materializations goes through it. The testkit's
         * {@code FakeRocky} is one; a host may run rocky in a container or over a remote executor.
         *
         * @param runner runs one command and returns its exit code and stdout; called from several
         *     threads
         * @return this builder
         */
        public Builder commandRunner(CommandRunner runner) {
            this.commandRunner = Objects.requireNonNull(runner, "runner is null");
            return this;
        }

        /**
         * Replaces where the state lives: refreshes write it there and loads read it from there.
         * {@code defs_state} in defs.yaml then only names the state key; the refresh lock stays a
         * file under {@code <project root>/.local_defs_state/<key>/}. A store that also implements
         * {@link VersionedDefsStateStore} serves {@link #versions()} and {@link #rollback}.
         *
         * @param store the store; its {@code write} must replace the state atomically
         * @return this builder
         */
        public Builder stateStore(DefsStateStore store) {
            this.stateStore = Objects.requireNonNull(store, "store is null");
            return this;
        }

        /**
         * Replaces where each asset check's last real verdict is kept between materializations,
         * the verdict a check of a table rocky prunes as unchanged carries forward; e.g. a
         * database table shared by every worker, or {@link CheckVerdictStore#NONE} to keep none.
         *
         * @param store the store; called from several threads
         * @return this builder
         */
        public Builder checkVerdictStore(CheckVerdictStore store) {
            this.checkVerdictStore = Objects.requireNonNull(store, "store is null");
            return this;
        }

        /**
         * @param sink where warnings, progress and debug lines go instead of SLF4J
         * @return this builder
         */
        public Builder logSink(LogSink sink) {
            this.logSink = Objects.requireNonNull(sink, "sink is null");
            return this;
        }

        /**
         * @param clock the time a refresh stamps the state with ({@code written_at}) and a
         *     materialization checks partition keys against (a window that has not ended is refused);
         *     version ids of a versioned store keep the system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock is null");
            return this;
        }

        /**
         * @param secrets the values masked in rocky's output before it is parsed and in every
         *     message the component logs or throws
         * @return this builder
         */
        public Builder secrets(Secrets secrets) {
            this.secrets = Objects.requireNonNull(secrets, "secrets is null");
            return this;
        }

        /**
         * @param fingerprint computes the inputs' fingerprint a refresh records and a load compares,
         *     to say when the state is stale
         * @return this builder
         */
        public Builder inputFingerprint(InputFingerprint fingerprint) {
            this.inputFingerprint = Objects.requireNonNull(fingerprint, "fingerprint is null");
            return this;
        }

        private PostStateWriteHook withPush(PushStateTo push) {
            VersionedDefsStateStore target = ComponentWiring.uncachedStore(push.storage(), push.key(), push.keepVersions(),
                    config.defsState().pruneGrace());
            PushStateHook pushHook = new PushStateHook(target, null);
            PostStateWriteHook inCode = hook;
            return inCode == PostStateWriteHook.NONE ? pushHook : file -> {
                inCode.stateWritten(file);
                pushHook.stateWritten(file);
            };
        }

        /**
         * @return the component; with {@code post_state_write_hook: {push_to: …}} in defs.yaml, the
         *     ready {@link PushStateHook} runs after the hook set in code, if any. Nothing is run,
         *     read or contacted until the first call on it.
         */
        public RockyComponent build() {
            PostStateWriteHook chosen = config.state().pushStateTo().map(this::withPush).orElse(hook);
            ComponentConfig effective = openLineage == null ? config : config.withOpenLineage(Optional.of(openLineage));
            return new ComponentWiring(effective, new ComponentWiring.Parts(chosen, translatorInCode, commandRunner, stateStore, logSink,
                    clock, secrets, inputFingerprint, checkVerdictStore, new RunResolvers(Optional.ofNullable(shadowSuffixFn),
                            Optional.ofNullable(governanceOverrideFn), Optional.ofNullable(idempotencyKeyFn),
                            Optional.ofNullable(timeoutFn)))).component();
        }
    }

    /**
     * Calls rocky and writes the state.
     *
     * @return what was written
     * @throws RockyException as {@link RefreshState#refresh()}; the previous state is then untouched
     */
    public RefreshReport refresh() {
        RefreshReport report = refresh.get().refresh();
        if (config.openLineage().map(dev.rocky.openlineage.OpenLineageSettings::emitOnRefresh).orElse(false)) {
            try {
                int queued = openLineage().refresh(loadExisting().definitions());
                log.info("OpenLineage: " + queued + " dataset and job event(s) queued for the refreshed graph");
            } catch (RuntimeException e) {
                log.warn("OpenLineage: the refreshed graph was not sent (the refresh itself succeeded): " + e.getMessage());
            }
        }
        return report;
    }

    /**
     * The OpenLineage emission, opened at its first use.
     *
     * @throws RockyException {@code CONFIG_INVALID} when the datasets' namespace cannot be named
     *     (no {@code dataset_namespace} and no adapter type in {@code rocky.toml}) or the client
     *     refuses the transport
     */
    private synchronized dev.rocky.openlineage.OpenLineageEmission openLineage() {
        if (openLineage == null) {
            dev.rocky.openlineage.OpenLineageSettings settings = config.openLineage().orElseThrow();
            java.nio.file.Path rockyToml = config.projectRoot().resolve(config.engine().configPath()).toAbsolutePath().normalize();
            try {
                String datasets = settings.datasetNamespace().orElseGet(() -> dev.rocky.openlineage.DatasetNamespaces.of(config.adapter(),
                        rockyToml.getParent()));
                String project = rockyToml.getParent().getFileName() == null ? "rocky" : rockyToml.getParent().getFileName().toString();
                openLineage = dev.rocky.openlineage.OpenLineageEmission.open(settings, datasets, project, version(), log, clock);
            } catch (IllegalArgumentException e) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, config.defsFile() + ": openlineage: " + e.getMessage());
            }
        }
        return openLineage;
    }

    /**
     * Sends what OpenLineage events are still queued (waiting at most the block's
     * {@code close_timeout_seconds}) and closes the client; does nothing without
     * {@code openlineage}; stops the directory watches of the default input fingerprint (a
     * {@code ProjectFingerprint} keeps them in a long-lived process; a fingerprint the host set is
     * the host's to close). Call it when the process is
     * done with the component (the CLI does after each command); the component stays usable, opens a
     * new client if used again, and lists the input directories at each load from then on.
     */
    @Override
    public synchronized void close() {
        if (openLineage != null) {
            openLineage.close();
            openLineage = null;
        }
        try {
            owned.close();
        } catch (Exception e) {
            log.warn("closing the component's own input fingerprint failed: " + e);
        }
    }

    /**
     * Builds the asset graph from the state; never calls rocky (except the cold-start refresh of
     * {@code discover_on_missing_state}). With no state yet, the graph is empty and a warning says
     * so, as the reference's load is, so that an embedding orchestrator boots before the first
     * refresh; under {@code strict_build} a missing state is an error ({@link #loadExisting()}
     * always makes it one).
     *
     * @return the asset graph
     * @throws StateException when the state is corrupt, unusable, (with {@code fail_on_stale_state})
     *     stale, or (with {@code strict_build}) missing
     */
    public Definitions definitions() {
        return load().definitions();
    }

    /**
     * Loads the graph and says whether the state is stale; a missing state gives an empty graph
     * with a warning unless {@code strict_build} is on (see {@link #definitions()}).
     *
     * @return the load; its {@link Load#state()} is empty when there was no state
     * @throws StateException as {@link #definitions()}
     */
    public Load load() {
        try {
            return loadExisting();
        } catch (StateException e) {
            if (e.code() != ErrorCode.STATE_MISSING || config.graph().strictBuild()) {
                throw e;
            }
            log.warn(e.getMessage() + "; until then the graph is empty (strict_build: true makes this an error)");
            return new Load(Definitions.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * As {@link #load()}, but a missing state is always an error: what {@code rocky-component defs}
     * and {@code materialize} use, where an empty graph printed with exit 0 would be a false green.
     *
     * <p>A long-lived process that loads again gets the same {@link Load} back without the state
     * being read or decoded, while the store's {@link DefsStateStore#identity()} (for the local
     * file: its inode, size and modification time) and the inputs' fingerprint are what they were
     * at the last load that was not stale; a refresh, a rollback or an edited input builds anew.
     *
     * @return the load
     * @throws StateException {@code STATE_MISSING} when no state has been written, or as {@link #definitions()}
     */
    public Load loadExisting() {
        if (coldStartApplies()) {
            try {
                log.warn("no state at " + store.location() + " and discover_on_missing_state is on: refreshing now");
                refresh.get().refresh();
            } catch (RockyException e) {
                if (config.graph().strictBuild()) {
                    throw e;
                }
                log.warn("the cold-start refresh failed, so the graph is empty (set strict_build: true to fail instead): "
                        + e.getMessage());
                return new Load(Definitions.empty(), Optional.empty(), Optional.empty());
            }
        }
        // An unchanged state with unchanged inputs, in a long-lived process: the graph built from it last time.
        Optional<String> identity = config.lineage().atLoad() ? Optional.empty() : store.identity();
        Reloaded last = reloaded;
        if (identity.isPresent() && last != null && last.identity().equals(identity.get())
                && fingerprint.compute().digest().equals(last.inputs())) {
            return last.load();
        }
        BuildDefinitions load = build.get();
        BackgroundFingerprint current = BackgroundFingerprint.start(fingerprint);
        try {
            return readAndBuild(load, current, identity);
        } finally {
            current.settle(); // nothing of this load runs on after it
        }
    }

    /** {@link #loadExisting()}'s load proper: read, build, compare the fingerprint, keep it for the next reload. */
    private Load readAndBuild(BuildDefinitions load, BackgroundFingerprint current, Optional<String> identity) {
        DefsState state = load.readState();
        if (!config.lineage().surfaceColumnLineage() && !state.lineage().isEmpty()) {
            state = state.withLineage(List.of());
        }
        Definitions defs = null;
        RuntimeException failure = null;
        if (!config.lineage().atLoad()) {
            try {
                defs = load.build(state);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        Optional<String> stale = staleness(state, current);
        if (stale.isPresent()) {
            if (config.state().failOnStaleState()) {
                throw new StateException(ErrorCode.STATE_STALE, stale.get() + "; run `rocky-component refresh`, or unset "
                        + "fail_on_stale_state to load it with a warning", null);
            }
            log.warn(stale.get() + "; run `rocky-component refresh` to bring it up to date");
        }
        if (failure != null) {
            throw failure;
        }
        if (config.lineage().atLoad()) {
            log.info("surface_column_lineage with column_lineage_at: load calls rocky lineage per model on this load; "
                    + "column_lineage_at: refresh keeps loads call-free");
            state = state.withLineage(lineage.get().collect(config.resolvedModelsDir(), config.engine().modelsDir()).value());
            defs = load.build(state);
        }
        Load result = new Load(defs, Optional.of(state), stale);
        if (identity.isPresent() && stale.isEmpty() && state.fingerprint().isPresent()) {
            Fingerprint inputs = current.get(); // done: the staleness check waited for it
            reloaded = new Reloaded(identity.get(), inputs.digest(), result);
        }
        return result;
    }

    /**
     * The last load of a state that was not stale, kept for the next load of the same state.
     *
     * @param identity the store's {@link DefsStateStore#identity()} of the state loaded
     * @param inputs the inputs' fingerprint digest it was loaded with
     * @param load what the load returned (immutable)
     */
    private record Reloaded(String identity, String inputs, Load load) {
    }

    private boolean coldStartApplies() {
        return config.state().discoverOnMissingState() && !config.developmentMode()
                && config.defsState().managementType() == ManagementType.LOCAL_FILESYSTEM
                && store.read().isEmpty();
    }

    /**
     * @param state a decoded state
     * @return why it is stale (which inputs changed since it was written), or empty when it is
     *     fresh or carries no fingerprint
     * @throws StateException {@code STATE_IO} when an input cannot be read
     */
    public Optional<String> staleness(DefsState state) {
        return staleness(state, fingerprint::compute);
    }

    /**
     * @param current the inputs' fingerprint: the one a load started before decoding (so that it
     *     runs alongside), or computed here
     */
    private Optional<String> staleness(DefsState state, Supplier<Fingerprint> current) {
        if (state.fingerprint().isEmpty()) {
            return Optional.empty();
        }
        List<String> changed = state.fingerprint().get().changedParts(current.get());
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the state at " + store.location() + " is stale: " + String.join(", ", changed)
                + " changed since it was written"
                + state.writtenAt().map(t -> " at " + t).orElse(""));
    }

    /**
     * Materializes assets of the graph: loads it (calls nothing), then runs rocky for the selection
     * through plan-then-apply (unless {@code base} is fused), streaming rocky's stderr to the log.
     * See {@link Materializer} for the dispatch and the events.
     *
     * @param selection what to materialize, keys of {@link #definitions()}
     * @param base flags every run carries (idempotency key, governance override, shadow suffix,
     *     timeout, fused)
     * @return the events, failures and runs; call {@link MaterializationReport#throwIfFailed()} to
     *     raise the failures as one exception
     * @throws RockyException when the graph cannot be loaded, the selection is invalid, or a run
     *     fails in a way that stops the materialization (see {@link Materializer})
     */
    public MaterializationReport materialize(Materializer.Selection selection, RunOptions base) {
        return materialize(definitions(), selection, base);
    }

    /**
     * {@link #materialize(Materializer.Selection, RunOptions)} on an already loaded graph.
     *
     * @param defs the graph
     * @param selection what to materialize
     * @param base flags every run carries
     * @return the events, failures and runs
     * @throws RockyException as {@link #materialize(Materializer.Selection, RunOptions)}
     */
    public MaterializationReport materialize(Definitions defs, Materializer.Selection selection, RunOptions base) {
        return materialize(defs, selection, base, dev.rocky.core.run.RunEventListener.NONE);
    }

    /**
     * {@link #materialize(Definitions, Materializer.Selection, RunOptions)}, handing each event and
     * failure to {@code listener} as soon as the rocky call that produced it returns.
     *
     * @param defs the graph
     * @param selection what to materialize
     * @param base flags every run carries
     * @param listener receives events and failures as they are known
     * @return the events, failures and runs
     * @throws RockyException as {@link #materialize(Materializer.Selection, RunOptions)}
     */
    public MaterializationReport materialize(Definitions defs, Materializer.Selection selection, RunOptions base,
            dev.rocky.core.run.RunEventListener listener) {
        return run(base, (materializer, told) -> materializer.materialize(defs, selection, told), MaterializationReport::summary,
                defs, selection, listener);
    }

    /**
     * {@link #materialize(Definitions, Materializer.Selection, RunOptions, dev.rocky.core.run.RunEventListener)}
     * keeping no event: each goes to {@code listener} and is dropped, so a materialization of any
     * size holds its selection's keys, not its events ({@link Materializer#stream}). What
     * {@code rocky-component materialize} runs. The same events and failures reach the listener in
     * the same order; with {@code openlineage:}, the same runs are sent.
     *
     * @param defs the graph
     * @param selection what to materialize
     * @param base flags every run carries
     * @param listener receives events and failures as they are known
     * @return the counts of the events handed on, the failures and how many runs returned; call
     *     {@link dev.rocky.core.run.MaterializationSummary#throwIfFailed()} to raise the failures
     * @throws RockyException as {@link #materialize(Materializer.Selection, RunOptions)}
     */
    public dev.rocky.core.run.MaterializationSummary stream(Definitions defs, Materializer.Selection selection, RunOptions base,
            dev.rocky.core.run.RunEventListener listener) {
        return run(base, (materializer, told) -> materializer.stream(defs, selection, told), summary -> summary, defs, selection,
                listener);
    }

    /**
     * 1. The doctor gate, 2. the materializer, 3. the materialization, inside an OpenLineage parent
     * run when {@code openlineage:} is set (a child run per rocky call), ended by the summary.
     */
    private <R> R run(RunOptions base, java.util.function.BiFunction<Materializer, dev.rocky.core.run.RunEventListener, R> materialize,
            java.util.function.Function<R, dev.rocky.core.run.MaterializationSummary> summary, Definitions defs,
            Materializer.Selection selection, dev.rocky.core.run.RunEventListener listener) {
        if (config.run().strictDoctor()) {
            new DoctorGate(config.run().strictDoctorChecks()).enforce(cli, log);
        }
        Materializer materializer = new Materializer(new RockyResource(cli, log), log,
                new Materializer.Options(config.engine().modelsDir(), config.run().satisfyEmptyOutputs(), true, base,
                        config.governance().surfaceCompliance(), config.governance().surfaceRetentionStatus(),
                        config.replicationPipeline(),
                        resolvers, config.run().pipes()),
                clock, verdicts);
        if (config.openLineage().isEmpty()) {
            return materialize.apply(materializer, listener);
        }
        dev.rocky.openlineage.MaterializationLineage lineage = openLineage().materialization(defs,
                selection.partition(), selection.from(), selection.to());
        R result;
        try {
            result = materialize.apply(materializer, dev.rocky.core.run.RunEventListener.both(listener, lineage));
        } catch (RuntimeException e) {
            lineage.aborted(e);
            throw e;
        }
        lineage.finished(summary.apply(result));
        return result;
    }

    /**
     * The rocky client this component calls, configured from defs.yaml (binary, config, state path,
     * timeout, secrets masked): for the engine's commands the component does not run itself —
     * {@code state}, {@code history}, {@code metrics}, {@code cost}, {@code test}, {@code ci},
     * {@code review --status}, {@code doctor} — each typed as its schema, mirroring the SDK's
     * {@code RockyClient} (rocky_sdk/client.py).
     *
     * @return the client; thread-safe
     */
    public RockyCli rocky() {
        return cli;
    }

    /**
     * {@code rocky doctor}, once, with the verdict {@code strict_doctor_checks} gives it: what
     * {@code rocky-component doctor} prints and what {@code strict_doctor} enforces before a
     * materialization.
     *
     * @return the engine's report and which of its checks would stop a materialization
     * @throws RockyException as {@link RockyCli#doctor()}
     */
    public DoctorCheck doctor() {
        DoctorResult report = cli.doctor().value();
        return new DoctorCheck(report, new DoctorGate(config.run().strictDoctorChecks()).judge(report));
    }

    /**
     * How an orchestrator runs a graph: its executable units (one per group, {@code rocky_<group>},
     * any subset, with {@code op_tags}), the {@code schedules} resolved against it, and each asset's
     * {@code automation} condition. Calls nothing.
     *
     * @param defs the graph
     * @return the orchestration
     * @throws RockyException {@code CONFIG_INVALID} when a schedule or the automation selects a
     *     group or key the graph does not have
     */
    public dev.rocky.core.orchestration.Orchestration orchestration(Definitions defs) {
        return new OrchestrationPlanner(config.orchestration()).plan(defs);
    }

    /**
     * The runs due in the minute of {@code at}: each schedule whose cron fires then and the assets
     * whose {@code on_cron} automation fires then, so a plain cron line or a JVM scheduler can
     * call this every minute and materialize what it returns. Calls nothing.
     *
     * @param defs the graph
     * @param at the time
     * @return {@code source} ({@code schedule:<name>} or {@code automation:on_cron}) to the assets
     *     due and their run tags, in order
     * @throws RockyException as {@link #orchestration}
     */
    public List<DueRun> dueAt(Definitions defs, java.time.Instant at) {
        return OrchestrationPlanner.dueAt(orchestration(defs), at).stream()
                .map(d -> new DueRun(d.source(), d.assets(), d.tags())).toList();
    }

    /**
     * A run due on the clock.
     *
     * @param source {@code schedule:<name>} or {@code automation:on_cron}
     * @param assets the assets to materialize
     * @param tags its run tags ({@code rocky/schedule: <name>} and the schedule's own)
     */
    public record DueRun(String source, List<AssetKey> assets, Map<String, String> tags) {
        /** Copies. */
        public DueRun {
            assets = List.copyOf(assets);
            tags = Map.copyOf(tags);
        }
    }

    /**
     * One tick of the discover sensor ({@code enable_sensor}; the reference's
     * {@code rocky_source_sensor}): 1. read the cursor stored beside the state; 2. load the graph
     * (the state must exist); 3. run {@code rocky discover} and ask for a run of each source (or
     * group) that synced since its cursor entry. Nothing is stored: hand the requests out, then
     * {@link #commitSensorCursor} the tick's cursor, so a crash in between asks again rather than
     * losing a sync.
     *
     * @return the requests, what was skipped and the cursor to commit
     * @throws RockyException {@code CONFIG_INVALID} when {@code enable_sensor} is off;
     *     {@code STATE_MISSING} before the first refresh; {@code STATE_CORRUPT} for an unreadable
     *     cursor; discover's own errors
     */
    public dev.rocky.core.sensor.SensorTick sensorTick() {
        return sensorTick(Optional.empty());
    }

    /**
     * {@link #sensorTick()} with the backlog cap, for an orchestrator that can count its runs in flight.
     *
     * @param backlogCap the cap, when set
     * @return the tick
     * @throws RockyException as {@link #sensorTick()}
     */
    public dev.rocky.core.sensor.SensorTick sensorTick(Optional<dev.rocky.core.service.DiscoverSensor.BacklogCap> backlogCap) {
        return sensorTick(backlogCap, dev.rocky.core.sensor.SensorHooks.NONE);
    }

    /**
     * {@link #sensorTick(Optional)} with lifecycle hooks (the reference's {@code on_run_request_emitted},
     * {@code on_failed_sources}, {@code on_skip}); a hook that throws is logged and changes nothing.
     *
     * @param backlogCap the cap, when set
     * @param hooks the hooks
     * @return the tick
     * @throws RockyException as {@link #sensorTick()}
     */
    public dev.rocky.core.sensor.SensorTick sensorTick(Optional<dev.rocky.core.service.DiscoverSensor.BacklogCap> backlogCap,
            dev.rocky.core.sensor.SensorHooks hooks) {
        if (!config.sensor().enabled()) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "the discover sensor is off; set enable_sensor: true in "
                    + config.defsFile() + " to tick it");
        }
        dev.rocky.core.sensor.SensorCursor cursor = sensorCursor();
        Definitions defs = loadExisting().definitions();
        dev.rocky.core.service.DiscoverSensor sensor = new dev.rocky.core.service.DiscoverSensor(cli, log,
                new dev.rocky.core.service.DiscoverSensor.Options(config.sensor().perGroup()
                        ? dev.rocky.core.service.DiscoverSensor.Granularity.PER_GROUP : dev.rocky.core.service.DiscoverSensor.Granularity.PER_SOURCE,
                        config.sensor().interval(), config.replicationPipeline(), backlogCap, hooks,
                        config.graph().tenant().map(t -> t.syncPartitionsFromDiscover()).orElse(true)));
        return sensor.tick(defs, cursor, clock.instant());
    }

    /**
     * @return the sensor's stored cursor; {@link dev.rocky.core.sensor.SensorCursor#EMPTY} before
     *     the first commit
     * @throws RockyException {@code STATE_CORRUPT} when it cannot be read
     */
    public dev.rocky.core.sensor.SensorCursor sensorCursor() {
        DefsStateStore cursorStore = ComponentWiring.sensorCursorStore(config);
        return cursorStore.read().map(st -> dev.rocky.json.SensorCursorCodec.decode(st.content(), st.location()))
                .orElse(dev.rocky.core.sensor.SensorCursor.EMPTY);
    }

    /**
     * Stores a tick's cursor once its requests are handed out (atomically, in the same kind of store
     * as the state).
     *
     * @param cursor the tick's cursor
     * @throws RockyException as the state store's write
     */
    public void commitSensorCursor(dev.rocky.core.sensor.SensorCursor cursor) {
        ComponentWiring.sensorCursorStore(config).write(dev.rocky.json.SensorCursorCodec.encode(cursor));
    }

    /**
     * The reference's {@code rocky_healthcheck}: {@code rocky doctor} once, healthy when it ran and
     * no check is critical (or of an unknown status). Never throws for a failing engine.
     *
     * @return the outcome
     */
    public dev.rocky.core.report.Healthcheck healthcheck() {
        return new dev.rocky.core.service.HealthProbe(cli).healthcheck();
    }

    /**
     * The reference's {@code state_health}: rocky.toml's {@code [state] backend}, the last run
     * {@code rocky history} recorded, and with {@code probeWrite} the {@code state_rw} round trip of
     * {@code rocky doctor --check state_rw}. Never throws for a failing engine.
     *
     * @param probeWrite run the write probe
     * @return the snapshot
     */
    public dev.rocky.core.report.StateHealth stateHealth(boolean probeWrite) {
        String backend = dev.rocky.state.RockyTomlState.backend(config.projectRoot().resolve(config.engine().configPath()),
                System.getenv());
        return new dev.rocky.core.service.HealthProbe(cli).stateHealth(backend, probeWrite);
    }

    /**
     * A doctor report and the gate's verdict on it.
     *
     * @param report {@code rocky doctor}'s checks
     * @param verdict the checks that stop a materialization under {@code strict_doctor}, and those
     *     only logged
     */
    public record DoctorCheck(DoctorResult report, DoctorGate.Verdict verdict) {
    }

    /**
     * The asset keys a selection names: each key (as {@code a/b/c}), every asset of each group, or,
     * when both are empty, every asset the graph can materialize.
     *
     * @param defs the graph
     * @param keys asset keys in their user form, {@code /}-separated
     * @param groups group names
     * @return the keys, in graph order; never empty
     * @throws RockyException {@code CONFIG_INVALID} naming a key or group that is not in the graph,
     *     or saying why nothing could be selected (an empty graph, no asset with a run target)
     */
    public static Set<AssetKey> select(Definitions defs, List<String> keys, List<String> groups) {
        Set<AssetKey> out = new LinkedHashSet<>();
        Set<String> knownGroups = new LinkedHashSet<>();
        defs.assets().forEach(a -> knownGroups.add(a.group()));
        for (String g : groups) {
            if (!knownGroups.contains(g)) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, "no group '" + g + "' in the graph; groups: "
                        + String.join(", ", knownGroups));
            }
        }
        for (String k : keys) {
            AssetKey key;
            try {
                key = new AssetKey(List.of(k.split("/", -1)));
            } catch (IllegalArgumentException e) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, "'" + dev.rocky.core.run.CliArgument.printable(k)
                        + "' is not an asset key (" + e.getMessage() + "); give segments joined with /, as `rocky-component defs` "
                        + "prints them");
            }
            if (defs.asset(key).isEmpty()) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, "no asset " + k + " in the graph; run `rocky-component defs` to "
                        + "list the keys");
            }
        }
        for (AssetSpec a : defs.assets()) {
            boolean all = keys.isEmpty() && groups.isEmpty() && defs.runTarget(a.key()).isPresent();
            if (all || groups.contains(a.group()) || keys.contains(a.key().toUserString())) {
                out.add(a.key());
            }
        }
        if (out.isEmpty()) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, defs.assets().isEmpty()
                    ? "nothing to materialize: the graph has no assets; run `rocky-component refresh` and read its warnings, "
                            + "then `rocky-component defs`"
                    : "nothing to materialize: no asset of the graph has a run target (" + defs.assets().size()
                            + " assets, all placeholders or external); select assets rocky can run");
        }
        return out;
    }

    /**
     * @return the translator loads use and why it was chosen (set in code, named in defs.yaml, the
     *     highest-priority plugin found, or the default)
     * @throws RockyException {@code TRANSLATOR_LOAD} when it cannot be chosen or created
     */
    public ResolvedTranslator translator() {
        return translator.get();
    }

    /**
     * @return the decoded state
     * @throws StateException when the state is missing or corrupt
     */
    public DefsState state() {
        return BuildDefinitions.readState(store, codec);
    }

    /**
     * @return the kept state versions, newest first
     * @throws StateException {@code CONFIG_INVALID}-coded when the state is not versioned
     */
    public List<StateVersion> versions() {
        return versioned().versions();
    }

    /**
     * Moves the state's latest pointer back to a kept version.
     *
     * @param version the version id
     * @throws StateException when the state is not versioned or the version is not kept
     */
    public void rollback(String version) {
        versioned().rollback(version);
    }

    private VersionedDefsStateStore versioned() {
        if (store instanceof VersionedDefsStateStore v) {
            return v;
        }
        throw new StateException(ErrorCode.CONFIG_INVALID, "the state at " + store.location() + " is not versioned; set "
                + "defs_state: {management_type: VERSIONED_STATE_STORAGE} in " + config.defsFile(), null);
    }

    /**
     * @return the values masked in what the component prints: the environment's secrets by name
     *     ({@link Secrets#SECRET_NAME}) and the variables {@code rocky.toml} ({@code ${NAME}}) and
     *     defs.yaml ({@code {{ env.NAME }}}) reference
     */
    public Secrets secrets() {
        return secrets;
    }

    /**
     * The default of {@link Builder#secrets}, for a host that needs the masked values before the
     * component exists (e.g. for its own log sink).
     *
     * @param config the component's configuration
     * @return the environment's secrets by name ({@link Secrets#SECRET_NAME}) and the variables its
     *     {@code rocky.toml} ({@code ${NAME}}) and defs.yaml ({@code {{ env.NAME }}}) reference;
     *     reads those two files, each at most 1 MiB
     */
    public static Secrets defaultSecrets(ComponentConfig config) {
        return ComponentWiring.secretsOf(config);
    }

    /** @return the component's configuration */
    public ComponentConfig config() {
        return config;
    }

    /** @return where the state lives, e.g. a file path */
    public String stateLocation() {
        return store.location();
    }
}
