package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.contract.RockyContract;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The payloads the tests write where no recording of the real engine exists (labelled synthetic
 * there) are valid against the engine's own schemas, and read into the same domain values.
 */
class SyntheticPayloadsTest {

    static final String MODEL_HISTORY = "{\"version\":\"1.71.0\",\"command\":\"history\",\"model\":\"fct\",\"count\":1,\"executions\":"
            + "[{\"started_at\":\"2026-12-01T00:00:00Z\",\"status\":\"success\",\"duration_ms\":12,\"sql_hash\":\"ab\",\"rows_affected\":3}]}";
    static final String FAILED_TEST = "{\"version\":\"1.71.0\",\"command\":\"test\",\"total\":2,\"passed\":1,\"failed\":1,"
            + "\"failures\":[{\"name\":\"stg_orders::not_null_id\",\"error\":\"2 null rows\"}]}";
    static final String DAG_RUN = "{\"version\":\"1.71.0\",\"command\":\"run\",\"total_nodes\":2,\"total_layers\":2,\"completed\":1,"
            + "\"failed\":1,\"skipped\":0,\"duration_ms\":30,\"nodes\":[{\"id\":\"load:ingest\",\"kind\":\"load\",\"label\":\"ingest\","
            + "\"layer\":0,\"status\":\"completed\",\"duration_ms\":10},{\"id\":\"transformation:fct\",\"kind\":\"transformation\","
            + "\"label\":\"fct\",\"layer\":1,\"status\":\"failed\",\"duration_ms\":20,\"error\":\"division by zero\"}]}";
    static final String ERROR_ENVELOPE = "{\"code\":\"mutation_in_progress\",\"message\":\"a run holds the mutation permit\","
            + "\"remediation_hint\":\"retry after it\",\"running_job_id\":\"job-7\"}";

    private static String applyEnvelope(boolean success) {
        return "{\"version\":\"1.71.0\",\"command\":\"apply\",\"plan_id\":\"a44c8485d91a4a8b7fe5060d3b1320aac389de6cb3ddc8a958162c850cfe3fca\","
                + "\"plan_kind\":\"run\",\"success\":" + success + ",\"result\":" + RockyContract.read("fixtures/apply.json") + "}";
    }

    @Test
    void everySyntheticPayloadIsValidAgainstItsSchema() {
        assertThat(ContractSchemas.validate("model_history", ContractSchemas.tree(MODEL_HISTORY))).isEmpty();
        assertThat(ContractSchemas.validate("test", ContractSchemas.tree(FAILED_TEST))).isEmpty();
        assertThat(ContractSchemas.validate("error_envelope", ContractSchemas.tree(ERROR_ENVELOPE))).isEmpty();
        assertThat(ContractSchemas.validate("apply", ContractSchemas.tree(applyEnvelope(true)))).isEmpty();
        assertThat(ContractSchemas.validate("dag_run", ContractSchemas.tree(DAG_RUN))).isEmpty();
    }

    @Test
    void theyReadIntoTheirDomainValues() throws Exception {
        assertThat(RockyJson.mapper().readValue(MODEL_HISTORY, ReportOutputs.ModelHistoryOutput.class).toDomain().executions())
                .hasSize(1);
        assertThat(RockyJson.mapper().readValue(FAILED_TEST, ReportOutputs.TestOutput.class).toDomain(1).ok()).isFalse();
        byte[] envelope = applyEnvelope(true).getBytes(StandardCharsets.UTF_8);
        assertThat(RunDocument.typeOf(envelope)).isEqualTo(ApplyOutput.class);
        assertThat(RockyJson.mapper().readValue(envelope, ApplyOutput.class).toDomain(0).tablesCopied()).isEqualTo(1);
        dev.rocky.core.report.DagRun dag = RockyJson.mapper().readValue(DAG_RUN, ReportOutputs.DagRunOutput.class).toDomain(1);
        assertThat(dag.ok()).isFalse();
        assertThat(dag.nodes().get(1).error()).contains("division by zero");
        JsonNode schema = ContractSchemas.schemaTree("apply");
        assertThat(schema.path("title").asText()).isEqualTo("ApplyOutput");
    }
}
