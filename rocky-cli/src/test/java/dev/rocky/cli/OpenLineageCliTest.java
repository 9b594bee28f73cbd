package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.testkit.FakeRockyExecutable;
import dev.rocky.testkit.Fault;
import dev.rocky.testkit.LineageReceiver;
import dev.rocky.testkit.OpenLineageSchemas;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openlineage:} end to end: the CLI against the testkit's fakes, the events received by a
 * loopback HTTP receiver or written by the client's file transport, every one checked against the
 * official OpenLineage schemas ({@link OpenLineageSchemas}).
 */
class OpenLineageCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path dagMode(String openlineage) throws IOException {
        Path project = tmp.resolve("dag-mode");
        CliFixture.copyTree(Path.of("..", "examples", "dag-mode"), project, ".local_defs_state", "rocky-fake", ".rocky");
        FakeRockyExecutable.install(project.resolve("bin"), Optional.empty(), Optional.of(project), Optional.empty());
        Path defs = project.resolve("defs.yaml");
        Files.writeString(defs, Files.readString(defs).replace("binary_path: rocky-fake/rocky", "binary_path: bin/rocky")
                + openlineage);
        return defs;
    }

    private static List<JsonNode> valid(List<String> bodies) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String body : bodies) {
            assertThat(OpenLineageSchemas.violations(body)).as(body).isEmpty();
            events.add(JSON.readTree(body));
        }
        return events;
    }

    private static List<String> names(JsonNode datasets) {
        List<String> out = new ArrayList<>();
        datasets.forEach(d -> out.add(d.path("name").asText()));
        return out;
    }

    @Test
    void theDagModeExampleSendsItsGraphRunsDatasetsAndColumnLineageToAnHttpReceiver() throws IOException {
        try (LineageReceiver receiver = LineageReceiver.start()) {
            Path defs = dagMode(String.join("\n",
                    "  openlineage:",
                    "    namespace: analytics",
                    "    emit_on_refresh: true",
                    "    transport:",
                    "      type: http",
                    "      url: " + receiver.url(),
                    "      timeoutInMillis: 5000",
                    ""));
            CliFixture.Run refresh = CliFixture.cli(defs, "refresh");
            assertThat(refresh.exitCode()).as(refresh.err()).isZero();
            List<JsonNode> graph = valid(receiver.events());
            // The graph before anything runs: each model's table (schema, column lineage) and each model's job.
            assertThat(graph).hasSize(4);
            assertThat(graph).filteredOn(e -> e.has("dataset")).extracting(e -> e.path("dataset").path("name").asText())
                    .containsExactlyInAnyOrder("poc.staging.stg_orders", "poc.gold.fct_customer_revenue");
            assertThat(graph).filteredOn(e -> !e.has("dataset") && !e.has("run")).extracting(e -> e.path("job").path("name").asText())
                    .containsExactlyInAnyOrder("dag-mode.model.stg_orders", "dag-mode.model.fct_customer_revenue");

            CliFixture.Run run = CliFixture.cli(defs, "materialize");
            assertThat(run.exitCode()).as(run.err()).isZero();
            List<JsonNode> events = valid(receiver.events().subList(4, receiver.events().size()));
            assertThat(receiver.paths()).containsOnly("/api/v1/lineage");
            assertThat(events).extracting(e -> e.path("eventType").asText() + " " + e.path("job").path("name").asText()).containsExactly(
                    "START dag-mode.materialize",
                    "START dag-mode.ingest.id=raw__orders", "COMPLETE dag-mode.ingest.id=raw__orders",
                    "START dag-mode.model.stg_orders", "COMPLETE dag-mode.model.stg_orders",
                    "START dag-mode.model.fct_customer_revenue", "COMPLETE dag-mode.model.fct_customer_revenue",
                    "COMPLETE dag-mode.materialize");
            String parentRun = events.get(0).path("run").path("runId").asText();
            String namespace = "duckdb://" + defs.getParent().resolve("poc.duckdb").toAbsolutePath().normalize();
            for (JsonNode child : events.subList(1, 7)) {
                assertThat(child.path("job").path("namespace").asText()).isEqualTo("analytics");
                assertThat(child.path("run").path("facets").path("parent").path("run").path("runId").asText()).isEqualTo(parentRun);
                assertThat(child.path("run").path("facets").path("parent").path("job").path("name").asText())
                        .isEqualTo("dag-mode.materialize");
                child.path("outputs").forEach(o -> assertThat(o.path("namespace").asText()).isEqualTo(namespace));
            }
            assertThat(events.get(7).path("run").path("runId").asText()).isEqualTo(parentRun);
            // The replication copied the source table into the staging schema.
            JsonNode ingest = events.get(2);
            assertThat(names(ingest.path("inputs"))).containsExactly("raw__orders.orders");
            assertThat(names(ingest.path("outputs"))).containsExactly("poc.staging__orders.orders");
            // The model reads the source, writes its table, with the schema and column lineage from rocky's DAG.
            JsonNode stg = events.get(4);
            assertThat(names(stg.path("inputs"))).containsExactly("raw__orders.orders");
            JsonNode table = stg.path("outputs").get(0);
            assertThat(table.path("name").asText()).isEqualTo("poc.staging.stg_orders");
            List<String> columns = new ArrayList<>();
            table.path("facets").path("schema").path("fields").forEach(f -> columns.add(f.path("name").asText()));
            assertThat(columns).containsExactly("order_id", "customer_id", "amount", "status", "order_date");
            JsonNode orderId = table.path("facets").path("columnLineage").path("fields").path("order_id").path("inputFields").get(0);
            assertThat(orderId.path("namespace").asText()).isEqualTo(namespace);
            assertThat(orderId.path("name").asText()).isEqualTo("raw__orders.orders");
            assertThat(orderId.path("field").asText()).isEqualTo("order_id");
            JsonNode fct = events.get(6);
            assertThat(names(fct.path("inputs"))).containsExactly("poc.staging.stg_orders");
            assertThat(fct.path("outputs").get(0).path("facets").path("columnLineage").path("fields").path("customer_id")
                    .path("inputFields").get(0).path("name").asText()).isEqualTo("poc.staging.stg_orders");
        }
    }

    /** 2 sources × 2 tables and 2 models (one day-partitioned), with row_count checks, lineage to a file. */
    private Path scaleProject(Optional<Fault> runFault, Path lineageFile) {
        Path defs = CliFixture.scaleProject(tmp, runFault, "  openlineage:\n    transport: {type: file, location: '" + lineageFile + "'}\n");
        assertThat(lineageFile).as("emit_on_refresh is off by default").doesNotExist();
        return defs;
    }

    @Test
    void aFailedTableIsAFailRunWithItsErrorAndOnlyTheChecksRockyRanAreAssertions() throws IOException {
        Path file = tmp.resolve("lineage.jsonl");
        Path defs = scaleProject(Optional.of(new Fault.RunPartialFailure()), file);
        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--group", "src0000", "--fused");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.out()).contains("check         duckdb/src0000/t0000 row_count failed WARN (table not materialized)");
        List<JsonNode> events = valid(Files.readAllLines(file));
        assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("START", "START", "FAIL", "FAIL");
        JsonNode call = events.get(2);
        assertThat(call.path("job").path("name").asText()).isEqualTo("scale.ingest.source=src0000");
        assertThat(call.path("run").path("facets").path("errorMessage").path("message").asText())
                .isEqualTo("duckdb/src0000/t0000 failed (connection-failed): table copy failed: connection reset (fault injected by rocky-testkit)");
        assertThat(call.path("run").path("facets").path("errorMessage").path("programmingLanguage").asText()).isEqualTo("RUST");
        // Only the table rocky wrote is an output; the failed one is not.
        assertThat(names(call.path("outputs"))).containsExactly("warehouse.staging__src0000.t0001");
        assertThat(call.path("outputs").get(0).path("outputFacets").has("outputStatistics")).as("rocky counted no rows").isFalse();
        // The checks rocky ran on it are assertions; the placeholder for the failed table ("table not materialized") is none.
        List<JsonNode> assertions = new ArrayList<>();
        call.path("inputs").forEach(i -> i.path("inputFacets").path("dataQualityAssertions").path("assertions").forEach(assertions::add));
        assertThat(assertions).as("rocky reported no check: every result is a placeholder").isEmpty();
        assertThat(call.path("inputs").findValues("name")).extracting(JsonNode::asText).doesNotContain("warehouse.staging__src0000.t0000");
        JsonNode parent = events.get(3);
        assertThat(parent.path("job").path("name").asText()).isEqualTo("scale.materialize");
        assertThat(parent.path("run").path("facets").path("errorMessage").path("message").asText())
                .startsWith("1 of the selected assets failed; first: ");
    }

    @Test
    void aPartitionedRangeCarriesTheRockyPartitionFacet() throws IOException {
        Path file = tmp.resolve("lineage.jsonl");
        Path defs = scaleProject(Optional.empty(), file);
        JsonNode partitioned = null;
        for (JsonNode a : JSON.readTree(CliFixture.cli(defs, "defs", "--format", "json").out()).path("assets")) {
            if (!a.path("partitions").isNull()) {
                partitioned = a;
            }
        }
        List<String> key = new ArrayList<>();
        partitioned.path("key").forEach(s -> key.add(s.asText()));
        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--select", String.join("/", key), "--from", "2026-04-06",
                "--to", "2026-04-08");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> events = valid(Files.readAllLines(file));
        JsonNode parentFacet = events.get(0).path("run").path("facets").path("rocky_partition");
        assertThat(parentFacet.path("rangeStart").asText()).isEqualTo("2026-04-06");
        assertThat(parentFacet.path("rangeEnd").asText()).isEqualTo("2026-04-08");
        assertThat(events).filteredOn(e -> e.path("run").path("facets").has("parent"))
                .allSatisfy(e -> assertThat(e.path("run").path("facets").path("rocky_partition").isObject()).isTrue());
        assertThat(events.get(events.size() - 1).path("eventType").asText()).isEqualTo("COMPLETE");
    }

    /**
     * The checks rocky reported are the checked table's data-quality assertions and its row count
     * the output statistics. Synthetic: no recording has check results or a row count (the recorded
     * {@code run.json} of 01-replication-basics, with {@code rows_copied} and two
     * {@code check_results} written in, as run.schema.json shapes them).
     */
    @Test
    void theChecksRockyReportedAreAssertionsAndItsRowCountTheOutputStatistics() throws IOException {
        CliFixture fx = new CliFixture(tmp);
        Path file = tmp.resolve("lineage.jsonl");
        Path run = tmp.resolve("run.json");
        Files.writeString(run, dev.rocky.contract.RockyContract.read("fixtures/run.json")
                .replace("\"rows_copied\": null", "\"rows_copied\": 42")
                .replace("\"check_results\": []", "\"check_results\": [{\"asset_key\": [\"duckdb\", \"orders\", \"orders\"], \"checks\": ["
                        + "{\"name\": \"row_count\", \"passed\": true, \"source_count\": 42, \"target_count\": 42},"
                        + "{\"name\": \"column_match\", \"passed\": false, \"severity\": \"warning\", \"missing\": [\"amount\"], \"extra\": []}]}]"));
        StringBuilder body = new StringBuilder("case \"$*\" in\n  *' run '*|*' run') cat '" + run + "';;\n");
        for (String c : List.of("discover", "compile", "optimize")) {
            body.append("  *' ").append(c).append("'*) cat '").append(fx.project.resolve("rocky-fake/" + c + ".json")).append("';;\n");
        }
        fx.script("rocky-synthetic", body.append("  *) echo \"unexpected: $*\" >&2; exit 2;;\nesac").toString());
        fx.defs("binary_path: bin/rocky-synthetic", "openlineage:", "  transport: {type: file, location: '" + file + "'}");
        assertThat(fx.cli("refresh").exitCode()).isZero();
        CliFixture.Run materialize = fx.cli("materialize", "--fused");
        assertThat(materialize.exitCode()).as(materialize.err()).isZero();
        assertThat(materialize.out()).contains("row_count passed").contains("column_match failed WARN");

        List<JsonNode> events = valid(Files.readAllLines(file));
        assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("START", "START", "COMPLETE", "COMPLETE");
        JsonNode call = events.get(2);
        JsonNode table = call.path("outputs").get(0);
        assertThat(table.path("name").asText()).isEqualTo("playground.staging__orders.orders");
        assertThat(table.path("outputFacets").path("outputStatistics").path("rowCount").asLong()).isEqualTo(42);
        JsonNode checked = null;
        for (JsonNode input : call.path("inputs")) {
            if (input.path("inputFacets").has("dataQualityAssertions")) {
                checked = input;
            }
        }
        assertThat(checked).as(call.toString()).isNotNull();
        assertThat(checked.path("name").asText()).isEqualTo("playground.staging__orders.orders");
        List<String> assertions = new ArrayList<>();
        checked.path("inputFacets").path("dataQualityAssertions").path("assertions")
                .forEach(a -> assertions.add(a.path("assertion").asText() + "=" + a.path("success").asBoolean()));
        assertThat(assertions).as("the declared checks rocky did not report are placeholders, never assertions")
                .containsExactly("row_count=true", "column_match=false");
        assertThat(names(call.path("inputs"))).contains("raw__orders.orders");
    }

    @Test
    void anEndpointThatIsDownNeitherFailsTheMaterializationNorRepeatsItsWarning() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path defs = dagMode("  openlineage:\n    transport: {type: http, url: 'http://127.0.0.1:" + closedPort + "', timeoutInMillis: 2000}\n");
        assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();
        CliFixture.Run run = CliFixture.cli(defs, "materialize");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("4 materialized").contains("3 rocky runs: success");
        assertThat(run.errLines()).filteredOn(l -> l.contains("OpenLineage: sending through the http transport failed"))
                .singleElement().asString().contains("lineage is skipped while the run goes on");
        assertThat(run.errLines()).anySatisfy(l -> assertThat(l).contains("OpenLineage: 0 event(s) sent through the http transport, 8 failed"));
    }

    @Test
    void aCatalogSlowerThanTheRunHoldsTheCommandNoLongerThanTheCloseTimeout() throws IOException {
        try (LineageReceiver receiver = LineageReceiver.start()) {
            receiver.hold();
            Path defs = dagMode("  openlineage:\n    close_timeout_seconds: 1\n    transport: {type: http, url: '" + receiver.url()
                    + "', timeoutInMillis: 30000}\n");
            assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();
            CliFixture.Run run = CliFixture.cli(defs, "materialize");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("4 materialized");
            // The first event is still held by the receiver: the materialization never waited for it.
            assertThat(receiver.awaitEvents(1, Duration.ofSeconds(5))).hasSize(1);
            assertThat(run.errLines()).anySatisfy(l -> assertThat(l).contains("event(s) were still queued after 1000 ms and were dropped"));
        }
    }

    @Test
    void aTransportTheClientRefusesIsRefusedAtLoadInOneLine() throws IOException {
        Path defs = dagMode("  openlineage:\n    transport: {type: carrier-pigeon}\n");
        CliFixture.Run refresh = CliFixture.cli(defs, "refresh");
        assertThat(refresh.exitCode()).isEqualTo(1);
        assertThat(refresh.errLines()).singleElement().asString().contains("defs.yaml:").contains("openlineage.transport (type carrier-pigeon)")
                .contains("refused by the OpenLineage client");

        Files.writeString(defs, Files.readString(defs).replace("    transport: {type: carrier-pigeon}\n", "    namespace: x\n"));
        CliFixture.Run missing = CliFixture.cli(defs, "defs");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.errLines()).singleElement().asString().contains("openlineage.transport is required");
    }

    /** An internal error cutting a call short ends both runs as FAIL: no START is left without its end. */
    @Test
    void anInternalErrorMidCallEndsTheCallsRunAndTheParentAsFail() throws IOException {
        CliFixture fx = new CliFixture(tmp);
        Path file = tmp.resolve("lineage.jsonl");
        dev.rocky.testkit.FakeRocky fake = new dev.rocky.testkit.FakeRocky(dev.rocky.testkit.RecordedProjects.replicationBasics());
        dev.rocky.process.CommandRunner breaks = (request, stderr) -> {
            if (request.argv().contains("run")) {
                throw new IllegalStateException("the runner broke");
            }
            return fake.run(request, stderr);
        };
        dev.rocky.component.RockyComponent component = dev.rocky.component.RockyComponent.builder(
                new dev.rocky.component.config.DefsYamlLoader().load(fx.defs)).commandRunner(breaks)
                .openLineage(new dev.rocky.openlineage.OpenLineageSettings("rocky", java.util.Map.of("type", "file", "location",
                        file.toString()), Optional.empty(), false, 10, Duration.ofSeconds(5)))
                .build();
        component.refresh();
        dev.rocky.core.spec.Definitions defs = component.definitions();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> component.materialize(defs,
                dev.rocky.core.service.Materializer.Selection.of(java.util.Set.copyOf(defs.assets().stream()
                        .map(dev.rocky.core.spec.AssetSpec::key).toList())),
                dev.rocky.core.run.RunOptions.builder().fused(true).build())).hasMessage("the runner broke");
        component.close();
        List<JsonNode> events = valid(Files.readAllLines(file));
        assertThat(events).extracting(e -> e.path("eventType").asText() + " " + e.path("job").path("name").asText().replaceAll("\\..*", ""))
                .containsExactly("START project", "START project", "FAIL project", "FAIL project");
        assertThat(events.get(2).path("run").path("runId")).isEqualTo(events.get(1).path("run").path("runId"));
        assertThat(events.get(2).path("run").path("facets").path("errorMessage").path("message").asText()).isEqualTo("the runner broke");
        assertThat(events.get(3).path("run").path("runId")).isEqualTo(events.get(0).path("run").path("runId"));
    }
}
