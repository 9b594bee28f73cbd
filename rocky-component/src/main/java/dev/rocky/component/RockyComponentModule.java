package dev.rocky.component;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.rocky.component.config.ManagementType;
import dev.rocky.component.config.ComponentConfig;
import dev.rocky.component.config.DefsStateConfig;
import dev.rocky.component.config.StateStorage;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.port.ContractCatalog;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.InputFingerprint;
import dev.rocky.core.port.LogSink;
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
import dev.rocky.process.RockyCliSettings;
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

/**
 * The composition root, internal to the library: binds every port to its production adapter for
 * one component configuration. Hosts replace parts through {@link RockyComponent.Builder}'s typed
 * methods, which override single bindings here; Guice never appears in the library's API.
 *
 * <p>Bindings: {@link CommandRunner} → {@link CommonsExecCommandRunner}; {@link RockyCli} →
 * {@link ProcessRockyCli}; {@link DefsStateStore} → {@link LocalFilesystemStateStore} at
 * {@code <project root>/.local_defs_state/<key>/state} ({@code LOCAL_FILESYSTEM}) or
 * {@link VersionedDirectoryStateStore} under {@code defs_state.storage.path}
 * ({@code VERSIONED_STATE_STORAGE}); {@link CheckVerdictStore} → {@link JsonFileCheckVerdictStore}
 * beside the refresh lock; {@link RefreshLock} → {@link FileRefreshLock} on
 * {@code refresh.lock} next to the state; {@link InputFingerprint} → {@link ProjectFingerprint};
 * {@link ContractCatalog} → {@link TomlContractCatalog} over {@code contracts_dir};
 * {@link StateCodec} → {@link JsonStateCodec}; {@link ModelCatalog} → {@link TomlModelCatalog};
 * {@link AssetTranslator} → the translator {@link TranslatorResolver} chooses (a {@link RockyTranslator}
 * set in code through an {@link OptionalBinder}, else defs.yaml's {@code translator}, else the
 * highest-priority plugin on the classpath or in {@code plugins_dir}, else the default; checked, with
 * the {@code translation} templates on top); {@link PostStateWriteHook} → none;
 * {@link LogSink} → {@link Slf4jLogSink}; {@link Clock} → UTC; the two use cases with the options
 * defs.yaml sets. The module has no side effects.
 */
final class RockyComponentModule extends AbstractModule {

    private final ComponentConfig config;

    /**
     * @param config the component's resolved defs.yaml
     */
    RockyComponentModule(ComponentConfig config) {
        this.config = Objects.requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(ComponentConfig.class).toInstance(config);
        bind(CommandRunner.class).to(CommonsExecCommandRunner.class).in(Singleton.class);
        bind(StateCodec.class).to(JsonStateCodec.class).in(Singleton.class);
        bind(ModelCatalog.class).to(TomlModelCatalog.class).in(Singleton.class);
        bind(LogSink.class).to(Slf4jLogSink.class).in(Singleton.class);
        OptionalBinder.newOptionalBinder(binder(), RockyTranslator.class);
        bind(PostStateWriteHook.class).toInstance(PostStateWriteHook.NONE);
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(dev.rocky.core.run.RunResolvers.class).toInstance(dev.rocky.core.run.RunResolvers.NONE);
    }

    @Provides
    @Singleton
    RockyCliSettings rockyCliSettings(ComponentConfig c) {
        return c.engine().settings(c.projectRoot());
    }

    @Provides
    @Singleton
    RockyCli rockyCli(RockyCliSettings settings, CommandRunner runner, LogSink log, Secrets secrets) {
        return new ProcessRockyCli(settings, runner, log, secrets);
    }

    /**
     * The values never shown: the environment's secrets by name ({@link Secrets#SECRET_NAME}), and
     * the variables the project's {@code rocky.toml} references as {@code ${NAME}} and defs.yaml as
     * {@code {{ env.NAME }}}, whatever they are called.
     */
    @Provides
    @Singleton
    Secrets secrets(ComponentConfig c) {
        return secretsOf(c);
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

    @Provides
    @Singleton
    DefsStateStore defsStateStore(ComponentConfig c, LogSink log) {
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
     * The refresh lock, beside the state as defs.yaml places it (also when a host set its own store):
     * {@code .local_defs_state/<key>/}, the remote backend's local cache, or the versions directory.
     */
    @Provides
    @Singleton
    RefreshLock refreshLock(ComponentConfig c) {
        return new FileRefreshLock(localStateDir(c).resolve("refresh.lock"));
    }

    /** The last check verdicts, as a file in the same local directory as the refresh lock. */
    @Provides
    @Singleton
    CheckVerdictStore checkVerdictStore(ComponentConfig c) {
        return new JsonFileCheckVerdictStore(localStateDir(c));
    }

    private static Path localStateDir(ComponentConfig c) {
        DefsStateConfig d = c.defsState();
        if (d.managementType() == ManagementType.LOCAL_FILESYSTEM) {
            return LocalFilesystemStateStore.statePath(c.projectRoot(), d.key()).getParent();
        }
        return d.storage().localCache().orElse(d.versionsDir()).resolve(LocalFilesystemStateStore.sanitize(d.key()));
    }

    @Provides
    @Singleton
    InputFingerprint inputFingerprint(ComponentConfig c) {
        return new ProjectFingerprint(c.projectRoot().resolve(c.engine().configPath()), c.resolvedModelsDir(), c.resolvedContractsDir(),
                c.refreshAttributes(), () -> {
                    try {
                        return Optional.of(Path.of(CommonsExecCommandRunner.resolveProgram(c.resolvedBinary(), c.projectRoot())));
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                });
    }

    @Provides
    @Singleton
    ContractCatalog contractCatalog(ComponentConfig c) {
        return new TomlContractCatalog(c.resolvedContractsDir());
    }

    @Provides
    @Singleton
    RefreshState refreshState(RockyCli cli, DefsStateStore store, StateCodec codec, LogSink log, ComponentConfig c,
            InputFingerprint fingerprint, RefreshLock lock, PostStateWriteHook hook, Clock clock, ColumnLineageCollector lineage) {
        return new RefreshState(cli, store, codec, log, new RefreshState.Options(c.projectRoot(), c.engine().modelsDir(),
                c.graph().surfaceOptimizeMetadata(), c.graph().dagMode(), c.graph().strictBuild(), c.state().refreshLockWait(),
                c.engine().contractsDir(), c.replicationPipeline()),
                fingerprint, lock, hook, clock, c.lineage().atRefresh() ? lineage : null);
    }

    @Provides
    @Singleton
    ColumnLineageCollector columnLineageCollector(RockyCli cli, ModelCatalog catalog, LogSink log, ComponentConfig c) {
        return new ColumnLineageCollector(cli, catalog, log, c.lineage().concurrency());
    }

    @Provides
    @Singleton
    TranslatorPlugins translatorPlugins(ComponentConfig c) {
        return TranslatorPlugins.discover(RockyComponentModule.class.getClassLoader(), Optional.of(c.translator().pluginsDir()));
    }

    @Provides
    @Singleton
    ResolvedTranslator resolvedTranslator(ComponentConfig c, Optional<RockyTranslator> inCode, TranslatorPlugins plugins,
            LogSink log) {
        ResolvedTranslator resolved = TranslatorResolver.resolve(inCode, c.translator().selection(), plugins,
                TranslatorContext.of(c.projectRoot()), c.translator().translation());
        log.log(LogSink.Level.DEBUG, "translator: " + resolved.describe());
        return resolved;
    }

    @Provides
    @Singleton
    AssetTranslator assetTranslator(ResolvedTranslator resolved) {
        return resolved.translator();
    }

    @Provides
    @Singleton
    BuildDefinitions buildDefinitions(DefsStateStore store, StateCodec codec, AssetTranslator translator, LogSink log,
            ComponentConfig c, ContractCatalog contracts) {
        return new BuildDefinitions(store, codec, translator, log, new BuildDefinitions.Options(c.graph().dagMode(),
                c.graph().strictBuild(), c.graph().surfaceDerivedModels(), c.governance().surfaceConfiguredChecks(),
                c.governance().surfaceCompliance(), c.graph().tenant()), contracts);
    }
}
