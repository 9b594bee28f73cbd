package dev.rocky.component;

import dev.rocky.component.config.ManagementType;
import dev.rocky.component.config.ComponentConfig;
import dev.rocky.component.config.DefsStateConfig;
import dev.rocky.component.config.StateStorage;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.port.ContractCatalog;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.InputFingerprint;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.RunResolvers;
import dev.rocky.core.run.Secrets;
import dev.rocky.core.port.ModelCatalog;
import dev.rocky.core.model.EnvSubstitution;
import dev.rocky.core.port.CheckVerdictStore;
import dev.rocky.core.port.PostStateWriteHook;
import dev.rocky.core.port.RefreshLock;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.port.VersionStorage;
import dev.rocky.core.port.VersionedDefsStateStore;
import dev.rocky.core.service.BuildDefinitions;
import dev.rocky.core.service.ColumnLineageCollector;
import dev.rocky.core.service.RefreshState;
import dev.rocky.core.service.VersionedStateStore;
import dev.rocky.process.CommandRunner;
import dev.rocky.process.CommonsExecCommandRunner;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.state.codec.JsonStateCodec;
import dev.rocky.state.FileRefreshLock;
import dev.rocky.state.JsonFileCheckVerdictStore;
import dev.rocky.state.LocalFilesystemStateStore;
import dev.rocky.state.ProjectFingerprint;
import dev.rocky.state.ReadThroughCacheStore;
import dev.rocky.state.TomlContractCatalog;
import dev.rocky.state.TomlModelCatalog;
import dev.rocky.state.VersionedDirectoryStateStore;
import dev.rocky.state.remote.S3VersionStorage;
import dev.rocky.state.remote.ValkeyVersionStorage;
import dev.rocky.translator.ResolvedTranslator;
import dev.rocky.translator.TranslatorPlugins;
import dev.rocky.translator.TranslatorResolver;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.TranslatorContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The composition root, internal to the library: makes every port's production adapter for one
 * component configuration, each at its first use and once, in plain constructor calls. Hosts
 * replace parts through {@link RockyComponent.Builder}'s typed methods ({@link Parts}); no
 * dependency-injection container is involved, so a short command pays for the five or six objects
 * it uses, not for a container's reflection at start-up.
 *
 * <p>Defaults: {@link CommandRunner} → {@link CommonsExecCommandRunner}; {@link RockyCli} →
 * {@link ProcessRockyCli}; {@link DefsStateStore} → {@link LocalFilesystemStateStore} at
 * {@code <project root>/.local_defs_state/<key>/state} ({@code LOCAL_FILESYSTEM}) or
 * {@link VersionedDirectoryStateStore} under {@code defs_state.storage.path}
 * ({@code VERSIONED_STATE_STORAGE}); {@link CheckVerdictStore} → {@link JsonFileCheckVerdictStore}
 * beside the refresh lock; {@link RefreshLock} → {@link FileRefreshLock} on
 * {@code refresh.lock} next to the state; {@link InputFingerprint} → {@link ProjectFingerprint};
 * {@link ContractCatalog} → {@link TomlContractCatalog} over {@code contracts_dir};
 * {@link StateCodec} → {@link JsonStateCodec}; {@link ModelCatalog} → {@link TomlModelCatalog};
 * {@link AssetTranslator} → the translator {@link TranslatorResolver} chooses (a {@link RockyTranslator}
 * set in code, else defs.yaml's {@code translator}, else the highest-priority plugin on the classpath
 * or in {@code plugins_dir}, else the default; checked, with the {@code translation} templates on
 * top); {@link PostStateWriteHook} → none; {@link LogSink} → {@link Slf4jLogSink}; {@link Clock} →
 * UTC; {@link RunResolvers} → none; the two use cases with the options defs.yaml sets. Making the
 * wiring has no side effects; a part that fails to be made (a translator that cannot be loaded)
 * throws its own exception at its use and is tried again at the next.
 *
 * <p>Thread-safe.
 */
final class ComponentWiring {

    /**
     * The parts a host set through {@link RockyComponent.Builder}; {@code null} where the default applies.
     *
     * @param hook runs after each state write (never null: {@link PostStateWriteHook#NONE} for none)
     * @param translator the translator set in code
     * @param commandRunner runs the rocky binary
     * @param stateStore holds the state
     * @param logSink where messages go
     * @param clock the time
     * @param secrets the values never shown
     * @param inputFingerprint fingerprints the inputs
     * @param checkVerdictStore keeps the last check verdicts
     * @param resolvers the per-call run option resolvers (never null)
     */
    record Parts(PostStateWriteHook hook, RockyTranslator translator, CommandRunner commandRunner, DefsStateStore stateStore,
            LogSink logSink, Clock clock, Secrets secrets, InputFingerprint inputFingerprint, CheckVerdictStore checkVerdictStore,
            RunResolvers resolvers) {

        /** @throws NullPointerException when {@code hook} or {@code resolvers} is null */
        Parts {
            Objects.requireNonNull(hook, "hook is null");
            Objects.requireNonNull(resolvers, "resolvers is null");
        }
    }

    private final ComponentConfig config;
    private final Parts parts;
    private final Once<Secrets> secrets;
    private final Once<LogSink> logSink;
    private final Once<CommandRunner> commandRunner;
    private final Once<RockyCli> rockyCli;
    private final Once<DefsStateStore> stateStore;
    private final Once<InputFingerprint> inputFingerprint;
    private final Once<CheckVerdictStore> checkVerdictStore;
    private final Once<ColumnLineageCollector> lineage;
    private final Once<ResolvedTranslator> translator;
    private final Once<RefreshState> refresh;
    private final Once<BuildDefinitions> build;
    private final StateCodec codec = new JsonStateCodec();

    /**
     * @param config the component's resolved defs.yaml
     * @param parts what the host replaced
     */
    ComponentWiring(ComponentConfig config, Parts parts) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.parts = Objects.requireNonNull(parts, "parts is null");
        ComponentConfig c = config;
        secrets = new Once<>(() -> or(parts.secrets(), () -> secretsOf(c)));
        logSink = new Once<>(() -> or(parts.logSink(), () -> new Slf4jLogSink(secrets.get())));
        commandRunner = new Once<>(() -> or(parts.commandRunner(), CommonsExecCommandRunner::new));
        rockyCli = new Once<>(() -> new ProcessRockyCli(c.engine().settings(c.projectRoot()), commandRunner.get(), logSink.get(),
                secrets.get()));
        stateStore = new Once<>(() -> or(parts.stateStore(), () -> defsStateStore(c, logSink.get())));
        inputFingerprint = new Once<>(() -> or(parts.inputFingerprint(), () -> inputFingerprint(c)));
        checkVerdictStore = new Once<>(() -> or(parts.checkVerdictStore(), () -> new JsonFileCheckVerdictStore(localStateDir(c))));
        lineage = new Once<>(() -> new ColumnLineageCollector(rockyCli.get(), new TomlModelCatalog(), logSink.get(),
                c.lineage().concurrency()));
        translator = new Once<>(this::resolvedTranslator);
        refresh = new Once<>(this::refreshState);
        build = new Once<>(this::buildDefinitions);
    }

    /**
     * @return the component over these parts; the use cases and the translator are made at their
     *     first use. The component's {@code close()} releases what the wiring made (the default
     *     fingerprint's watches), never a part the host set.
     */
    RockyComponent component() {
        InputFingerprint fingerprint = inputFingerprint.get();
        AutoCloseable owned = parts.inputFingerprint() == null && fingerprint instanceof AutoCloseable made ? made : () -> { };
        return new RockyComponent(config, refresh, build, translator, stateStore.get(), codec, fingerprint, logSink.get(),
                rockyCli.get(), lineage, secrets.get(), or(parts.clock(), Clock::systemUTC), checkVerdictStore.get(), parts.resolvers(),
                owned);
    }

    private static <T> T or(T set, Supplier<T> otherwise) {
        return set != null ? set : otherwise.get();
    }

    /**
     * @param c the component's configuration
     * @return the values never shown for it: the environment's secrets by name, and the variables
     *     its {@code rocky.toml} (read here, at most 1 MiB) and defs.yaml (recorded by the loader) reference
     */
    static Secrets secretsOf(ComponentConfig c) {
        Set<String> referenced = new HashSet<>(c.environmentReferences());
        referencedNames(c.projectRoot().resolve(c.engine().configPath()), referenced);
        return Secrets.fromEnvironment(System.getenv(), referenced);
    }

    /**
     * The variables {@code rocky.toml}'s placeholders name, {@code ${VAR}} and {@code ${VAR:-default}}
     * alike ({@link EnvSubstitution}), comment lines included: masking more is never a leak.
     */
    private static void referencedNames(Path file, Set<String> into) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) <= 1024 * 1024) {
                into.addAll(EnvSubstitution.referencedNames(Files.readString(file), true));
            }
        } catch (IOException e) {
            // An unreadable file references nothing here; the name pattern still applies.
        }
    }

    private static DefsStateStore defsStateStore(ComponentConfig c, LogSink log) {
        DefsStateConfig d = c.defsState();
        if (d.managementType() == ManagementType.VERSIONED_STATE_STORAGE) {
            return versionedStore(d.storage(), d.key(), d.keepVersions(), d.pruneGrace(), log);
        }
        return new LocalFilesystemStateStore(LocalFilesystemStateStore.statePath(c.projectRoot(), d.key()));
    }

    /**
     * The discover sensor's cursor store: the same kind of store as the state's, under the state's
     * key with {@code _sensor_cursor} appended (a file beside the state's directory, or that key in
     * the versioned directory, S3 or Valkey storage), without a local cache so every tick reads
     * what the last one wrote.
     *
     * @param c the configuration
     * @return the store; nothing is contacted until the first read or write
     */
    static DefsStateStore sensorCursorStore(ComponentConfig c) {
        DefsStateConfig d = c.defsState();
        String key = d.key() + "_sensor_cursor";
        if (d.managementType() == ManagementType.VERSIONED_STATE_STORAGE) {
            return uncachedStore(d.storage(), key, d.keepVersions(), d.pruneGrace());
        }
        return new LocalFilesystemStateStore(LocalFilesystemStateStore.statePath(c.projectRoot(), key));
    }

    /**
     * Builds the versioned store {@code defs_state.storage} names: a directory store, or an S3 or
     * Valkey store behind a local {@link ReadThroughCacheStore} at {@code <cache_dir>/<sanitised key>}.
     * Nothing is contacted until the first read or write.
     *
     * @param storage where the versions live
     * @param key the state key
     * @param keep how many versions to keep
     * @param pruneGrace versions younger than this are never pruned
     * @param log where the cache's fallback warnings go
     * @return the store
     */
    static VersionedDefsStateStore versionedStore(StateStorage storage, String key, int keep, Duration pruneGrace, LogSink log) {
        VersionedDefsStateStore store = uncachedStore(storage, key, keep, pruneGrace);
        return storage.localCache().<VersionedDefsStateStore>map(
                cache -> new ReadThroughCacheStore(store, cache.resolve(LocalFilesystemStateStore.sanitize(key)), log)).orElse(store);
    }

    /**
     * Builds the store a storage mapping names, without a local cache: the push hook's target, which
     * is only written to. The one place a backend is chosen.
     *
     * @param storage where the versions live
     * @param key the state key
     * @param keep how many versions to keep
     * @param pruneGrace versions younger than this are never pruned
     * @return the store
     */
    static VersionedDefsStateStore uncachedStore(StateStorage storage, String key, int keep, Duration pruneGrace) {
        VersionStorage remote;
        switch (storage.type()) {
            case DIRECTORY:
                return new VersionedDirectoryStateStore(((StateStorage.Directory) storage).dir(), key, keep, pruneGrace);
            case S3:
                remote = new S3VersionStorage(((StateStorage.S3) storage).settings(), key);
                break;
            case VALKEY:
                remote = new ValkeyVersionStorage(((StateStorage.Valkey) storage).settings(), key);
                break;
            default:
                throw new IllegalStateException("no backend for storage type " + storage.type());
        }
        return new VersionedStateStore(remote, keep, Clock.systemUTC(), VersionedStateStore.DEFAULT_ATTEMPTS, pruneGrace);
    }

    /**
     * The local directory beside the state as defs.yaml places it (also when a host set its own
     * store): {@code .local_defs_state/<key>/}, the remote backend's local cache, or the versions
     * directory. The refresh lock and the check verdicts live there.
     */
    private static Path localStateDir(ComponentConfig c) {
        DefsStateConfig d = c.defsState();
        if (d.managementType() == ManagementType.LOCAL_FILESYSTEM) {
            return LocalFilesystemStateStore.statePath(c.projectRoot(), d.key()).getParent();
        }
        return d.storage().localCache().orElse(d.versionsDir()).resolve(LocalFilesystemStateStore.sanitize(d.key()));
    }

    /** The file digests the input fingerprint keeps between processes, next to the local state (see {@link ProjectFingerprint#withDigestFile}). */
    static final String DIGEST_FILE = "file-digests";

    private static InputFingerprint inputFingerprint(ComponentConfig c) {
        return new ProjectFingerprint(c.projectRoot().resolve(c.engine().configPath()), c.resolvedModelsDir(), c.resolvedContractsDir(),
                c.refreshAttributes(), () -> {
                    try {
                        return Optional.of(Path.of(CommonsExecCommandRunner.resolveProgram(c.resolvedBinary(), c.projectRoot())));
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                }).withDigestFile(localStateDir(c).resolve(DIGEST_FILE));
    }

    private RefreshState refreshState() {
        ComponentConfig c = config;
        return new RefreshState(rockyCli.get(), stateStore.get(), codec, logSink.get(), new RefreshState.Options(c.projectRoot(),
                c.engine().modelsDir(), c.graph().surfaceOptimizeMetadata(), c.graph().dagMode(), c.graph().strictBuild(),
                c.state().refreshLockWait(), c.engine().contractsDir(), c.replicationPipeline()), inputFingerprint.get(),
                new FileRefreshLock(localStateDir(c).resolve("refresh.lock")), parts.hook(), or(parts.clock(), Clock::systemUTC),
                c.lineage().atRefresh() ? lineage.get() : null);
    }

    private ResolvedTranslator resolvedTranslator() {
        ComponentConfig c = config;
        TranslatorPlugins plugins = TranslatorPlugins.discover(ComponentWiring.class.getClassLoader(), Optional.of(c.translator().pluginsDir()));
        ResolvedTranslator resolved = TranslatorResolver.resolve(Optional.ofNullable(parts.translator()), c.translator().selection(), plugins,
                TranslatorContext.of(c.projectRoot()), c.translator().translation());
        logSink.get().log(LogSink.Level.DEBUG, "translator: " + resolved.describe());
        return resolved;
    }

    private BuildDefinitions buildDefinitions() {
        ComponentConfig c = config;
        return new BuildDefinitions(stateStore.get(), codec, translator.get().translator(), logSink.get(),
                new BuildDefinitions.Options(c.graph().dagMode(), c.graph().strictBuild(), c.graph().surfaceDerivedModels(),
                        c.governance().surfaceConfiguredChecks(), c.governance().surfaceCompliance(), c.graph().tenant()),
                new TomlContractCatalog(c.resolvedContractsDir()));
    }

    /**
     * A part made at its first {@link #get()}, once: later calls return the same instance. A
     * failure is not kept, so the next call tries again (a plugin directory fixed in between).
     *
     * @param <T> the part's type
     */
    static final class Once<T> implements Supplier<T> {

        private final Supplier<T> make;
        private volatile T made;

        Once(Supplier<T> make) {
            this.make = make;
        }

        @Override
        public T get() {
            T t = made;
            if (t == null) {
                synchronized (this) {
                    t = made;
                    if (t == null) {
                        t = Objects.requireNonNull(make.get(), "a part was made as null");
                        made = t;
                    }
                }
            }
            return t;
        }
    }
}
