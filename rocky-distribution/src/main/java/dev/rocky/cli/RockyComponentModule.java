package dev.rocky.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.rocky.cli.config.ComponentConfig;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.ModelCatalog;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.service.BuildDefinitions;
import dev.rocky.core.service.RefreshState;
import dev.rocky.process.CommandRunner;
import dev.rocky.process.CommonsExecCommandRunner;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import dev.rocky.process.json.JsonStateCodec;
import dev.rocky.state.LocalFilesystemStateStore;
import dev.rocky.state.TomlModelCatalog;
import dev.rocky.translator.DefaultRockyTranslator;
import java.util.Objects;
import java.util.Optional;

/**
 * The composition root: binds every port to its production adapter for one component
 * configuration. A custom distribution overrides single bindings with Guice's
 * {@code Modules.override(new RockyComponentModule(config)).with(...)}, e.g. its own
 * {@link AssetTranslator}, or the testkit's {@code FakeRocky} as the {@link CommandRunner}.
 *
 * <p>Bindings: {@link CommandRunner} → {@link CommonsExecCommandRunner}; {@link RockyCli} →
 * {@link ProcessRockyCli}; {@link DefsStateStore} → {@link LocalFilesystemStateStore} at
 * {@code <project root>/.local_defs_state/RockyComponent__<config_path>__/state}; {@link StateCodec}
 * → {@link JsonStateCodec}; {@link ModelCatalog} → {@link TomlModelCatalog}; {@link AssetTranslator}
 * → {@link DefaultRockyTranslator}; {@link LogSink} → {@link Slf4jLogSink}; the two use cases.
 * The module has no side effects and no conditional logic.
 */
public final class RockyComponentModule extends AbstractModule {

    private final ComponentConfig config;

    /**
     * @param config the component's resolved defs.yaml
     */
    public RockyComponentModule(ComponentConfig config) {
        this.config = Objects.requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(ComponentConfig.class).toInstance(config);
        bind(CommandRunner.class).to(CommonsExecCommandRunner.class).in(Singleton.class);
        bind(StateCodec.class).to(JsonStateCodec.class).in(Singleton.class);
        bind(ModelCatalog.class).to(TomlModelCatalog.class).in(Singleton.class);
        bind(LogSink.class).to(Slf4jLogSink.class).in(Singleton.class);
        bind(AssetTranslator.class).toInstance(DefaultRockyTranslator.INSTANCE);
    }

    @Provides
    @Singleton
    RockyCliSettings rockyCliSettings(ComponentConfig c) {
        return new RockyCliSettings(c.resolvedBinary(), c.projectRoot(), c.configPath(), c.statePath(), Optional.empty(),
                c.timeout(), RockyCliSettings.DEFAULT_STDOUT_CAP_BYTES);
    }

    @Provides
    @Singleton
    RockyCli rockyCli(RockyCliSettings settings, CommandRunner runner, LogSink log) {
        return new ProcessRockyCli(settings, runner, log);
    }

    @Provides
    @Singleton
    DefsStateStore defsStateStore(ComponentConfig c) {
        return new LocalFilesystemStateStore(LocalFilesystemStateStore.statePath(c.projectRoot(),
                LocalFilesystemStateStore.componentKey(c.configPath())));
    }

    @Provides
    @Singleton
    RefreshState refreshState(RockyCli cli, DefsStateStore store, StateCodec codec, LogSink log, ComponentConfig c) {
        return new RefreshState(cli, store, codec, log, new RefreshState.Options(c.projectRoot(), c.modelsDir(), true));
    }

    @Provides
    @Singleton
    BuildDefinitions buildDefinitions(DefsStateStore store, StateCodec codec, AssetTranslator translator, LogSink log) {
        return new BuildDefinitions(store, codec, translator, log);
    }
}
