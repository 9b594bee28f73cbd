package dev.rocky.openlineage;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The custom run facet {@code rocky_partition}: the orchestrator's partition a run served (one
 * key, or the first and last keys of a backfill range). OpenLineage has no core facet for an
 * orchestrator's partition key; the schema is this jar's
 * {@code dev/rocky/openlineage/RockyPartitionRunFacet.json}, whose {@code $id} is {@link #SCHEMA_URL}.
 */
@JsonPropertyOrder({"_producer", "_schemaURL", "partitionKey", "rangeStart", "rangeEnd"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class RockyPartitionRunFacet implements OpenLineage.RunFacet {

    /** The facet's name in {@code run.facets}. */
    public static final String NAME = "rocky_partition";

    /** The facet's schema, an identifier (it names this jar's schema file, it is not fetched). */
    public static final URI SCHEMA_URL = URI.create("urn:dev.rocky:openlineage:facets:1-0-0:RockyPartitionRunFacet.json#/$defs/RockyPartitionRunFacet");

    private final URI producer;
    private final String partitionKey;
    private final String rangeStart;
    private final String rangeEnd;

    /**
     * @param producer the producer URI every facet carries
     * @param partitionKey the one partition key, when one was served
     * @param rangeStart the first key of a range, with {@code rangeEnd}
     * @param rangeEnd the last key of a range (inclusive), with {@code rangeStart}
     */
    public RockyPartitionRunFacet(URI producer, Optional<String> partitionKey, Optional<String> rangeStart, Optional<String> rangeEnd) {
        this.producer = Objects.requireNonNull(producer, "producer is null");
        this.partitionKey = partitionKey.orElse(null);
        this.rangeStart = rangeStart.orElse(null);
        this.rangeEnd = rangeEnd.orElse(null);
    }

    @Override
    @JsonProperty("_producer")
    public URI get_producer() {
        return producer;
    }

    @Override
    @JsonProperty("_schemaURL")
    public URI get_schemaURL() {
        return SCHEMA_URL;
    }

    /** @return the partition key, or {@code null} for a range */
    @JsonProperty("partitionKey")
    public String getPartitionKey() {
        return partitionKey;
    }

    /** @return the range's first key, or {@code null} */
    @JsonProperty("rangeStart")
    public String getRangeStart() {
        return rangeStart;
    }

    /** @return the range's last key, or {@code null} */
    @JsonProperty("rangeEnd")
    public String getRangeEnd() {
        return rangeEnd;
    }

    @Override
    @JsonAnyGetter
    public Map<String, Object> getAdditionalProperties() {
        return new LinkedHashMap<>();
    }
}
