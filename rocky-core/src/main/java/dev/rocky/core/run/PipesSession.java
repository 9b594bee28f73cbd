package dev.rocky.core.run;

import dev.rocky.core.spec.AssetKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One rocky call over Dagster Pipes ({@code execution_mode: pipes}): what rocky-java tells the
 * engine in the Pipes context, and who hears each message as it arrives. The adapter writes the
 * context ({@code asset_keys}, {@code partition_key}, {@code run_id}, {@code extras} with
 * {@code plan_id} and {@code rocky_declared_checks}) to a file, the engine writes messages to
 * another, and {@link #receiver()} is called on the calling thread for each message while the
 * process runs and once more for what is left when it ends.
 *
 * @param assetKeys the selected assets this call serves (the context's {@code asset_keys})
 * @param declaredChecks check names declared per engine key, slash-joined (the context's
 *     {@code extras.rocky_declared_checks}, which the engine answers with not-evaluated rows)
 * @param partitionKey the one partition key, in the orchestrator's form, when there is one
 * @param runId an id for the session ({@code run_id})
 * @param receiver hears each decoded message, in file order
 */
public record PipesSession(List<AssetKey> assetKeys, Map<String, List<String>> declaredChecks, Optional<String> partitionKey,
        String runId, Consumer<PipesMessage> receiver) {

    /** Copies; rejects {@code null}. */
    public PipesSession {
        assetKeys = List.copyOf(assetKeys);
        declaredChecks = Map.copyOf(declaredChecks);
        Objects.requireNonNull(partitionKey, "partitionKey is null");
        Objects.requireNonNull(runId, "runId is null");
        Objects.requireNonNull(receiver, "receiver is null");
    }
}
