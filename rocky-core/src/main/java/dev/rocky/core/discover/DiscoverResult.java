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
 * @param collisionCandidates {@code collision_candidates}: groups of sources that share one external
 *     object id but resolve to different target paths (the same object onboarded twice); copied
 * @param newSources {@code new_sources}: source schemas seen for the first time since the previous
 *     discover; copied
 */
public record DiscoverResult(String version, List<Source> sources, Optional<ChecksConfig> checks, List<FailedSource> failedSources,
        List<CollisionCandidate> collisionCandidates, List<String> newSources) {

    /**
     * {@code CollisionCandidateOutput}: one external object id mapped to more than one target path.
     *
     * @param externalObjectId the shared id, e.g. a Fivetran ad-account id
     * @param sources the distinct source schemas that resolve to it (two or more); copied
     */
    public record CollisionCandidate(String externalObjectId, List<String> sources) {
        /** Rejects {@code null} and copies the list. */
        public CollisionCandidate {
            Objects.requireNonNull(externalObjectId, "externalObjectId is null");
            sources = List.copyOf(sources);
        }
    }

    /** Copies the lists. */
    public DiscoverResult {
        Objects.requireNonNull(version, "version is null");
        sources = List.copyOf(sources);
        Objects.requireNonNull(checks, "checks is null");
        failedSources = List.copyOf(failedSources);
        collisionCandidates = List.copyOf(collisionCandidates);
        newSources = List.copyOf(newSources);
    }

    /**
     * A discover result without onboarding signals.
     *
     * @param version the engine version
     * @param sources discovered sources
     * @param checks the checks configuration, when declared
     * @param failedSources sources that could not be fetched
     */
    public DiscoverResult(String version, List<Source> sources, Optional<ChecksConfig> checks, List<FailedSource> failedSources) {
        this(version, sources, checks, failedSources, List.of(), List.of());
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
