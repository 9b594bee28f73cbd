package dev.rocky.openlineage;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What defs.yaml's {@code openlineage:} block (or the component builder) asks for: where
 * OpenLineage events go and how jobs and datasets are named. Off unless given.
 *
 * <pre>
 * openlineage:
 *   namespace: analytics            # the job namespace; default "rocky"
 *   transport:                      # the OpenLineage client's own transport: block (openlineage.yml)
 *     type: http
 *     url: http://marquez:5000
 *     endpoint: api/v1/lineage
 *     auth: {type: api_key, apiKey: "{{ env.MARQUEZ_KEY }}"}
 *     timeoutInMillis: 5000
 *   dataset_namespace: duckdb:///data/poc.duckdb   # default: from rocky.toml's adapter
 *   emit_on_refresh: true           # the graph as dataset and job events after each refresh
 *   queue_capacity: 1000            # events held for the sender before new ones are dropped
 *   close_timeout_seconds: 10       # how long the end of a command waits for the queue to drain
 * </pre>
 *
 * @param namespace the job namespace (OpenLineage's {@code job.namespace}); non-blank
 * @param transport the client's {@code transport:} configuration, exactly as {@code openlineage.yml}
 *     takes it ({@code type} is {@code http}, {@code file}, {@code console}, {@code kafka},
 *     {@code composite} or {@code transform}); copied, order kept
 * @param datasetNamespace the datasets' namespace, when given; otherwise it is derived from the
 *     project's adapter ({@link DatasetNamespaces})
 * @param emitOnRefresh whether a refresh sends the graph as {@code DatasetEvent}s and {@code JobEvent}s
 * @param queueCapacity how many events wait for the sender at most; 1 to 100,000
 * @param closeTimeout how long closing waits for queued events to be sent; positive
 */
public record OpenLineageSettings(String namespace, Map<String, Object> transport, Optional<String> datasetNamespace,
        boolean emitOnRefresh, int queueCapacity, Duration closeTimeout) {

    /** The job namespace when none is given. */
    public static final String DEFAULT_NAMESPACE = "rocky";

    /** The queue's capacity when none is given. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;

    /** How long closing waits when nothing is given. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @throws IllegalArgumentException when the namespace is blank, the transport has no
     *     {@code type}, the capacity is outside 1..100,000 or the timeout is not positive
     */
    public OpenLineageSettings {
        Objects.requireNonNull(namespace, "namespace is null");
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("openlineage.namespace is blank");
        }
        Objects.requireNonNull(transport, "transport is null");
        if (!(transport.get("type") instanceof String type) || type.isBlank()) {
            throw new IllegalArgumentException("openlineage.transport needs a type (http, file, console, kafka, composite or transform)");
        }
        transport = Collections.unmodifiableMap(new LinkedHashMap<>(transport));
        Objects.requireNonNull(datasetNamespace, "datasetNamespace is null");
        if (queueCapacity < 1 || queueCapacity > 100_000) {
            throw new IllegalArgumentException("openlineage.queue_capacity must be 1 to 100000, not " + queueCapacity);
        }
        Objects.requireNonNull(closeTimeout, "closeTimeout is null");
        if (closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("openlineage.close_timeout_seconds must be positive");
        }
    }

    /**
     * Settings with the defaults: namespace {@code rocky}, the adapter's dataset namespace, no
     * refresh events, a queue of 1,000, 10 s to drain.
     *
     * @param transport the client's {@code transport:} configuration
     * @return the settings
     */
    public static OpenLineageSettings of(Map<String, Object> transport) {
        return new OpenLineageSettings(DEFAULT_NAMESPACE, transport, Optional.empty(), false, DEFAULT_QUEUE_CAPACITY,
                DEFAULT_CLOSE_TIMEOUT);
    }

    /** @return the transport's {@code type}, e.g. {@code http} */
    public String transportType() {
        return (String) transport.get("type");
    }
}
