package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.rocky.contract.RockyContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code rocky plan}'s {@code models}, which every plan of a project repeats, is read into the same
 * strings and the same list while it repeats, and as strictly as any other field.
 */
class RepeatedNamesDeserializerTest {

    private static PlanOutput plan(String models) throws Exception {
        String json = "{\"version\":\"1.71.0\",\"command\":\"plan\",\"filter\":\"source=a\",\"statements\":[],"
                + "\"plan_id\":\"" + "a".repeat(64) + "\",\"plan_kind\":\"run\",\"models\":" + models + ",\"execution_layers\":[]}";
        return RockyJson.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), PlanOutput.class);
    }

    @Test
    void aRepeatedListIsTheSameListAndItsNamesTheSameStrings() throws Exception {
        List<String> first = plan("[\"stg_orders\",\"fct_revenue\",\"dim_customers\"]").models();
        List<String> second = plan("[\"stg_orders\",\"fct_revenue\",\"dim_customers\"]").models();
        assertThat(second).isSameAs(first).containsExactly("stg_orders", "fct_revenue", "dim_customers");
    }

    @Test
    void aListThatDiffersIsReadAsItIsAndSharesTheNamesItRepeats() throws Exception {
        List<String> first = plan("[\"a\",\"b\",\"c\"]").models();
        List<String> changed = plan("[\"a\",\"B\",\"c\",\"d\"]").models();
        assertThat(changed).containsExactly("a", "B", "c", "d").isNotSameAs(first);
        assertThat(changed.get(0)).isSameAs(first.get(0));
        assertThat(plan("[\"a\",\"B\"]").models()).as("a shorter prefix of the last list").containsExactly("a", "B");
        assertThat(plan("[]").models()).isEmpty();
        assertThat(plan("[\"a\",\"b\",\"c\"]").models()).containsExactly("a", "b", "c");
    }

    @Test
    void namesWithEscapesAndNonAsciiCharactersAreComparedAsText() throws Exception {
        List<String> first = plan("[\"caf\\u00e9\",\"na\\\"me\",\"日本\"]").models();
        assertThat(first).containsExactly("café", "na\"me", "日本");
        assertThat(plan("[\"café\",\"na\\\"me\",\"日本\"]").models()).isSameAs(first);
        assertThat(plan("[\"cafe\",\"na\\\"me\",\"日本\"]").models()).containsExactly("cafe", "na\"me", "日本");
    }

    @Test
    void anythingButAnArrayOfStringsIsAMismatch() {
        for (String bad : List.of("[\"a\",null]", "[\"a\",1]", "\"a\"", "{\"a\":1}", "[[\"a\"]]", "[true]")) {
            assertThatThrownBy(() -> plan(bad)).as(bad).isInstanceOf(MismatchedInputException.class);
        }
    }

    @Test
    void theRecordedPlanReadsItsModels() throws Exception {
        byte[] recorded = RockyContract.read("fixtures/plan.json").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        PlanOutput out = RockyJson.mapper().readValue(recorded, PlanOutput.class);
        assertThat(out.models()).containsExactly("raw_orders", "revenue_summary", "customer_orders");
        assertThat(RockyJson.mapper().readValue(recorded, PlanOutput.class).models()).isSameAs(out.models());
    }
}
