package dev.rocky.component.config;

/**
 * What the asset graph holds, and how strictly it is built: the core's
 * {@code BuildDefinitions.Options} and {@code RefreshState.Options} are built from it.
 *
 * @param dagMode {@code dag_mode} (default false): {@code rocky dag} shapes the graph
 * @param surfaceOptimizeMetadata {@code surface_optimize_metadata} (default true)
 * @param surfaceDerivedModels {@code surface_derived_models} (default false): compiled models become assets
 * @param strictBuild {@code strict_build} (default false): every "warn and go on" fails instead
 */
public record GraphConfig(boolean dagMode, boolean surfaceOptimizeMetadata, boolean surfaceDerivedModels, boolean strictBuild) {
}
