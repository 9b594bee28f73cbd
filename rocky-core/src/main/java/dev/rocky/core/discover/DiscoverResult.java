package dev.rocky.core.discover;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code rocky discover --output json} reports (schema {@code DiscoverOutput}): the sources
 * and their tables, the pipeline's checks configuration and the sources that failed.
 *
 * @param version the engine version that printed it (not necessarily semver; fixtures carry
 *     {@code 0.0.0-SENTINEL})
 * @param sources discovered sources, in the engine's order; copied
 * @param checks the pipeline's checks configuration, when declared
 * @param failedSources sources that could not be fetched; copied
 */
public record DiscoverResult(
        String version, List<Source> sources, Optional<ChecksConfig> checks, List<FailedSource> failedSources) {

    /** Copies the lists. */
    public DiscoverResult {
        Objects.requireNonNull(version, "version is null");
        sources = List.copyOf(sources);
        Objects.requireNonNull(checks, "checks is null");
        failedSources = List.copyOf(failedSources);
    }

    /** @return the number of tables over all sources */
    public int tableCount() {
        int n = 0;
        for (Source source : sources) {
            n += source.tables().size();
        }
        return n;
    }
}
