package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.rocky.contract.RockyContract;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.FailureKind;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import dev.rocky.core.spec.MetadataValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the run DTO makes of the recorded runs' particulars, and of the synthetic failure shapes. */
class RunOutputTest {

    private static RunResult parse(String json, int exit) throws Exception {
        return RockyJson.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), RunOutput.class).toDomain(exit);
    }

    @Test
    void driftRunCarriesTheActionAndTheTargetTable() throws Exception {
        RunResult r = parse(RockyContract.read("fixtures/drift/run_after_drift.json"), 0);
        assertThat(r.driftActions()).containsExactly(new RunResult.DriftAction("poc.staging__orders.orders", "drop_and_recreate",
                "column 'amount' changed VARCHAR → DECIMAL(10,2)"));
        assertThat(r.materializations().get(0).targetTableFullName()).contains("poc.staging__orders.orders");
    }

    @Test
    void anomalyRunCarriesTheDeviationAndTheCheckDetails() throws Exception {
        RunResult r = parse(RockyContract.read("fixtures/anomaly/run_incident.json"), 0);
        assertThat(r.anomalies()).singleElement().satisfies(a -> {
            assertThat(a.table()).isEqualTo("poc.staging__events.events");
            assertThat(a.currentCount()).isEqualTo(5);
            assertThat(a.baselineAvg()).isEqualTo(376.25);
        });
        RunResult.CheckOutcome rowCount = r.checkResults().get(0).checks().get(0);
        assertThat(rowCount.name()).isEqualTo("row_count");
        assertThat(rowCount.severity()).isEqualTo(CheckSeverity.ERROR);
        assertThat(rowCount.details()).containsEntry("source_count", MetadataValue.integer(5))
                .containsEntry("target_count", MetadataValue.integer(5)).doesNotContainKeys("name", "passed", "severity");
    }

    @Test
    void partitionRunCarriesEachPartitionWindow() throws Exception {
        RunResult r = parse(RockyContract.read("fixtures/partition/run_backfill.json"), 0);
        List<String> keys = r.materializations().stream().flatMap(m -> m.partition().stream()).map(RunResult.Partition::key).toList();
        assertThat(keys).containsExactly("2026-04-04", "2026-04-05", "2026-04-06", "2026-04-07", "2026-04-08");
    }

    @Test
    void synthesisedSourceMetadataIsKeptAsTheReferenceForwardsIt() throws Exception {
        // Synthetic (no recording has sources[].metadata): SourceOutput.metadata, an open object.
        String json = RockyContract.read("fixtures/discover.json").replace("\"source_type\"", "\"metadata\": {"
                + "\"fivetran.service\": \"shopify\", \"fivetran.custom_reports\": [{\"b\": 2, \"a\": \"\u00e9\\u001f\\u007f\\n\"}],"
                + " \"fivetran.paused\": false, \"fivetran.n\": 3, \"fivetran.none\": null}, \"source_type\"");
        dev.rocky.core.discover.Source s = RockyJson.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), DiscoverOutput.class)
                .toDomain().sources().get(0);
        assertThat(s.metadata()).containsExactly(java.util.Map.entry("fivetran.service", "shopify"),
                java.util.Map.entry("fivetran.custom_reports", "[{\"a\": \"\\u00e9\\u001f\\u007f\\n\", \"b\": 2}]"),
                java.util.Map.entry("fivetran.paused", "false"), java.util.Map.entry("fivetran.n", "3"),
                java.util.Map.entry("fivetran.none", "null"));
    }

    @Test
    void synthesisedExcludedTablesAreReadWithTheirReasonAndPruningIsToldApart() throws Exception {
        // Synthetic (no recording has excluded_tables): the run.schema.json ExcludedTableOutput shape.
        String json = RockyContract.read("fixtures/run.json").replace("\"check_results\": []", "\"check_results\": [], "
                + "\"excluded_tables\": [{\"asset_key\": [\"duckdb\", \"sw\", \"b_raw\"], \"reason\": \"unchanged_since_last_copy\","
                + " \"source_schema\": \"raw__sw\", \"table_name\": \"b_raw\"}, {\"asset_key\": [\"duckdb\", \"sw\", \"c\"],"
                + " \"reason\": \"missing_from_source\", \"source_schema\": \"raw__sw\", \"table_name\": \"c\"}]");
        RunResult r = parse(json, 0);
        assertThat(r.excludedTables()).extracting(RunResult.ExcludedTable::tableName, RunResult.ExcludedTable::prunedUnchanged)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b_raw", true), org.assertj.core.groups.Tuple.tuple("c", false));
        assertThat(r.excludedTables().get(0).assetKey()).containsExactly("duckdb", "sw", "b_raw");
        assertThat(parse(RockyContract.read("fixtures/run.json"), 0).excludedTables()).as("absent: none").isEmpty();
    }

    @Test
    void synthesisedPartialFailureKeepsErrorsKindsAndCooldowns() throws Exception {
        String json = RockyContract.read("fixtures/run.json").replace("\"check_results\": []", "\"check_results\": [], "
                + "\"errors\": [{\"asset_key\": [\"duckdb\", \"orders\", \"lines\"], \"error\": \"429\", \"failure_kind\": \"quota-exceeded\","
                + " \"cooldown_seconds\": 120}, {\"asset_key\": [\"duckdb\", \"orders\", \"x\"], \"error\": \"boom\"},"
                + " {\"asset_key\": [\"a\"], \"error\": \"e\", \"failure_kind\": \"brand-new-kind\"}]")
                .replace("\"status\": \"Success\"", "\"status\": \"PartialFailure\"");
        RunResult r = parse(json, 2);
        assertThat(r.status()).isEqualTo(RunStatus.PARTIAL_FAILURE);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).extracting(RunResult.TableError::failureKind)
                .containsExactly(FailureKind.QUOTA_EXCEEDED, FailureKind.UNKNOWN, FailureKind.UNKNOWN);
        assertThat(r.quotaRetryAfterSeconds()).isEqualTo(OptionalLong.of(120));
    }

    /** The reference's {@code check_metadata} (dagster-rocky checks.py): populated fields only, column lists joined or (none). */
    @Test
    void checkMetadataKeepsPopulatedFieldsAndJoinsColumnListsAsTheReferenceDoes() throws Exception {
        String json = RockyContract.read("fixtures/run.json").replace("\"check_results\": []", "\"check_results\": [{\"asset_key\": "
                + "[\"duckdb\", \"orders\", \"orders\"], \"checks\": [{\"name\": \"column_match\", \"passed\": false, "
                + "\"severity\": \"warning\", \"missing\": [\"id\", \"amount\"], \"extra\": [], \"lag_seconds\": null, "
                + "\"source_count\": 4}]}]");
        RunResult r = parse(json, 0);
        RunResult.CheckOutcome c = r.checkResults().get(0).checks().get(0);
        assertThat(c.severity()).isEqualTo(CheckSeverity.WARN);
        assertThat(c.details()).containsOnly(
                java.util.Map.entry("missing_columns", MetadataValue.text("id, amount")),
                java.util.Map.entry("extra_columns", MetadataValue.text("(none)")),
                java.util.Map.entry("source_count", MetadataValue.integer(4)),
                java.util.Map.entry("severity", MetadataValue.text("warning")));
    }

    /** Checks of one shape share their keys in parsing, never their values; order and empty column names are kept. */
    @Test
    void checksOfOneShapeKeepTheirOwnValuesInTheOrderRockyPrintedThem() throws Exception {
        String json = RockyContract.read("fixtures/run.json").replace("\"check_results\": []", "\"check_results\": [{\"asset_key\": "
                + "[\"duckdb\", \"orders\", \"orders\"], \"checks\": ["
                + "{\"name\": \"row_count\", \"passed\": true, \"severity\": \"error\", \"source_count\": 4, \"target_count\": 4},"
                + "{\"name\": \"row_count\", \"passed\": false, \"severity\": \"error\", \"source_count\": 9, \"target_count\": 7},"
                + "{\"name\": \"column_match\", \"passed\": false, \"severity\": \"error\", \"missing\": [\"\", \"b\", \"\"], "
                + "\"extra\": [\"c\"]}]}]");
        List<RunResult.CheckOutcome> checks = parse(json, 0).checkResults().get(0).checks();
        assertThat(checks.get(0).details().entrySet()).containsExactly(java.util.Map.entry("source_count", MetadataValue.integer(4)),
                java.util.Map.entry("target_count", MetadataValue.integer(4)));
        assertThat(checks.get(1).details().entrySet()).containsExactly(java.util.Map.entry("source_count", MetadataValue.integer(9)),
                java.util.Map.entry("target_count", MetadataValue.integer(7)));
        assertThat(checks.get(2).details().entrySet()).containsExactly(
                java.util.Map.entry("missing_columns", MetadataValue.text(String.join(", ", "", "b", ""))),
                java.util.Map.entry("extra_columns", MetadataValue.text("c")));
    }

    /** A check result against the record's rules: each broken field is a schema mismatch that names it. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "\"name\": \"row_count\", \"passed\": 1                  | passed",
        "\"name\": \"row_count\", \"passed\": \"true\"             | passed",
        "\"name\": \"row_count\", \"passed\": null               | passed",
        "\"name\": \"row_count\"                                 | passed",
        "\"name\": 5, \"passed\": true                           | name",
        "\"name\": null, \"passed\": true                        | name",
        "\"passed\": true, \"source_count\": 4                     | name",
        "\"name\": \"row_count\", \"passed\": true, \"severity\": 2 | severity",
        "\"name\": \"row_count\", \"passed\": true, \"name\": \"x\"  | name",
    })
    void aBrokenCheckResultIsASchemaMismatchNamingTheField(String fields, String field) {
        String json = RockyContract.read("fixtures/run.json").replace("\"check_results\": []", "\"check_results\": [{\"asset_key\": "
                + "[\"duckdb\", \"orders\", \"orders\"], \"checks\": [{" + fields + "}]}]");
        assertThatThrownBy(() -> parse(json, 0)).isInstanceOf(com.fasterxml.jackson.core.JacksonException.class)
                .hasMessageContaining(field);
    }

    @Test
    void aCheckResultWithANullSeverityIsAnErrorAndItsNullFieldsAreLeftOut() throws Exception {
        String json = RockyContract.read("fixtures/run.json").replace("\"check_results\": []", "\"check_results\": [{\"asset_key\": "
                + "[\"duckdb\", \"orders\", \"orders\"], \"checks\": [{\"name\": \"freshness\", \"passed\": false, "
                + "\"severity\": null, \"lag_seconds\": null, \"threshold_seconds\": 60, \"detail\": {\"a\": [1, 2]}}]}]");
        RunResult.CheckOutcome c = parse(json, 0).checkResults().get(0).checks().get(0);
        assertThat(c.name()).isEqualTo("freshness");
        assertThat(c.passed()).isFalse();
        assertThat(c.severity()).isEqualTo(CheckSeverity.ERROR);
        assertThat(c.details().keySet()).containsExactly("threshold_seconds", "detail");
    }

    @Test
    void quotaWithoutCooldownRetriesAfterTheDefault() throws Exception {
        String json = RockyContract.read("fixtures/run.json").replace("\"check_results\": []", "\"check_results\": [], "
                + "\"errors\": [{\"asset_key\": [\"a\"], \"error\": \"429\", \"failure_kind\": \"quota-exceeded\"}]");
        assertThat(parse(json, 1).quotaRetryAfterSeconds()).isEqualTo(OptionalLong.of(RunResult.DEFAULT_QUOTA_COOLDOWN_SECONDS));
        assertThat(parse(RockyContract.read("fixtures/run.json"), 0).quotaRetryAfterSeconds()).isEmpty();
    }

    @Test
    void aRunWithoutItsStatusIsASchemaMismatch() {
        String json = RockyContract.read("fixtures/run.json").replace("\"status\": \"Success\",", "");
        assertThatThrownBy(() -> parse(json, 0)).isInstanceOf(MismatchedInputException.class).hasMessageContaining("status");
    }

    @Test
    void anUnknownStatusIsRefusedByName() {
        String json = RockyContract.read("fixtures/run.json").replace("\"status\": \"Success\"", "\"status\": \"Exploded\"");
        assertThatThrownBy(() -> parse(json, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Exploded");
    }
}
