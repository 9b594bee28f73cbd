package dev.rocky.core.discover;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A source whose metadata the discovery adapter failed to fetch ({@code failed_sources[]} in
 * discover's output, schema {@code FailedSourceOutput}). Its absence from {@code sources} does not
 * mean it was removed upstream.
 *
 * @param id the adapter-side source id
 * @param schema the source schema it would have written into
 * @param sourceType the adapter type
 * @param errorClass {@code transient}, {@code timeout}, {@code rate_limit}, {@code auth} or {@code unknown}
 * @param message the adapter's error text (for logs only)
 * @param cooldownSeconds the adapter's retry-after hint in seconds, when it gives one
 */
public record FailedSource(
        String id, String schema, String sourceType, String errorClass, String message, OptionalLong cooldownSeconds) {

    /** Rejects {@code null} parts. */
    public FailedSource {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(schema, "schema is null");
        Objects.requireNonNull(sourceType, "sourceType is null");
        Objects.requireNonNull(errorClass, "errorClass is null");
        Objects.requireNonNull(message, "message is null");
        Objects.requireNonNull(cooldownSeconds, "cooldownSeconds is null");
    }
}
