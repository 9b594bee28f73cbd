package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.sensor.SensorCursor;
import dev.rocky.core.sensor.SensorTick;
import dev.rocky.core.service.Materializer;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.PartitionsDefinition;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.testkit.Cassette;
import dev.rocky.testkit.FakeRocky;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.SourceView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant-as-partition collapse ({@code tenant}), from the reference's own cases
 * (test_tenant_partition.py): the collapse and its keys, tags and metadata, the union of tables,
 * the skipped source, the conflicting partition key, the partition → filter mapping (a new tenant
 * included), and the sensor's tenant mode. The discover and run documents are synthetic, written
 * from the engine's schemas with the reference tests' shapes (three components, the tenant first).
 */
class TenantPartitionTest {

    private static final AssetKey ORDERS = AssetKey.of("fivetran", "usa", "facebookads", "orders");
    private static final AssetKey CAMPAIGNS = AssetKey.of("fivetran", "usa", "facebookads", "campaigns");
    private static final AssetKey REFUNDS = AssetKey.of("fivetran", "usa", "facebookads", "refunds");

    @TempDir
    Path tmp;

    private final List<String> logged = new ArrayList<>();

    private static String source(String id, String client, String syncedAt, String... tables) {
        StringBuilder t = new StringBuilder();
        for (String table : tables) {
            t.append(t.length() == 0 ? "" : ",").append("{\"name\":\"").append(table).append("\"}");
        }
        String components = client == null ? "{\"region\":\"usa\",\"source\":\"facebookads\"}"
                : "{\"client\":\"" + client + "\",\"region\":\"usa\",\"source\":\"facebookads\"}";
        return "{\"id\":\"" + id + "\",\"components\":" + components + ",\"source_type\":\"fivetran\",\"last_sync_at\":"
                + (syncedAt == null ? "null" : "\"" + syncedAt + "\"") + ",\"tables\":[" + t + "]}";
    }

    private static String discover(String... sources) {
        return "{\"version\":\"1.71.0\",\"command\":\"discover\",\"sources\":[" + String.join(",", sources) + "]}";
    }

    /** The recorded run document (fixtures/run.json) with this filter and these tenant-keyed materializations. */
    private static String run(String filter, String client, String... tables) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                    dev.rocky.contract.RockyContract.read("fixtures/run.json"));
            com.fasterxml.jackson.databind.node.ObjectNode template = (com.fasterxml.jackson.databind.node.ObjectNode)
                    doc.path("materializations").get(0);
            com.fasterxml.jackson.databind.node.ArrayNode mats = json.createArrayNode();
            for (String table : tables) {
                com.fasterxml.jackson.databind.node.ObjectNode m = template.deepCopy();
                m.set("asset_key", json.valueToTree(List.of("fivetran", client, "usa", "facebookads", table)));
                mats.add(m);
            }
            doc.set("materializations", mats);
            doc.put("filter", filter);
            doc.put("tables_copied", tables.length);
            return json.writeValueAsString(doc);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Setup(RockyComponent component, FakeRocky fake) {
    }

    private Setup component(String discover, RockyTranslator translator, String... tenantBlock) throws IOException {
        Cassette cassette = Cassette.builder().version("rocky 1.71.0")
                .answerJson(List.of("discover"), discover, "synthetic: the reference's tenant sources")
                .answerJson(List.of("run", "--filter", "client=coca_cola"), run("client=coca_cola", "coca_cola", "orders", "campaigns"),
                        "synthetic")
                .answerJson(List.of("run", "--filter", "client=zara"), run("client=zara", "zara", "orders"), "synthetic")
                .answerJson(List.of("run", "--filter", "id=src_pepsi"), run("id=src_pepsi", "pepsi", "orders"), "synthetic")
                .build();
        FakeRocky.Builder builder = FakeRocky.forBundledProject("01-replication-basics", tmp.resolve("w")).withCassette(cassette);
        FakeRocky fake = builder.build();
        Path defs = builder.projectDir().resolve("defs.yaml");
        StringBuilder yaml = new StringBuilder("type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: rocky\n"
                + "  surface_optimize_metadata: false\n  enable_sensor: true\n");
        for (String line : tenantBlock) {
            yaml.append("  ").append(line).append('\n');
        }
        Files.writeString(defs, yaml.toString());
        RockyComponent.Builder b = RockyComponent.builder(new DefsYamlLoader().load(defs)).commandRunner(fake)
                .logSink((level, message) -> logged.add(level + " " + message));
        if (translator != null) {
            b.translator(translator);
        }
        RockyComponent component = b.build();
        component.refresh();
        return new Setup(component, fake);
    }

    private static final String[] TENANT = {"tenant: {component: client, partitions_name: rocky_clients}"};

    @Test
    void tenantsCollapseIntoOnePartitionedAssetPerTableTheUnionOfTheirTables() throws IOException {
        Setup s = component(discover(source("src_coca_cola", "coca_cola", null, "orders", "campaigns"),
                source("src_pepsi", "pepsi", null, "orders", "refunds"), source("src_bad", null, null, "orders")), null, TENANT);
        Definitions defs = s.component().definitions();

        // constant in tenant count, tenant dropped from the key; the union of the tenants' tables
        assertThat(defs.assets()).extracting(AssetSpec::key).containsExactlyInAnyOrder(ORDERS, CAMPAIGNS, REFUNDS);
        AssetSpec orders = defs.asset(ORDERS).orElseThrow();
        assertThat(orders.partitions()).contains(new PartitionsDefinition.Dynamic("rocky_clients", List.of("coca_cola", "pepsi")));
        // the tenant is not a static tag; the other components stay
        assertThat(orders.tags()).doesNotContainKey("rocky/client").containsEntry("rocky/region", "usa")
                .containsEntry("rocky/source", "facebookads");
        // per-tenant metadata neutralised
        assertThat(orders.metadata()).doesNotContainKeys("source_id", "last_sync_at", "row_count", MetadataKeys.DAGSTER_ROCKY_SOURCE_ID)
                .containsKey(MetadataKeys.DAGSTER_ROCKY_SOURCE_TYPE);
        assertThat(orders.checkNames()).contains("row_count", "column_match", "freshness", "row_count_anomaly");
        // partition key → raw filter value, and the tenant-keyed engine key of each tenant
        RunTarget.TenantTable target = (RunTarget.TenantTable) defs.runTarget(ORDERS).orElseThrow();
        assertThat(target.rawValueByPartitionKey()).containsExactly(Map.entry("coca_cola", "coca_cola"), Map.entry("pepsi", "pepsi"));
        assertThat(target.engineKey("pepsi")).containsExactly("fivetran", "pepsi", "usa", "facebookads", "orders");
        assertThat(target.sourceIdByPartitionKey()).containsEntry("pepsi", "src_pepsi");
        assertThat(((RunTarget.TenantTable) defs.runTarget(REFUNDS).orElseThrow()).sourceIdByPartitionKey())
                .containsOnlyKeys("pepsi");
        // a source without the tenant component is skipped, named
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("skipping source id=src_bad").contains("'client' is missing"));

        // the published graph document (validated against defs.v1.schema.json by CliFixture) says the same
        CliFixture.Run json = CliFixture.cli(defsFile(), "defs", "--format", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        com.fasterxml.jackson.databind.JsonNode first = doc.path("assets").get(0);
        assertThat(first.path("partitions").path("type").asText()).isEqualTo("dynamic");
        assertThat(first.path("partitions").path("keys").toString()).isEqualTo("[\"coca_cola\",\"pepsi\"]");
        assertThat(first.path("run_target").path("kind").asText()).isEqualTo("tenant_table");
        assertThat(json.err()).contains("skipping source id=src_bad");
    }

    private Path defsFile() throws IOException {
        try (var found = Files.walk(tmp.resolve("w"))) {
            return found.filter(p -> p.getFileName().toString().equals("defs.yaml")).findFirst().orElseThrow();
        }
    }

    @Test
    void aPartitionRunsTheTenantsFilterOnceAndItsEventsCarryThePartition() throws IOException {
        Setup s = component(discover(source("src_coca_cola", "coca_cola", null, "orders", "campaigns"),
                source("src_pepsi", "pepsi", null, "orders", "refunds")), null, TENANT);
        Definitions defs = s.component().definitions();
        Materializer.Selection selection = new Materializer.Selection(new LinkedHashSet<>(List.of(ORDERS, CAMPAIGNS)),
                Optional.of("coca_cola"), Optional.empty(), Optional.empty());
        s.fake().clearJournal();
        MaterializationReport report = s.component().materialize(defs, selection, RunOptions.builder().fused(true).build());

        assertThat(s.fake().invocations("run")).singleElement().satisfies(i -> assertThat(i.argv()).containsSequence("run", "--filter",
                "client=coca_cola"));
        List<RunEvent.MaterializeResult> mats = report.events().stream().filter(e -> e instanceof RunEvent.MaterializeResult)
                .map(e -> (RunEvent.MaterializeResult) e).toList();
        assertThat(mats).as(report.failures() + " " + logged).extracting(RunEvent.MaterializeResult::asset)
                .containsExactlyInAnyOrder(ORDERS, CAMPAIGNS);
        assertThat(mats).allSatisfy(m -> assertThat(m.partition()).contains("coca_cola"));
        // the checks are partitioned with their asset: each result, reported or placeholder, names the tenant
        assertThat(report.events()).filteredOn(e -> e instanceof RunEvent.AssetCheckResult).isNotEmpty()
                .allSatisfy(e -> assertThat(((RunEvent.AssetCheckResult) e).partition()).contains("coca_cola"));
        assertThat(report.failures()).isEmpty();

        // a tenant added after the last refresh: the key itself is the filter value, and its engine key still maps
        MaterializationReport zara = s.component().materialize(defs, new Materializer.Selection(new LinkedHashSet<>(List.of(ORDERS)),
                Optional.of("zara"), Optional.empty(), Optional.empty()), RunOptions.builder().fused(true).build());
        assertThat(zara.events()).filteredOn(e -> e instanceof RunEvent.MaterializeResult).singleElement()
                .satisfies(e -> assertThat(((RunEvent.MaterializeResult) e).partition()).contains("zara"));

        // no partition key: refused before anything runs (a filter reaches one tenant's catalog)
        s.fake().clearJournal();
        assertThatThrownBy(() -> s.component().materialize(defs, Materializer.Selection.of(new LinkedHashSet<>(List.of(ORDERS))),
                RunOptions.builder().fused(true).build()))
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("partitioned by tenant (client)").hasMessageContaining("--partition <tenant>");
        assertThat(s.fake().invocations("run")).isEmpty();
    }

    @Test
    void scopeRunsToSelectionRunsTheTenantsSelectedSourcesById() throws IOException {
        Setup s = component(discover(source("src_coca_cola", "coca_cola", null, "orders"), source("src_pepsi", "pepsi", null, "orders")),
                null, "tenant: {component: client, partitions_name: rocky_clients, scope_runs_to_selection: true}");
        Definitions defs = s.component().definitions();
        s.fake().clearJournal();
        MaterializationReport report = s.component().materialize(defs, new Materializer.Selection(new LinkedHashSet<>(List.of(ORDERS)),
                Optional.of("pepsi"), Optional.empty(), Optional.empty()), RunOptions.builder().fused(true).build());
        assertThat(s.fake().invocations("run")).singleElement().satisfies(i -> assertThat(i.argv()).containsSequence("--filter",
                "id=src_pepsi"));
        assertThat(report.events()).filteredOn(e -> e instanceof RunEvent.MaterializeResult).singleElement()
                .satisfies(e -> assertThat(((RunEvent.MaterializeResult) e).partition()).contains("pepsi"));
    }

    /** The reference's {@code get_partition_key} override: canonical keys, raw filter values; two values on one key warn. */
    @Test
    void aTranslatorsPartitionKeyCanonicalisesAndAConflictKeepsTheFirstValueWithAWarning() throws IOException {
        RockyTranslator upper = new RockyTranslator() {
            @Override
            public String partitionKey(SourceView source, String tenantComponent) {
                String raw = source.components().stream().filter(c -> c.name().equals(tenantComponent)).findFirst().orElseThrow()
                        .joined();
                return raw.replace("-", "_").toUpperCase(java.util.Locale.ROOT);
            }
        };
        Setup s = component(discover(source("src_coca_cola", "coca_cola", null, "orders"), source("src_coca_dash", "coca-cola", null,
                "orders")), upper, TENANT);
        RunTarget.TenantTable target = (RunTarget.TenantTable) s.component().definitions().runTarget(ORDERS).orElseThrow();
        assertThat(target.rawValueByPartitionKey()).containsExactly(Map.entry("COCA_COLA", "coca_cola"));
        assertThat(target.filterValue("COCA_COLA")).isEqualTo("coca_cola");
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("partition key 'COCA_COLA' maps to more than one client value")
                .contains("keeping 'coca_cola'"));
    }

    @Test
    void theSensorAsksForOnePartitionedRunPerSyncedTenantAndNamesTheNewOnes() throws IOException {
        String initial = discover(source("src_coca_cola", "coca_cola", null, "orders"), source("src_pepsi", "pepsi", null, "orders"));
        Setup s = component(initial, null, TENANT);
        // discover now reports syncs, and a tenant the state does not know yet
        Setup synced = componentSharingState(s, discover(source("src_coca_cola", "coca_cola", "2026-12-01T10:00:00Z", "orders"),
                source("src_zara", "zara", "2026-12-01T11:00:00Z", "orders")));
        SensorTick tick = synced.component().sensorTick();
        assertThat(tick.runRequests()).hasSize(2);
        assertThat(tick.runRequests()).allSatisfy(r -> assertThat(r.assetKeys()).containsExactly(ORDERS));
        assertThat(tick.runRequests()).extracting(r -> r.partitionKey().orElseThrow()).containsExactly("coca_cola", "zara");
        assertThat(tick.runRequests().get(1).filter()).contains("client=zara");
        assertThat(tick.runRequests().get(1).tags()).containsEntry("rocky/client", "zara");
        assertThat(tick.addedPartitions()).containsExactly("zara");
        assertThat(tick.cursor().syncs()).containsKeys("src_coca_cola", "src_zara");
    }

    @Test
    void withPartitionSyncOffAnUnknownTenantIsSkippedAndKeepsItsCursor() throws IOException {
        String initial = discover(source("src_coca_cola", "coca_cola", null, "orders"));
        Setup s = component(initial, null, "tenant: {component: client, partitions_name: rocky_clients, "
                + "sync_partitions_from_discover: false}");
        Setup synced = componentSharingState(s, discover(source("src_zara", "zara", "2026-12-01T11:00:00Z", "orders")));
        SensorTick tick = synced.component().sensorTick();
        assertThat(tick.runRequests()).isEmpty();
        assertThat(tick.addedPartitions()).isEmpty();
        assertThat(tick.skipped()).singleElement().asString().contains("src_zara").contains("sync_partitions_from_discover is off");
        assertThat(tick.cursor().syncs()).doesNotContainKey("src_zara");
        assertThat(SensorCursor.EMPTY.syncs()).isEmpty();
    }

    /** The same project and state, with rocky's discover now answering {@code discover}. */
    private Setup componentSharingState(Setup refreshed, String discover) throws IOException {
        Cassette cassette = Cassette.builder().version("rocky 1.71.0").answerJson(List.of("discover"), discover, "synthetic").build();
        FakeRocky fake = new FakeRocky(cassette);
        RockyComponent component = RockyComponent.builder(new DefsYamlLoader().load(defsFile())).commandRunner(fake)
                .logSink(LogSink.NONE).build();
        return new Setup(component, fake);
    }
}
