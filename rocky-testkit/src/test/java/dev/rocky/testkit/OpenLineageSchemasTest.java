package dev.rocky.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.net.URI;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The OpenLineage check accepts what the official client writes and refuses each way of breaking it. */
class OpenLineageSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode valid() throws Exception {
        OpenLineage ol = new OpenLineage(URI.create("urn:dev.rocky:rocky-java:test"));
        OpenLineage.RunEvent event = ol.newRunEvent(ZonedDateTime.parse("2026-12-02T10:00:00Z"), OpenLineage.RunEvent.EventType.FAIL,
                ol.newRun(UUID.fromString("0b2f9c9e-6d7e-4e0a-9a51-6d1f1c8b9a10"), ol.newRunFacetsBuilder()
                        .parent(ol.newParentRunFacet(ol.newParentRunFacetRun(UUID.randomUUID()), ol.newParentRunFacetJob("ns", "p"), null))
                        .errorMessage(ol.newErrorMessageRunFacet("boom", "RUST", null)).build()),
                ol.newJob("ns", "p.model.m", ol.newJobFacetsBuilder().jobType(ol.newJobTypeJobFacet("BATCH", "ROCKY", "TASK")).build()),
                List.of(ol.newInputDataset("duckdb:///x.duckdb", "s.a", null, null)),
                List.of(ol.newOutputDataset("duckdb:///x.duckdb", "c.s.m", ol.newDatasetFacetsBuilder()
                        .schema(ol.newSchemaDatasetFacet(List.of(ol.newSchemaDatasetFacetFields("id", null, null, null)))).build(),
                        ol.newOutputDatasetOutputFacetsBuilder().outputStatistics(ol.newOutputStatisticsOutputDatasetFacet(3L, null, null))
                                .build())));
        return (ObjectNode) JSON.readTree(OpenLineageClientUtils.toJson(event));
    }

    private static void refused(Consumer<ObjectNode> breakIt, String expected) throws Exception {
        ObjectNode event = valid();
        breakIt.accept(event);
        assertThat(OpenLineageSchemas.violations(event)).as(event.toString()).isNotEmpty()
                .anySatisfy(v -> assertThat(v).contains(expected));
    }

    @Test
    void whatTheClientWritesIsValidAndEachBreakIsRefused() throws Exception {
        assertThat(OpenLineageSchemas.violations(valid().toString())).isEmpty();
        refused(e -> ((ObjectNode) e.path("run")).remove("runId"), "runId");
        refused(e -> ((ObjectNode) e.path("run")).put("runId", "not-a-uuid"), "runId");
        refused(e -> e.put("eventType", "FINISHED"), "eventType");
        refused(e -> e.remove("eventTime"), "eventTime");
        refused(e -> ((ObjectNode) e.path("run").path("facets").path("parent")).remove("job"), "run.facets.parent");
        refused(e -> ((ObjectNode) e.path("run").path("facets").path("errorMessage")).remove("programmingLanguage"),
                "run.facets.errorMessage");
        refused(e -> ((ObjectNode) e.path("job").path("facets").path("jobType")).remove("integration"), "job.facets.jobType");
        refused(e -> ((ObjectNode) e.path("outputs").get(0).path("outputFacets").path("outputStatistics")).put("rowCount", "three"),
                "outputStatistics");
        refused(e -> ((ObjectNode) e.path("run").path("facets")).putObject("mystery").put("_producer", "urn:x").put("_schemaURL", "urn:y"),
                "no schema is known for this run facet");
        refused(e -> ((ObjectNode) e.path("run").path("facets")).putObject("rocky_partition").put("_producer", "urn:x")
                .put("_schemaURL", "urn:y").put("rangeStart", "2026-01-01"), "run.facets.rocky_partition");
    }
}
