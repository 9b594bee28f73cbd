package dev.rocky.cli;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.rocky.cli.config.ComponentConfig;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.service.BuildDefinitions;
import dev.rocky.core.service.RefreshReport;
import dev.rocky.core.service.RefreshState;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.state.DefsState;
import java.util.Objects;

/**
 * The component as a library: refresh the state (calls rocky), and load the asset graph from it
 * (calls nothing). What {@code rocky-component} runs; a custom distribution builds one with its own
 * module overrides.
 *
 * <pre>{@code
 * RockyComponent component = RockyComponent.create(new DefsYamlLoader().load(Path.of("defs.yaml")));
 * component.refresh();
 * Definitions defs = component.definitions();
 * }</pre>
 */
public final class RockyComponent {

    private final ComponentConfig config;
    private final RefreshState refresh;
    private final BuildDefinitions build;
    private final DefsStateStore store;

    /**
     * @param config the component's configuration
     * @param refresh the refresh use case
     * @param build the load use case
     * @param store the state store
     */
    @Inject
    public RockyComponent(ComponentConfig config, RefreshState refresh, BuildDefinitions build, DefsStateStore store) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.refresh = Objects.requireNonNull(refresh, "refresh is null");
        this.build = Objects.requireNonNull(build, "build is null");
        this.store = Objects.requireNonNull(store, "store is null");
    }

    /**
     * @param config the component's configuration
     * @param overrides modules whose bindings replace the production ones (e.g. a fake runner)
     * @return the component, wired by {@link RockyComponentModule}
     */
    public static RockyComponent create(ComponentConfig config, Module... overrides) {
        Module module = Modules.override(new RockyComponentModule(config)).with(overrides);
        return Guice.createInjector(module).getInstance(RockyComponent.class);
    }

    /**
     * Calls rocky and writes the state.
     *
     * @return what was written
     * @throws dev.rocky.core.error.RockyException when discover fails or the state cannot be written;
     *     the previous state is then untouched
     */
    public RefreshReport refresh() {
        return refresh.refresh();
    }

    /**
     * Builds the asset graph from the state; never calls rocky.
     *
     * @return the asset graph
     * @throws dev.rocky.core.error.StateException when the state is missing or corrupt
     */
    public Definitions definitions() {
        return build.load();
    }

    /**
     * @return the decoded state
     * @throws dev.rocky.core.error.StateException when the state is missing or corrupt
     */
    public DefsState state() {
        return build.readState();
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
