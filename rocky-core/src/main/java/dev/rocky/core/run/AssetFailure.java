package dev.rocky.core.run;

import dev.rocky.core.spec.AssetKey;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One selected asset that did not materialize, from a run's {@code errors[]}.
 *
 * @param asset the orchestrator's key, when the error could be matched to a selected asset
 * @param engineKey the engine's asset key as rocky printed it, joined with {@code .}
 * @param failureKind why it failed
 * @param message the engine's message
 * @param cooldownSeconds how long to wait before a retry, when the engine says
 */
public record AssetFailure(Optional<AssetKey> asset, String engineKey, FailureKind failureKind, String message,
        OptionalLong cooldownSeconds) {

    /** Rejects {@code null}. */
    public AssetFailure {
        Objects.requireNonNull(asset, "asset is null");
        Objects.requireNonNull(engineKey, "engineKey is null");
        Objects.requireNonNull(failureKind, "failureKind is null");
        Objects.requireNonNull(message, "message is null");
        Objects.requireNonNull(cooldownSeconds, "cooldownSeconds is null");
    }

    /** @return one line: {@code <asset or engine key> failed (<failure_kind>): <message>} */
    public String describe() {
        return asset.map(AssetKey::toString).orElse(engineKey) + " failed (" + failureKind.wireName() + "): " + message;
    }
}
