package dev.rocky.component.config;

/**
 * What the asset graph holds, and how strictly it is built: the core's
 * {@code BuildDefinitions.Options} and {@code RefreshState.Options} are built from it.
 *
 * @param dagMode {@code dag_mode} (default false): {@code rocky dag} shapes the graph
 * @param surfaceOptimizeMetadata {@code surface_optimize_metadata} (default true)
 * @param surfaceDerivedModels {@code surface_derived_models} (default false): compiled models become assets
 * @param strictBuild {@code strict_build} (default false): every "warn and go on" fails instead
 * @param tenant {@code tenant} (default none): the tenant-as-partition collapse
 */
public record GraphConfig(boolean dagMode, boolean surfaceOptimizeMetadata, boolean surfaceDerivedModels, boolean strictBuild,
        java.util.Optional<dev.rocky.core.spec.TenantPartitioning> tenant) {

    /** Rejects {@code null}. */
    public GraphConfig {
        java.util.Objects.requireNonNull(tenant, "tenant is null");
    }

    /**
     * A graph without the tenant collapse.
     *
     * @param dagMode {@code dag_mode}
     * @param surfaceOptimizeMetadata {@code surface_optimize_metadata}
     * @param surfaceDerivedModels {@code surface_derived_models}
     * @param strictBuild {@code strict_build}
     */
    public GraphConfig(boolean dagMode, boolean surfaceOptimizeMetadata, boolean surfaceDerivedModels, boolean strictBuild) {
        this(dagMode, surfaceOptimizeMetadata, surfaceDerivedModels, strictBuild, java.util.Optional.empty());
    }
}
