package dev.rocky.state.codec;

import dev.rocky.json.CompileOutput;
import dev.rocky.json.DagOutput;
import dev.rocky.json.DiscoverOutput;
import dev.rocky.json.RockyJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.contract.RockyContract;
import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.state.RockyOutput;
import dev.rocky.core.state.DagStatus;
import dev.rocky.core.state.DefsState;
import dev.rocky.core.state.Fingerprint;
import dev.rocky.core.state.StateDraft;
import dev.rocky.core.state.StateSlots;
import dev.rocky.core.state.StoredState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The state document: every field round-trips, slots keep rocky's bytes, old documents still load. */
class JsonStateCodecTest {

    private final JsonStateCodec codec = new JsonStateCodec();

    private static <T> RockyOutput<T> output(String fixture, Class<?> dto) throws Exception {
        byte[] bytes = RockyContract.read("fixtures/" + fixture + ".json").getBytes(StandardCharsets.UTF_8);
        Object parsed = RockyJson.mapper().readValue(bytes, dto);
        Object domain = parsed.getClass().getMethod("toDomain").invoke(parsed);
        @SuppressWarnings("unchecked")
        T value = (T) domain;
        return new RockyOutput<>(value, bytes, 0);
    }

    private StateDraft draft() throws Exception {
        RockyOutput<DiscoverResult> discover = output("discover", DiscoverOutput.class);
        RockyOutput<CompileResult> compile = output("compile", CompileOutput.class);
        RockyOutput<DagResult> dag = output("dag", DagOutput.class);
        return new StateDraft(new StateSlots(discover, Optional.of(compile), Optional.empty(), Optional.of(dag)), DagStatus.SUCCESS,
                Optional.empty(), Map.of("optimize", "rocky optimize timed out"), Set.of(),
                Optional.of(Fingerprint.of(Map.of("models", "m1", "rocky.toml", "r1"))), Instant.parse("2026-11-21T10:00:00Z"));
    }

    /** What a refresh would store for this stdout, parsed as the process adapter parses it. */
    private static RockyOutput<DiscoverResult> discoverFrom(byte[] stdout) throws Exception {
        DiscoverOutput dto = RockyJson.mapper().readValue(stdout, DiscoverOutput.class);
        return new RockyOutput<>(dto.toDomain(), stdout, 0);
    }

    private StateDraft draftWith(RockyOutput<DiscoverResult> discover) {
        return new StateDraft(new StateSlots(discover, Optional.empty(), Optional.empty(), Optional.empty()), DagStatus.DISABLED,
                Optional.empty(), Map.of(), Set.of(), Optional.empty(), Instant.parse("2026-11-21T10:00:00Z"));
    }

    @Test
    void stdoutWithAByteOrderMarkIsStoredWithoutIt() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] json = RockyContract.read("fixtures/discover.json").getBytes(StandardCharsets.UTF_8);
        byte[] stdout = new byte[bom.length + json.length + 1];
        System.arraycopy(bom, 0, stdout, 0, 3);
        System.arraycopy(json, 0, stdout, 3, json.length);
        stdout[stdout.length - 1] = '\n';
        RockyOutput<DiscoverResult> discover = discoverFrom(stdout);
        byte[] document = codec.encode(draftWith(discover));
        assertThat(new String(document, StandardCharsets.UTF_8)).doesNotContain("\uFEFF");
        assertThat(codec.decode(new StoredState(document, "mem")).discover()).isEqualTo(discover.value());
    }

    @Test
    void anyNestingRockysParserAcceptsStillLoadsInsideTheState() throws Exception {
        int limit = RockyJson.mapper().getFactory().streamReadConstraints().getMaxNestingDepth();
        String json = RockyContract.read("fixtures/discover.json").strip();
        // an unknown field as deep as rocky's parser allows: the object itself is one level, the field's arrays the rest
        String deep = "[".repeat(limit - 1) + "]".repeat(limit - 1);
        byte[] stdout = (json.substring(0, json.length() - 1) + ",\"x_future\":" + deep + "}").getBytes(StandardCharsets.UTF_8);
        RockyOutput<DiscoverResult> discover = discoverFrom(stdout);
        DefsState state = codec.decode(new StoredState(codec.encode(draftWith(discover)), "mem"));
        assertThat(state.discover()).isEqualTo(discover.value());
    }

    @Test
    void everyFieldRoundTrips() throws Exception {
        StateDraft draft = draft();
        DefsState state = codec.decode(new StoredState(codec.encode(draft), "mem", Optional.of("v1")));
        assertThat(state.formatVersion()).isEqualTo(DefsState.FORMAT_VERSION);
        assertThat(state.discover()).isEqualTo(draft.slots().discover().value());
        assertThat(state.compile()).contains(draft.slots().compile().get().value());
        assertThat(state.optimize()).isEmpty();
        assertThat(state.dag()).contains(draft.slots().dag().get().value());
        assertThat(state.dagStatus()).contains(DagStatus.SUCCESS);
        assertThat(state.slotErrors()).containsExactly(Map.entry("optimize", "rocky optimize timed out"));
        assertThat(state.fingerprint()).isEqualTo(draft.fingerprint());
        assertThat(state.writtenAt()).contains(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(state.storeVersion()).contains("v1");
    }

    /**
     * A slot keeps rocky's tokens byte for byte and drops the whitespace between them: the recorded
     * stdout is indented, the stored slot is the same text without it, and it reads as the same
     * tree; carried forward, it is stored again unchanged.
     */
    @Test
    void slotsKeepRockysTokensWithoutTheWhitespaceForCarryingForward() throws Exception {
        StateDraft draft = draft();
        byte[] encoded = codec.encode(draft);
        StateSlots slots = codec.slots(new StoredState(encoded, "mem"));
        byte[] rocky = draft.slots().discover().json();
        assertThat(new String(slots.discover().json(), StandardCharsets.UTF_8)).isEqualTo(compact(rocky));
        assertThat(slots.discover().json().length).as("the recording is indented").isLessThan(rocky.length * 9 / 10);
        assertThat(RockyJson.mapper().readTree(slots.discover().json())).isEqualTo(RockyJson.mapper().readTree(rocky));
        assertThat(new String(slots.dag().orElseThrow().json(), StandardCharsets.UTF_8))
                .isEqualTo(compact(draft.slots().dag().get().json()));
        assertThat(slots.compile().orElseThrow().value()).isEqualTo(draft.slots().compile().get().value());
        StateDraft again = new StateDraft(slots, DagStatus.SUCCESS, Optional.empty(), Map.of(), Set.of("discover"), Optional.empty(),
                Instant.EPOCH);
        assertThat(codec.decode(new StoredState(codec.encode(again), "mem")).discover()).isEqualTo(draft.slots().discover().value());
        assertThat(codec.slots(new StoredState(codec.encode(again), "mem")).discover().json()).isEqualTo(slots.discover().json());
    }

    /** {@code json} as {@link CompactJson} copies it (which {@code CompactJsonTest} holds to the text without whitespace). */
    private static String compact(byte[] json) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        CompactJson.copy(json, 0, json.length, out);
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void aStateWrittenBeforeDagStatusDecodesWithNoStatus() {
        String legacy = "{\"format_version\":1,\"discover\":" + RockyContract.read("fixtures/discover.json") + "}";
        DefsState state = codec.decode(new StoredState(legacy.getBytes(StandardCharsets.UTF_8), "legacy"));
        assertThat(state.recordedDagStatus()).isEmpty();
        assertThat(state.fingerprint()).isEmpty();
    }

    /**
     * dagster-rocky's {@code write_state_to_path} writes {@code json.dumps(state, indent=2)} with the
     * slots {@code discover}, {@code compile}, {@code optimize}, {@code dag} and {@code dag_status}, and
     * no {@code format_version}: migrating users' existing state loads as is.
     */
    @Test
    void aStateFileWrittenByDagsterRockyDecodesAsItsOwnFormat() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode doc = m.createObjectNode();
        doc.set("discover", m.readTree(RockyContract.read("fixtures/discover.json")));
        doc.set("compile", m.readTree(RockyContract.read("fixtures/compile.json")));
        doc.put("dag_status", "disabled");
        byte[] written = m.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);

        DefsState state = codec.decode(new StoredState(written, "dagster-rocky"));

        assertThat(state.writtenByDagsterRocky()).isTrue();
        assertThat(state.formatVersion()).isEqualTo(DefsState.DAGSTER_ROCKY_FORMAT);
        assertThat(state.discover().sources()).isNotEmpty();
        assertThat(state.compile()).isPresent();
        assertThat(state.recordedDagStatus()).contains("disabled");

        String noDiscover = "{\"compile\": " + RockyContract.read("fixtures/compile.json") + "}";
        assertThatThrownBy(() -> codec.decode(new StoredState(noDiscover.getBytes(StandardCharsets.UTF_8), "x")))
                .isInstanceOfSatisfying(StateException.class, e -> assertThat(e.getMessage()).contains("discover slot is missing"));
    }

    @Test
    void anUnknownDagStatusIsKeptForTheLoadToJudge() {
        String doc = "{\"format_version\":1,\"dag_status\":\"partial\",\"discover\":" + RockyContract.read("fixtures/discover.json") + "}";
        DefsState state = codec.decode(new StoredState(doc.getBytes(StandardCharsets.UTF_8), "x"));
        assertThat(state.recordedDagStatus()).contains("partial");
        assertThat(state.dagStatus()).isEmpty();
    }

    @Test
    void aMalformedFingerprintIsACorruptState() {
        String doc = "{\"format_version\":1,\"fingerprint\":{\"digest\":3},\"discover\":" + RockyContract.read("fixtures/discover.json") + "}";
        assertThatThrownBy(() -> codec.decode(new StoredState(doc.getBytes(StandardCharsets.UTF_8), "x")))
                .isInstanceOfSatisfying(StateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT);
                    assertThat(e.getMessage()).contains("$.fingerprint");
                });
    }

    @Test
    void anUnreadableWrittenAtIsACorruptStateNamingTheField() {
        String doc = "{\"format_version\":1,\"written_at\":\"yesterday\",\"discover\":" + RockyContract.read("fixtures/discover.json") + "}";
        assertThatThrownBy(() -> codec.decode(new StoredState(doc.getBytes(StandardCharsets.UTF_8), "x")))
                .isInstanceOfSatisfying(StateException.class, e -> assertThat(e.getMessage()).contains("$.written_at")
                        .contains("rocky-component refresh"));
    }

    @Test
    void aDagSlotOfTheWrongShapeNamesItsPath() {
        String doc = "{\"format_version\":1,\"dag_status\":\"success\",\"discover\":" + RockyContract.read("fixtures/discover.json")
                + ",\"dag\":{\"version\":\"1\",\"command\":\"dag\",\"nodes\":[{\"id\":\"x\"}],\"edges\":[],\"execution_layers\":[],"
                + "\"summary\":{}}}";
        assertThatThrownBy(() -> codec.decode(new StoredState(doc.getBytes(StandardCharsets.UTF_8), "x")))
                .isInstanceOfSatisfying(StateException.class, e -> assertThat(e.getMessage()).contains("$.dag.nodes[0]"));
    }

    @Test
    void aNullSlotOrAValueTheDomainRefusesIsACorruptStateNotACrash() {
        String discover = RockyContract.read("fixtures/discover.json");
        String nullComponents = discover.replace("\"components\": {", "\"components\": null, \"x\": {");
        assertThat(nullComponents).isNotEqualTo(discover);
        for (String doc : List.of("{\"format_version\":1,\"discover\":null}",
                "{\"format_version\":1,\"discover\":" + discover + ",\"compile\":null}",
                "{\"format_version\":1,\"discover\":" + discover + ",\"lineage\":null}",
                "{\"format_version\":1,\"discover\":" + discover.replace("\"sources\": [", "\"sources\": [null, ") + "}",
                "{\"format_version\":1,\"discover\":" + nullComponents + "}")) {
            assertThatThrownBy(() -> codec.decode(new StoredState(doc.getBytes(StandardCharsets.UTF_8), "x"))).as(doc)
                    .isInstanceOfSatisfying(StateException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT);
                        assertThat(e.getMessage()).contains("$.").contains("rocky-component refresh");
                    });
        }
    }

    @Test
    void aRepeatedKeyOutsideTheSlotsIsACorruptStateAndInsideOneTheLastValueIsRead() {
        String discover = RockyContract.read("fixtures/discover.json");
        for (String doc : List.of("{\"format_version\":1,\"discover\":" + discover + ",\"discover\":" + discover + "}",
                "{\"format_version\":1,\"dag_status\":\"disabled\",\"discover\":" + discover + ",\"dag_status\":\"success\"}",
                "{\"format_version\":1,\"fingerprint\":{\"digest\":\"a\",\"digest\":\"b\",\"parts\":{}},\"discover\":" + discover
                        + "}")) {
            assertThatThrownBy(() -> codec.decode(new StoredState(doc.getBytes(StandardCharsets.UTF_8), "x"))).as(doc)
                    .isInstanceOfSatisfying(StateException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT);
                        assertThat(e.getMessage()).containsAnyOf("appears twice", "Duplicate field");
                    });
        }
        // Inside a slot (rocky's output, checked when the refresh read it) a repeat is read as Python's json reads it.
        String repeated = discover.replaceFirst("\"version\": \"[^\"]*\"", "\"version\": \"0.0.1\", \"version\": \"9.9.9\"");
        assertThat(repeated).isNotEqualTo(discover);
        DefsState state = codec.decode(new StoredState(("{\"format_version\":1,\"discover\":" + repeated + "}")
                .getBytes(StandardCharsets.UTF_8), "x"));
        assertThat(state.discover().version()).isEqualTo("9.9.9");
    }

    /**
     * Whatever the envelope holds before a slot, a key repeated at any depth inside the slot is read
     * as Python's json reads it (the last value), and one repeated at any depth of the envelope's
     * own values is refused: the parser's check is not left on inside the slots by a context it
     * opened for the envelope (it once was, below the depth of the fingerprint's parts).
     */
    @Test
    void repeatedKeysAreFoundByDepthOfThePartNotByWhatCameBefore() {
        String discover = RockyContract.read("fixtures/discover.json");
        String fingerprint = "\"fingerprint\":{\"digest\":\"a\",\"parts\":{\"models\":\"m\"}}";
        String deep = discover.replaceFirst("\"source_type\": \"([^\"]*)\"", "\"source_type\": \"first\", \"source_type\": \"$1\"");
        assertThat(deep).isNotEqualTo(discover);
        for (String doc : List.of("{\"format_version\":1," + fingerprint + ",\"discover\":" + deep + "}",
                "{\"format_version\":1,\"discover\":" + deep + "," + fingerprint + "}")) {
            DefsState state = codec.decode(new StoredState(doc.getBytes(StandardCharsets.UTF_8), "x"));
            assertThat(state.discover().sources().get(0).sourceType()).as(doc).isNotEqualTo("first");
        }
        String repeatedPart = "\"fingerprint\":{\"digest\":\"a\",\"parts\":{\"models\":\"m\",\"models\":\"n\"}}";
        for (String doc : List.of("{\"format_version\":1," + repeatedPart + ",\"discover\":" + discover + "}",
                "{\"format_version\":1,\"discover\":" + discover + "," + repeatedPart + "}",
                "{\"format_version\":1,\"discover\":" + discover + ",\"slot_errors\":{\"compile\":\"a\",\"compile\":\"b\"}}")) {
            assertThatThrownBy(() -> codec.decode(new StoredState(doc.getBytes(StandardCharsets.UTF_8), "x"))).as(doc)
                    .isInstanceOfSatisfying(StateException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT);
                        assertThat(e.getMessage()).contains("Duplicate field");
                    });
        }
    }

    /** Every document a decode is asked to read in these tests, good and bad, and seeded cuts of a good one. */
    private List<String> documents() throws Exception {
        String discover = RockyContract.read("fixtures/discover.json");
        String good = new String(codec.encode(draft()), StandardCharsets.UTF_8);
        List<String> docs = new java.util.ArrayList<>(List.of(good,
                "{\"format_version\":1,\"discover\":" + discover + "}",
                "{\"discover\":" + discover + "}",
                "{\"format_version\":99,\"discover\":" + discover + "}",
                "{\"format_version\":1}",
                "{\"format_version\":1,\"discover\":null}",
                "{\"format_version\":1,\"discover\":" + discover + ",\"discover\":" + discover + "}",
                "{\"format_version\":1,\"written_at\":\"yesterday\",\"discover\":" + discover + "}",
                "{\"format_version\":1,\"discover\":" + discover.replace("\"sources\": [", "\"sources\": [null, ") + "}",
                "{\"format_version\":1,\"discover\":" + discover + "} trailing",
                "[1]", ""));
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 12; i++) {
            docs.add(good.substring(0, random.nextInt(good.length())));
        }
        return docs;
    }

    /** What a decode of a document does: "ok", or the error's code and message. */
    private String decodeOutcome(String doc) {
        try {
            codec.decode(new StoredState(doc.getBytes(StandardCharsets.UTF_8), "mem"));
            return "ok";
        } catch (StateException e) {
            return e.code() + ": " + e.getMessage();
        }
    }

    @Test
    void theStreamedCheckRefusesWhatTheLoadRefusesWithTheSameErrorAndAcceptsTheRest() throws Exception {
        int refused = 0;
        for (String doc : documents()) {
            String expected = decodeOutcome(doc);
            String checked;
            try {
                codec.check(new java.io.ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), "mem");
                checked = "ok";
            } catch (StateException e) {
                checked = e.code() + ": " + e.getMessage();
            }
            assertThat(checked).as(doc.length() > 200 ? doc.substring(0, 200) + "..." : doc).isEqualTo(expected);
            refused += expected.equals("ok") ? 0 : 1;
        }
        assertThat(refused).as("documents the load refuses").isGreaterThan(10);
    }

    /**
     * Seeded stdouts with JSON whitespace (and a byte-order mark) around them: the streamed document
     * holds each slot's bytes without them and without the whitespace between their tokens, the rest
     * of the document as the generator writes it.
     */
    @Test
    void theStreamedDocumentHoldsEachSlotsBytesWithoutTheWhitespaceAndMarkAroundThem() throws Exception {
        String json = RockyContract.read("fixtures/discover.json").strip();
        java.util.Random random = new java.util.Random(11);
        String spaces = " \t\r\n";
        for (int i = 0; i < 20; i++) {
            StringBuilder before = new StringBuilder();
            StringBuilder after = new StringBuilder();
            for (int k = random.nextInt(4); k > 0; k--) {
                before.append(spaces.charAt(random.nextInt(4)));
                after.append(spaces.charAt(random.nextInt(4)));
            }
            String stdout = (i % 2 == 0 ? "\uFEFF" : "") + before + json + after;
            StateDraft draft = draftWith(discoverFrom(stdout.getBytes(StandardCharsets.UTF_8)));
            java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
            codec.encode(draft, streamed);
            assertThat(streamed.toString(StandardCharsets.UTF_8)).isEqualTo("{\"format_version\":" + DefsState.FORMAT_VERSION
                    + ",\"written_at\":\"2026-11-21T10:00:00Z\",\"dag_status\":\"disabled\",\"discover\":"
                    + compact(json.getBytes(StandardCharsets.UTF_8)) + "}");
            assertThat(streamed.toByteArray()).isEqualTo(codec.encode(draft));
        }
    }

    /** The state's parser keeps rocky's read constraints, read without making rocky's mapper, and 8 more levels. */
    @Test
    void theStatesReadConstraintsAreRockysWithRoomForTheEnvelope() {
        com.fasterxml.jackson.core.StreamReadConstraints rocky = dev.rocky.json.RockyJson.mapper().getFactory().streamReadConstraints();
        com.fasterxml.jackson.core.StreamReadConstraints state = JsonStateCodec.stateConstraints();
        assertThat(state.getMaxNestingDepth()).isEqualTo(rocky.getMaxNestingDepth() + 8);
        assertThat(List.of(state.getMaxStringLength(), state.getMaxNumberLength(), state.getMaxNameLength()))
                .isEqualTo(List.of(rocky.getMaxStringLength(), rocky.getMaxNumberLength(), rocky.getMaxNameLength()));
        assertThat(state.getMaxDocumentLength()).isEqualTo(rocky.getMaxDocumentLength());
    }
}
