package dev.rocky.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The official OpenLineage JSON Schemas (Apache-2.0, copied with their attribution in
 * {@code dev/rocky/testkit/openlineage/README.md}) as a check a test runs on any event:
 * {@code assertThat(OpenLineageSchemas.violations(json)).isEmpty()}. An event is checked against
 * the core spec (a {@code RunEvent}, {@code DatasetEvent} or {@code JobEvent}), and each facet it
 * carries against its own facet schema, chosen by the facet's name; a facet with no known schema
 * is itself a violation, so nothing is emitted unchecked. {@code rocky_partition} is checked
 * against rocky-openlineage's schema. Formats ({@code uuid}, {@code date-time}, {@code uri}) are
 * asserted. Every {@code https://openlineage.io/spec/…} reference is served from the copies here,
 * never the network. Thread-safe.
 */
public final class OpenLineageSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HERE = "dev/rocky/testkit/openlineage/";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemas(OpenLineageSchemas::text));
    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

    /** Where each facet name's schema is, as {@code <address>#/$defs/<definition>}. */
    private static final Map<String, String> FACETS = Map.of(
            "run:parent", "https://openlineage.io/spec/facets/1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet",
            "run:errorMessage", "https://openlineage.io/spec/facets/1-0-0/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet",
            "run:rocky_partition", "urn:dev.rocky:openlineage:facets:1-0-0:RockyPartitionRunFacet.json#/$defs/RockyPartitionRunFacet",
            "job:jobType", "https://openlineage.io/spec/facets/2-0-2/JobTypeJobFacet.json#/$defs/JobTypeJobFacet",
            "dataset:schema", "https://openlineage.io/spec/facets/1-0-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
            "dataset:columnLineage",
                    "https://openlineage.io/spec/facets/1-1-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
            "output:outputStatistics",
                    "https://openlineage.io/spec/1-0-1/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet",
            "input:dataQualityAssertions",
                    "https://openlineage.io/spec/1-0-1/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet");

    private OpenLineageSchemas() {
    }

    /**
     * @param eventJson one event as JSON text, e.g. one line of a {@code file} transport or an HTTP body
     * @return one line per violation ({@code <where>: <message>}); empty when the event is valid
     * @throws IllegalArgumentException when the text is not JSON
     */
    public static List<String> violations(String eventJson) {
        JsonNode event;
        try {
            event = JSON.readTree(eventJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        return violations(event);
    }

    /**
     * @param event one parsed event
     * @return one line per violation; empty when valid
     */
    public static List<String> violations(JsonNode event) {
        List<String> out = new ArrayList<>();
        check("https://openlineage.io/spec/2-0-2/OpenLineage.json", event, "event", out);
        facets("run", event.path("run").path("facets"), "run.facets", out);
        facets("job", event.path("job").path("facets"), "job.facets", out);
        for (String side : List.of("inputs", "outputs")) {
            int i = 0;
            for (JsonNode dataset : event.path(side)) {
                String at = side + "[" + i++ + "]";
                facets("dataset", dataset.path("facets"), at + ".facets", out);
                facets("input", dataset.path("inputFacets"), at + ".inputFacets", out);
                facets("output", dataset.path("outputFacets"), at + ".outputFacets", out);
            }
        }
        facets("dataset", event.path("dataset").path("facets"), "dataset.facets", out);
        return out;
    }

    private static void facets(String kind, JsonNode facets, String where, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> facet = it.next();
            String schema = FACETS.get(kind + ":" + facet.getKey());
            if (schema == null) {
                out.add(where + "." + facet.getKey() + ": no schema is known for this " + kind + " facet");
                continue;
            }
            check(schema, facet.getValue(), where + "." + facet.getKey(), out);
        }
    }

    private static void check(String location, JsonNode node, String where, List<String> out) {
        Schema schema = CACHE.computeIfAbsent(location, l -> REGISTRY.getSchema(SchemaLocation.of(l)));
        for (Error e : schema.validate(node, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)))) {
            out.add(where + ": " + e);
        }
    }

    /** Serves every OpenLineage address from the copies here; {@code null} for anything else. */
    private static String text(String iri) {
        String base = iri.contains("#") ? iri.substring(0, iri.indexOf('#')) : iri;
        String resource;
        if (base.startsWith("urn:dev.rocky:openlineage:facets:")) {
            resource = "dev/rocky/openlineage/" + base.substring(base.lastIndexOf(':') + 1);
        } else if (base.startsWith("https://openlineage.io/spec/")) {
            String file = base.substring(base.lastIndexOf('/') + 1);
            resource = HERE + (file.equals("OpenLineage.json") ? file : "facets/" + file);
        } else {
            return null;
        }
        try (InputStream in = OpenLineageSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no copy of " + iri + " on the classpath at " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
