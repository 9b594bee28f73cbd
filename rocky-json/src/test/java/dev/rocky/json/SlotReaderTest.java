package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rocky.contract.RockyContract;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SlotReader} against the shared mapper's binding of the same DTOs: on every recording of
 * {@code discover}, {@code compile} and {@code optimize}, on two synthetic documents that hold every
 * field the recordings leave out (written from the schemas, and checked against them), and on
 * seeded mutations of each (a field
 * removed, set to {@code null}, given a value of another kind, a list element nulled, unknown
 * fields added at any depth), both accept the same documents with equal DTOs, or both refuse them
 * at the same JSON path; and the domain path ({@code discoverResult}, {@code compileResult},
 * {@code optimizeResult}) gives on each what the DTO's {@code toDomain()} gives, or the same refusal.
 */
class SlotReaderTest {

    @FunctionalInterface
    interface Read {
        Object read(JsonParser p) throws IOException;
    }

    private static final List<String> COMMANDS = List.of("discover", "compile", "optimize");

    private static Read slotReader(String command) {
        return switch (command) {
            case "discover" -> SlotReader::discover;
            case "compile" -> SlotReader::compile;
            default -> SlotReader::optimize;
        };
    }

    private static ObjectReader mapperReader(String command) {
        Class<?> type = switch (command) {
            case "discover" -> DiscoverOutput.class;
            case "compile" -> CompileOutput.class;
            default -> OptimizeOutput.class;
        };
        return RockyJson.mapper().readerFor(type);
    }

    /**
     * Synthetic (never printed by the binary; written from discover.schema.json): every optional
     * field of a discover document, which the one recording leaves out.
     */
    static final String SYNTHETIC_DISCOVER = """
            {"version": "1.71.0", "command": "discover",
             "sources": [
               {"id": "src_1", "components": {"tenant": "acme", "regions": ["us_west", "eu"], "gone": null, "n": 3, "o": {"b": 1, "a": [true]}},
                "source_type": "fivetran", "last_sync_at": null,
                "tables": [{"name": "orders", "row_count": 12}, {"name": "refunds", "row_count": null}, {"name": "misc"}],
                "metadata": {"fivetran/service": "shopify", "fivetran/paused": false, "fivetran/extra": {"z": 1.5, "y": null}, "nothing": null}},
               {"id": "src_2", "components": {}, "source_type": "manual", "last_sync_at": "2026-11-01T00:00:00Z", "tables": []}],
             "checks": {"freshness": {"threshold_seconds": 3600},
                        "configured_checks": {"orders": [{"kind": "custom", "name": "orders_positive"},
                                                         {"kind": "cross_source_overlap", "name": "overlap_orders", "candidate": true}],
                                              "refunds": []}},
             "failed_sources": [{"id": "src_3", "schema": "raw__x", "source_type": "fivetran", "error_class": "transient",
                                 "message": "timeout", "cooldown_seconds": 30},
                                {"id": "src_4", "schema": "raw__y", "source_type": "fivetran", "error_class": "auth", "message": "denied"}],
             "collision_candidates": [{"external_object_id": "act_1", "sources": ["raw__a", "raw__b"]}],
             "new_sources": ["raw__a"]}
            """;

    /** Synthetic (written from compile.schema.json): a model with dependencies, freshness and tags. */
    static final String SYNTHETIC_COMPILE = """
            {"version": "1.71.0", "command": "compile", "models": 2, "has_errors": true, "execution_layers": 2,
             "compile_timings": {"project_load_ms": 1, "semantic_graph_ms": 0, "typecheck_ms": 2, "typecheck_join_keys_ms": 0,
                                 "contracts_ms": 0, "total_ms": 3},
             "diagnostics": [{"severity": "Error", "code": "E001", "message": "bad", "model": "b"}],
             "models_detail": [
               {"name": "a", "strategy": {"type": "full_refresh"}, "target": {"catalog": "c", "schema": "s", "table": "a"},
                "depends_on": [], "freshness": {"max_lag_seconds": 86400}, "tags": {"owner": "data", "tier": "1"}},
               {"name": "b", "strategy": {"type": "time_interval", "granularity": "day", "time_column": "d", "lookback": 0, "batch_size": 1,
                                          "first_partition": "2026-01-01"},
                "target": {"catalog": "c", "schema": "s", "table": "b"}, "depends_on": ["a"], "freshness": null, "tags": {}}]}
            """;

    private static final String SYNTHETIC = "synthetic/";

    private static String document(String input) {
        return switch (input) {
            case SYNTHETIC + "discover" -> SYNTHETIC_DISCOVER;
            case SYNTHETIC + "compile" -> SYNTHETIC_COMPILE;
            default -> RockyContract.read(input);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("synthetic")
    void theSyntheticDocumentsAreValidAgainstTheirSchemas(String input) {
        JsonNode payload = ContractSchemas.tree(document(input));
        assertThat(ContractSchemas.validate(ContractSchemas.schemaNameFor(payload).orElseThrow(), payload)).isEmpty();
    }

    static List<String> synthetic() {
        return List.of(SYNTHETIC + "discover", SYNTHETIC + "compile");
    }

    /** Every recording of the three commands, by path, and the synthetic documents. */
    static List<String> inputs() {
        List<String> out = new ArrayList<>(recordings());
        out.addAll(synthetic());
        return out;
    }

    /** Every recording of the three commands, by path. */
    static List<String> recordings() {
        List<String> out = new ArrayList<>();
        for (String fixture : RockyContract.fixtures()) {
            String command = commandOf(RockyContract.read(fixture));
            if (COMMANDS.contains(command)) {
                out.add(fixture);
            }
        }
        return out;
    }

    /** @return the document's top-level {@code command} */
    private static String commandOf(String json) {
        return ContractSchemas.tree(json).path("command").asText();
    }

    /**
     * A document the tests bind: its text and the command of the recording it comes from.
     *
     * @param command the recording's top-level {@code command}
     * @param json the document's text
     */
    private record Doc(String command, String json) {
        /** @return an input as recorded ({@link #document}) */
        static Doc recorded(String fixture) {
            String json = document(fixture);
            return new Doc(commandOf(json), json);
        }

        /** @return an input mutated with {@code seed} ({@link SlotReaderTest#mutated}), with its recording's command */
        static Doc mutated(String fixture, long seed) {
            return new Doc(commandOf(document(fixture)), SlotReaderTest.mutated(fixture, seed));
        }
    }

    @Test
    void everyCommandHasRecordings() {
        List<String> commands = recordings().stream()
                .map(f -> commandOf(RockyContract.read(f))).distinct().sorted().toList();
        assertThat(commands).containsExactly("compile", "discover", "optimize");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void aDocumentBindsAsTheMapperBindsIt(String fixture) throws Exception {
        Doc doc = Doc.recorded(fixture);
        Outcome ours = bindOurs(doc.command(), doc.json());
        assertThat(ours.error).as("%s: %s", fixture, ours.error).isNull();
        assertThat(ours).isEqualTo(bindMapper(doc.command(), doc.json()));
    }

    static Stream<Arguments> mutations() {
        List<String> fixtures = inputs();
        return IntStream.range(0, 800).mapToObj(i -> {
            long seed = 0x5107L * 31 + i;
            return Arguments.of(fixtures.get(i % fixtures.size()), seed);
        });
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("mutations")
    void aMutatedRecordingIsAcceptedOrRefusedAsTheMapperDoes(String fixture, long seed) throws Exception {
        Doc doc = Doc.mutated(fixture, seed);
        Outcome mapper = bindMapper(doc.command(), doc.json());
        assertThat(bindOurs(doc.command(), doc.json())).as("%s", doc.json().length() > 2000 ? doc.json().substring(0, 2000) : doc.json())
                .isEqualTo(mapper);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void aDocumentDecodesStraightToTheDomainAsItsDtoConverts(String fixture) throws Exception {
        Doc doc = Doc.recorded(fixture);
        Object domain = decodeOursOrThrow(doc.command(), doc.json());
        assertThat(domain).isEqualTo(toDomain(bindOursOrThrow(doc.command(), doc.json())));
        assertThat(domain.getClass().getPackageName()).startsWith("dev.rocky.core.");
    }

    /**
     * The domain path on the mutated recordings: a document the DTO path binds gives the value its
     * DTO converts to, and one the DTO path refuses is refused at the same JSON path (the domain's
     * records refuse nothing a DTO holds, so no refusal comes earlier than the DTO path's).
     */
    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("mutations")
    void aMutatedRecordingDecodesToTheDomainOrIsRefusedWhereTheDtoPathRefusesIt(String fixture, long seed) throws Exception {
        Doc doc = Doc.mutated(fixture, seed);
        Outcome dto = bindOurs(doc.command(), doc.json());
        Outcome domain;
        try {
            domain = new Outcome(decodeOursOrThrow(doc.command(), doc.json()), null);
        } catch (JacksonException e) {
            domain = new Outcome(null, RockyJson.jsonPath(e));
        }
        assertThat(domain).isEqualTo(dto.error == null ? new Outcome(toDomain(dto.value), null) : dto);
    }

    private static Object toDomain(Object dto) {
        if (dto instanceof DiscoverOutput d) {
            return d.toDomain();
        }
        if (dto instanceof CompileOutput c) {
            return c.toDomain();
        }
        return ((OptimizeOutput) dto).toDomain();
    }

    private static Object decodeOursOrThrow(String command, String json) throws IOException {
        try (JsonParser p = RockyJson.mapper().getFactory().createParser(json.getBytes(StandardCharsets.UTF_8))) {
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            p.nextToken();
            return switch (command) {
                case "discover" -> SlotReader.discoverResult(p);
                case "compile" -> SlotReader.compileResult(p);
                default -> SlotReader.optimizeResult(p);
            };
        }
    }

    /**
     * Repeated keys, which a tree cannot hold: the last value is kept, as Python's {@code json}
     * keeps it, and a {@code null} or mistyped last value is refused. (The mapper, with the state
     * codec's parser setting, kept the last value of a one-word field and refused a repeated
     * snake_case one for want of a setter; here every field behaves the same way.)
     */
    @Test
    void aRepeatedKeyKeepsTheLastValue() throws Exception {
        String optimize = "{\"version\":\"1\",\"command\":\"optimize\",\"recommendations\":[],\"total_models_analyzed\":1,";
        assertThat(((OptimizeOutput) bindOursOrThrow("optimize", optimize + "\"total_models_analyzed\":2}")).totalModelsAnalyzed())
                .isEqualTo(2L);
        assertThat(bindOurs("optimize", optimize + "\"total_models_analyzed\":null}").error()).isEqualTo("$.total_models_analyzed");
        assertThat(bindOurs("optimize", optimize + "\"total_models_analyzed\":\"2\"}").error()).isEqualTo("$.total_models_analyzed");
        String discover = "{\"version\":\"1\",\"command\":\"discover\",\"version\":\"2\",\"sources\":[{\"id\":\"s\","
                + "\"components\":{\"a\":\"x\",\"a\":[\"y\"]},\"source_type\":\"t\",\"tables\":[{\"name\":\"a\",\"name\":\"b\"}],"
                + "\"source_type\":\"u\",\"metadata\":{\"m\":{\"k\":1,\"k\":2}}}]}";
        DiscoverOutput out = (DiscoverOutput) bindOursOrThrow("discover", discover);
        assertThat(out.version()).isEqualTo("2");
        DiscoverOutput.SourceOutput source = out.sources().get(0);
        assertThat(source.sourceType()).isEqualTo("u");
        assertThat(source.components().get("a").toString()).isEqualTo("[\"y\"]");
        assertThat(source.tables()).containsExactly(new DiscoverOutput.TableOutput("b", null));
        assertThat(source.metadata().get("m").toString()).isEqualTo("{\"k\":2}");
        // the mapper agrees where it binds a repeat at all: a one-word field, a table, a map's key
        assertThat(bindMapper("discover", discover)).isEqualTo(new Outcome(out, null));
    }

    /**
     * A table name repeated across sources is one string; names that differ stay apart, including
     * ones that share a hash ({@code "Aa"} and {@code "BB"}) or a slot, escaped and non-ASCII ones
     * come out as the mapper reads them, and a name that is not a string is refused with its path.
     */
    @Test
    void aRepeatedTableNameIsOneStringAndEveryNameReadsAsTheMappersDoes() throws Exception {
        StringBuilder json = new StringBuilder("{\"version\":\"1\",\"command\":\"discover\",\"sources\":[");
        List<String> names = new java.util.ArrayList<>(List.of("orders", "Aa", "BB", "caf\u00e9", "quote\"d", "back\\slash", "\u00fcber"));
        for (int i = 0; i < 300; i++) {
            names.add("t" + i); // a source's tables, as a tenant's connector has them
        }
        for (int source = 0; source < 3; source++) {
            json.append(source == 0 ? "" : ",").append("{\"id\":\"s").append(source)
                    .append("\",\"components\":{},\"source_type\":\"duckdb\",\"tables\":[");
            for (int i = 0; i < names.size(); i++) {
                json.append(i == 0 ? "" : ",").append("{\"name\":")
                        .append(RockyJson.mapper().writeValueAsString(names.get(i))).append("}");
            }
            json.append("]}");
        }
        json.append("]}");
        DiscoverOutput ours = (DiscoverOutput) bindOursOrThrow("discover", json.toString());
        assertThat(bindMapper("discover", json.toString())).isEqualTo(new Outcome(ours, null));
        for (int source = 0; source < 3; source++) {
            assertThat(ours.sources().get(source).tables()).extracting(DiscoverOutput.TableOutput::name)
                    .containsExactlyElementsOf(names);
        }
        // Each name is read once per source with the source's other names in between: it is the previous
        // source's instance unless a later name took its slot (names with one hash, "Aa" and "BB", take turns)
        long shared = 0;
        for (int i = 0; i < names.size(); i++) {
            shared += ours.sources().get(2).tables().get(i).name() == ours.sources().get(1).tables().get(i).name() ? 1 : 0;
        }
        assertThat(shared).as("names of the last source read as the previous source's instance").isGreaterThan(names.size() * 8L / 10);
        String sameSource = "{\"version\":\"1\",\"command\":\"discover\",\"sources\":[{\"id\":\"a\",\"components\":{},"
                + "\"source_type\":\"t\",\"tables\":[{\"name\":\"x\"}]},{\"id\":\"b\",\"components\":{},\"source_type\":\"t\","
                + "\"tables\":[{\"name\":\"x\"}]}]}";
        DiscoverOutput twice = (DiscoverOutput) bindOursOrThrow("discover", sameSource);
        assertThat(twice.sources().get(1).tables().get(0).name()).isSameAs(twice.sources().get(0).tables().get(0).name());
        assertThat(bindOurs("discover", sameSource.replace("{\"name\":\"x\"}]}]", "{\"name\":7}]}]")).error())
                .isEqualTo("$.sources[1].tables[0].name");
    }

    /**
     * Values that repeat from record to record (strategies, schemas, reasoning) are read as one
     * string each; different texts stay apart, an absent optional one stays null, and one that is
     * not a string is refused with its path.
     */
    @Test
    void aRepeatingValueIsOneStringAndStillReadAsTheMapperReadsIt() throws Exception {
        String models = "{\"version\":\"1\",\"command\":\"compile\",\"models\":3,\"diagnostics\":[],\"has_errors\":false,"
                + "\"models_detail\":["
                + "{\"name\":\"a\",\"strategy\":{\"type\":\"incremental\",\"time_column\":\"ts\"},\"target\":{\"catalog\":\"w\",\"schema\":\"marts\",\"table\":\"a\"}},"
                + "{\"name\":\"b\",\"strategy\":{\"type\":\"incremental\",\"time_column\":\"ts\"},\"target\":{\"catalog\":\"w\",\"schema\":\"marts\",\"table\":\"b\"}},"
                + "{\"name\":\"c\",\"strategy\":{\"type\":\"full_refresh\",\"time_column\":null},\"target\":{\"catalog\":\"w\",\"schema\":\"m\\u0061rts\",\"table\":\"c\"}}]}";
        CompileOutput out = (CompileOutput) bindOursOrThrow("compile", models);
        assertThat(bindMapper("compile", models)).isEqualTo(new Outcome(out, null));
        List<CompileOutput.ModelDetailOutput> details = out.modelsDetail();
        assertThat(details.get(1).strategy().type()).isSameAs(details.get(0).strategy().type()).isEqualTo("incremental");
        assertThat(details.get(1).target().schema()).isSameAs(details.get(0).target().schema());
        assertThat(details.get(2).target().schema()).as("escaped, the same text").isEqualTo("marts");
        assertThat(details.get(2).strategy().type()).isEqualTo("full_refresh");
        assertThat(details.get(2).strategy().timeColumn()).isNull();
        assertThat(bindOurs("compile", models.replace("\"type\":\"full_refresh\"", "\"type\":7")).error())
                .isEqualTo("$.models_detail[2].strategy.type");
        assertThat(bindOurs("compile", models.replace("\"type\":\"full_refresh\"", "\"type\":null")).error())
                .isEqualTo("$.models_detail[2].strategy.type");
    }

    /**
     * A required field missing from an object is named with that object's type and path, also
     * when objects nested in it (a source's tables, a model's strategy) were read before its end.
     */
    @Test
    void aMissingFieldIsNamedWithItsOwnObjectAfterNestedOnes() {
        String discover = "{\"version\":\"1\",\"command\":\"discover\",\"sources\":[{\"components\":{\"a\":\"x\"},"
                + "\"source_type\":\"t\",\"tables\":[{\"name\":\"a\"},{\"name\":\"b\"}]}]}";
        assertThatThrownBy(() -> bindOursOrThrow("discover", discover)).isInstanceOf(JacksonException.class)
                .hasMessageContaining("the required field 'id' of SourceOutput is missing")
                .satisfies(e -> assertThat(RockyJson.jsonPath((JacksonException) e)).isEqualTo("$.sources[0].id"));
        String compile = "{\"version\":\"1\",\"command\":\"compile\",\"models\":1,\"diagnostics\":[],\"has_errors\":false,"
                + "\"models_detail\":[{\"strategy\":{\"type\":\"full_refresh\"},\"target\":{\"catalog\":\"c\",\"schema\":\"s\","
                + "\"table\":\"m\"},\"tags\":{\"k\":\"v\"}}]}";
        assertThatThrownBy(() -> bindOursOrThrow("compile", compile)).isInstanceOf(JacksonException.class)
                .hasMessageContaining("the required field 'name' of ModelDetailOutput is missing");
        String optimize = "{\"version\":\"1\",\"recommendations\":[],\"total_models_analyzed\":1}";
        assertThatThrownBy(() -> bindOursOrThrow("optimize", optimize)).isInstanceOf(JacksonException.class)
                .hasMessageContaining("the required field 'command' of OptimizeOutput is missing");
    }

    @Test
    void theParserIsLeftAtTheSlotsLastToken() throws Exception {
        String json = "[{\"version\":\"1\",\"command\":\"optimize\",\"recommendations\":[],\"total_models_analyzed\":1}, 7]";
        try (JsonParser p = RockyJson.mapper().getFactory().createParser(json)) {
            p.nextToken();
            p.nextToken();
            OptimizeOutput out = SlotReader.optimize(p);
            assertThat(out.totalModelsAnalyzed()).isEqualTo(1L);
            assertThat(p.nextToken()).hasToString("VALUE_NUMBER_INT");
            assertThat(p.getIntValue()).isEqualTo(7);
        }
    }

    /** What a binding gave: the DTO, or the path of its error. */
    record Outcome(Object value, String error) {
    }

    /** The mapper as the state codec used it: the parser's duplicate check off. */
    private static Outcome bindMapper(String command, String json) throws IOException {
        try (JsonParser p = RockyJson.mapper().getFactory().createParser(json.getBytes(StandardCharsets.UTF_8))) {
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            return new Outcome(mapperReader(command).readValue(p), null);
        } catch (JacksonException e) {
            return new Outcome(null, RockyJson.jsonPath(e));
        }
    }

    private static Outcome bindOurs(String command, String json) throws IOException {
        try {
            return new Outcome(bindOursOrThrow(command, json), null);
        } catch (JacksonException e) {
            return new Outcome(null, RockyJson.jsonPath(e));
        }
    }

    private static Object bindOursOrThrow(String command, String json) throws IOException {
        try (JsonParser p = RockyJson.mapper().getFactory().createParser(json.getBytes(StandardCharsets.UTF_8))) {
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            p.nextToken();
            return slotReader(command).read(p);
        }
    }

    // ---- the mutations ----

    /** @return the input with one to three seeded mutations ({@link #mutate}), as JSON text */
    private static String mutated(String fixture, long seed) {
        JsonNode tree = ContractSchemas.tree(document(fixture));
        Random random = new Random(seed);
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            mutate(tree, random);
        }
        return tree.toString();
    }

    private static void mutate(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            int op = random.nextInt(5);
            if (names.isEmpty() || op == 4) {
                o.set("unknown_" + random.nextInt(100), value(random));
                return;
            }
            String name = names.get(random.nextInt(names.size()));
            switch (op) {
                case 0 -> o.remove(name);
                case 1 -> o.putNull(name);
                default -> o.set(name, value(random));
            }
        } else if (target instanceof ArrayNode a && !a.isEmpty()) {
            int at = random.nextInt(a.size());
            if (random.nextBoolean()) {
                a.set(at, JsonNodeFactory.instance.nullNode());
            } else {
                a.set(at, value(random));
            }
        } else if (target instanceof ArrayNode a) {
            a.add(value(random));
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    private static JsonNode value(Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(14)) {
            case 0 -> f.textNode("x" + random.nextInt(10));
            case 1 -> f.numberNode(random.nextInt(1000) - 500);
            case 2 -> f.numberNode(BigInteger.ONE.shiftLeft(70));
            case 3 -> f.numberNode(Long.MAX_VALUE);
            case 4 -> f.numberNode(1.5);
            case 5 -> f.numberNode(2.0);
            case 6 -> f.booleanNode(random.nextBoolean());
            case 7 -> f.arrayNode();
            case 8 -> f.objectNode();
            case 9 -> f.arrayNode().add("a").add(f.nullNode());
            case 10 -> f.objectNode().putNull("k");
            case 11 -> f.objectNode().put("name", "n" + random.nextInt(5)).put("kind", "row_count");
            case 12 -> f.arrayNode().add(f.objectNode().put("name", "t").put("row_count", 3));
            default -> f.nullNode();
        };
    }
}
