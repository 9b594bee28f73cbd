package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.rocky.contract.RockyContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code rocky plan}'s statements are counted, never kept, and only an array of objects is a count. */
class PlanOutputTest {

    private static PlanOutput plan(String statements) throws Exception {
        String json = "{\"version\":\"1.71.0\",\"command\":\"plan\",\"filter\":\"\"" + (statements == null ? "" : ",\"statements\":" + statements)
                + ",\"plan_id\":\"" + "b".repeat(64) + "\"}";
        return RockyJson.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), PlanOutput.class);
    }

    @Test
    void theStatementsAreCountedWhateverTheyHold() throws Exception {
        assertThat(plan("[]").toDomain().statementCount()).isZero();
        assertThat(plan("[{\"purpose\":\"create_schema\",\"target\":\"s\",\"sql\":\"CREATE SCHEMA s\"},"
                + "{\"purpose\":\"full_refresh_copy\",\"target\":\"s.t\",\"sql\":\"CREATE TABLE s.t AS SELECT {\\\"[\\\"}\","
                + "\"nested\":{\"a\":[1,{\"b\":[]}]}}]").toDomain().statementCount()).isEqualTo(2);
    }

    @Test
    void theRecordedPlanCountsItsTwoStatements() throws Exception {
        byte[] recorded = RockyContract.read("fixtures/plan.json").getBytes(StandardCharsets.UTF_8);
        assertThat(RockyJson.mapper().readValue(recorded, PlanOutput.class).toDomain().statementCount()).isEqualTo(2);
    }

    @Test
    void anythingButAnArrayOfObjectsIsAMismatch() {
        for (String bad : List.of("[{}, null]", "[\"CREATE SCHEMA s\"]", "[[]]", "{}", "3", "\"x\"", "[{}, 1]")) {
            assertThatThrownBy(() -> plan(bad)).as(bad).isInstanceOf(MismatchedInputException.class);
        }
    }

    @Test
    void missingOrNullStatementsAreRefusedAsARequiredField() {
        for (String absent : new String[] {null, "null"}) {
            assertThatThrownBy(() -> plan(absent).toDomain()).as(String.valueOf(absent)).hasMessageContaining("statements");
        }
    }

    @Test
    void aTruncatedArrayIsNotACount() {
        String json = "{\"version\":\"1.71.0\",\"command\":\"plan\",\"filter\":\"\",\"statements\":[{\"sql\":\"x\"},";
        assertThatThrownBy(() -> RockyJson.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), PlanOutput.class))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }
}
