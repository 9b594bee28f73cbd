package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.contract.RockyContract;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PlanOutput#read} gives what the shared mapper gives ({@link RockyJson#read}) for every
 * document, the same value or the same refusal with the same message, while it reads the tail a
 * previous plan printed byte for byte without tokenizing it again: the recorded plan, seeded
 * series of plans of one project, and seeded byte-level mutations of a plan read right after the
 * plan it was made from.
 */
class PlanTailReaderTest {

    @BeforeEach
    void nothingKept() {
        PlanTailReader.forget();
    }

    /** What reading a document gave: its value, or the refusal's type and message. */
    private record Outcome(Object value) {
    }

    private static Outcome full(byte[] json) {
        try {
            return new Outcome(RockyJson.read(json, PlanOutput.class));
        } catch (Exception e) {
            return new Outcome(e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static Outcome tail(byte[] json) {
        try {
            return new Outcome(PlanOutput.read(json));
        } catch (Exception e) {
            return new Outcome(e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /**
     * A plan as rocky prints it (indented by two spaces, or compact), with {@code statements}
     * statements for {@code filter} and the project's {@code models} and layers after them.
     */
    private static byte[] plan(String filter, int statements, List<String> models, boolean indented, String extraHead) {
        String nl = indented ? "\n  " : "";
        String sp = indented ? " " : "";
        StringBuilder b = new StringBuilder("{").append(nl).append("\"version\":").append(sp).append("\"1.71.0\",").append(nl)
                .append("\"command\":").append(sp).append("\"plan\",").append(nl)
                .append("\"filter\":").append(sp).append('"').append(filter).append("\",").append(nl)
                .append("\"statements\":").append(sp).append('[');
        for (int i = 0; i < statements; i++) {
            b.append(i == 0 ? "" : ",").append(nl).append(sp).append("{\"purpose\":").append(sp).append("\"full_refresh_copy\",")
                    .append("\"target\":").append(sp).append("\"s.t").append(i).append("\",\"sql\":").append(sp)
                    .append("\"CREATE OR REPLACE TABLE s.t").append(i).append(" AS\\nSELECT *\"}");
        }
        b.append(nl).append("],").append(nl).append(extraHead)
                .append("\"plan_id\":").append(sp).append('"').append(String.format("%08x", filter.hashCode()).repeat(8)).append("\",")
                .append(nl).append("\"plan_kind\":").append(sp).append("\"run\",").append(nl)
                .append("\"created_at\":").append(sp).append("\"2026-12-07T00:00:00Z\",").append(nl)
                .append("\"models\":").append(sp).append('[');
        for (int i = 0; i < models.size(); i++) {
            b.append(i == 0 ? "" : ",").append(nl).append(sp).append('"').append(models.get(i)).append('"');
        }
        b.append(nl).append("],").append(nl).append("\"execution_layers\":").append(sp).append('[');
        for (int i = 0; i < models.size(); i++) {
            b.append(i == 0 ? "" : ",").append(nl).append(sp).append("[\"").append(models.get(i)).append("\"]");
        }
        b.append(nl).append(']').append(indented ? "\n" : "").append("}\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> models(Random random) {
        List<String> out = new ArrayList<>();
        int n = 1 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            out.add(random.nextInt(10) == 0 ? "mod\\u00e9l_" + i : "model_" + random.nextInt(1_000) + "_" + i);
        }
        return out;
    }

    @Test
    void theRecordedPlanReadTwiceTakesItsTailTheSecondTime() {
        byte[] recorded = RockyContract.read("fixtures/plan.json").getBytes(StandardCharsets.UTF_8);
        int before = PlanTailReader.tailsTaken();
        assertThat(tail(recorded)).isEqualTo(full(recorded));
        assertThat(PlanTailReader.tailsTaken()).isEqualTo(before);
        Outcome second = tail(recorded);
        assertThat(second).isEqualTo(full(recorded));
        assertThat(PlanTailReader.tailsTaken()).isEqualTo(before + 1);
        assertThat(((PlanOutput) second.value()).models()).containsExactly("raw_orders", "revenue_summary", "customer_orders");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aSeriesOfPlansOfOneProjectTakesEachRepeatedTailAndGivesTheFullReadsValues(long seed) {
        Random random = new Random(seed);
        List<String> models = models(random);
        boolean indented = random.nextBoolean();
        int before = PlanTailReader.tailsTaken();
        int plans = 20;
        for (int i = 0; i < plans; i++) {
            byte[] json = plan("id=source_" + random.nextInt(1_000), random.nextInt(6), models, indented, "");
            assertThat(tail(json)).as("plan " + i).isEqualTo(full(json));
        }
        assertThat(PlanTailReader.tailsTaken() - before).as("every plan after the first").isEqualTo(plans - 1);

        List<String> changed = new ArrayList<>(models);
        changed.add("model_added");
        byte[] other = plan("id=other", 2, changed, indented, "");
        assertThat(tail(other)).isEqualTo(full(other));
        assertThat(((PlanOutput) tail(other).value()).models()).as("the changed project's tail, kept in turn")
                .isEqualTo(((PlanOutput) full(other).value()).models()).hasSize(changed.size()).endsWith("model_added");
        assertThat(PlanTailReader.tailsTaken() - before).isEqualTo(plans);
    }

    @Test
    void plansOfProjectsReadInTurnEachTakeTheirProjectsTailUpToTheKeptNumberOfProjects() {
        List<List<String>> projects = new ArrayList<>();
        for (int p = 0; p <= PlanTailReader.MAX_KEPT_TAILS; p++) {
            projects.add(List.of("p" + p + "_a", "p" + p + "_b", "shared"));
        }
        int before = PlanTailReader.tailsTaken();
        for (int round = 0; round < 3; round++) {
            for (int p = 0; p < PlanTailReader.MAX_KEPT_TAILS; p++) {
                byte[] json = plan("id=r" + round + "p" + p, 1 + p, projects.get(p), true, "");
                assertThat(tail(json)).isEqualTo(full(json));
            }
        }
        assertThat(PlanTailReader.tailsTaken() - before).as("every plan after each project's first")
                .isEqualTo(2 * PlanTailReader.MAX_KEPT_TAILS);

        byte[] extra = plan("id=extra", 1, projects.get(PlanTailReader.MAX_KEPT_TAILS), true, "");
        assertThat(tail(extra)).isEqualTo(full(extra));
        int afterExtra = PlanTailReader.tailsTaken();
        byte[] oldest = plan("id=again", 1, projects.get(0), true, "");
        assertThat(tail(oldest)).isEqualTo(full(oldest));
        assertThat(PlanTailReader.tailsTaken()).as("the oldest project's tail was dropped for the extra one").isEqualTo(afterExtra);
        byte[] newest = plan("id=again", 1, projects.get(PlanTailReader.MAX_KEPT_TAILS), true, "");
        assertThat(tail(newest)).isEqualTo(full(newest));
        assertThat(PlanTailReader.tailsTaken()).isEqualTo(afterExtra + 1);
    }

    @Test
    void aHeadThatRepeatsAKeyOfTheKeptTailIsRefusedAsTheFullReadRefusesIt() {
        List<String> models = List.of("a", "b");
        tail(plan("id=x", 1, models, true, ""));
        byte[] repeated = plan("id=y", 1, models, true, "\"execution_layers\": [],\n  ");
        Outcome outcome = tail(repeated);
        assertThat(outcome).isEqualTo(full(repeated));
        assertThat(outcome.value()).asString().contains("Duplicate field 'execution_layers'");
    }

    @Test
    void aHeadTheMapperRefusesIsRefusedWithTheFullReadsMessage() {
        List<String> models = List.of("a", "b");
        tail(plan("id=x", 1, models, true, ""));
        int before = PlanTailReader.tailsTaken();
        for (String bad : List.of("\"statements\": 3,\n  ", "\"plan_kind\": 7,\n  ", "\"version\": \"again\",\n  ")) {
            byte[] json = plan("id=y", 1, models, true, bad);
            Outcome outcome = tail(json);
            assertThat(outcome).as(bad).isEqualTo(full(json));
            assertThat(outcome.value()).as(bad).isInstanceOf(String.class);
        }
        byte[] noFilter = new String(plan("id=y", 1, models, true, ""), StandardCharsets.UTF_8).replace("\"filter\": \"id=y\",", "")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(tail(noFilter)).isEqualTo(full(noFilter));
        assertThat(tail(noFilter).value()).asString().contains("filter");
        assertThat(PlanTailReader.tailsTaken()).as("no refused head was taken").isEqualTo(before);
    }

    @Test
    void aKeptTailAfterAStrayCommaOrWithoutOneIsRefusedAsTheFullReadRefusesIt() {
        List<String> models = List.of("a", "b");
        String original = new String(plan("id=x", 1, models, true, ""), StandardCharsets.UTF_8);
        tail(original.getBytes(StandardCharsets.UTF_8));
        int tailAt = original.indexOf("\"models\"");
        String tailText = original.substring(tailAt);
        String head = original.substring(0, tailAt);
        List<String> docs = List.of(
                "{\n  ,\n  " + tailText, // a comma straight after the root's brace
                "{\n  " + tailText, // the tail alone: no required field
                head.substring(0, head.lastIndexOf(',')) + "\n  " + tailText, // no comma before the tail
                head.substring(0, head.lastIndexOf(',')) + ",,\n  " + tailText, // two commas
                head + "\"extra\": {\n  " + tailText, // the tail inside a nested object
                head + "\"note\": \"x,\n  " + tailText); // the tail inside a string
        int before = PlanTailReader.tailsTaken();
        for (String doc : docs) {
            byte[] json = doc.getBytes(StandardCharsets.UTF_8);
            assertThat(tail(json)).as(doc).isEqualTo(full(json));
            assertThat(full(json).value()).as(doc).isInstanceOf(String.class);
        }
        assertThat(PlanTailReader.tailsTaken()).isEqualTo(before);
    }

    @Test
    void aTailThatHoldsABoundFieldIsNeverKept() {
        String json = "{\"version\":\"1.71.0\",\"command\":\"plan\",\"statements\":[],\"models\":[\"a\"],\"filter\":\"id=x\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int before = PlanTailReader.tailsTaken();
        assertThat(tail(bytes)).isEqualTo(full(bytes));
        assertThat(tail(bytes)).isEqualTo(full(bytes));
        assertThat(PlanTailReader.tailsTaken()).isEqualTo(before);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 400);
    }

    /**
     * A plan, then the same plan with one to three bytes replaced, deleted or inserted (in its
     * head more often than its tail): the mutated one reads as the full read reads it.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aMutatedPlanReadAfterItsOriginalReadsAsTheFullReadReadsIt(long seed) {
        Random random = new Random(seed);
        List<String> models = models(random);
        boolean indented = random.nextBoolean();
        byte[] original = plan("id=s" + seed, random.nextInt(4), models, indented, "");
        tail(original);
        byte[] mutated = mutated(original, random);
        assertThat(tail(mutated)).isEqualTo(full(mutated));
    }

    @Test
    void mostMutationsOfTheHeadStillTakeTheTail() {
        int before = PlanTailReader.tailsTaken();
        for (long seed = 1; seed <= 400; seed++) {
            aMutatedPlanReadAfterItsOriginalReadsAsTheFullReadReadsIt(seed);
        }
        assertThat(PlanTailReader.tailsTaken() - before).as("mutations read through a kept tail").isGreaterThan(40);
    }

    private static final byte[] MUTANTS = "{}[],:\" \n\\0a-tue".getBytes(StandardCharsets.UTF_8);

    private static byte[] mutated(byte[] original, Random random) {
        String text = new String(original, StandardCharsets.UTF_8);
        int tailAt = text.indexOf("\"models\"");
        List<Byte> bytes = new ArrayList<>();
        for (byte b : original) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(4) == 0 ? tailAt + random.nextInt(bytes.size() - tailAt) : random.nextInt(tailAt + 1);
            at = Math.min(at, bytes.size() - 1);
            byte b = MUTANTS[random.nextInt(MUTANTS.length)];
            switch (random.nextInt(3)) {
                case 0 -> bytes.set(at, b);
                case 1 -> bytes.remove(at);
                default -> bytes.add(at, b);
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }
}
