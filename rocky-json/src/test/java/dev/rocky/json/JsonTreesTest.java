package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.contract.RockyContract;
import java.io.IOException;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JsonTrees} against a mapper's {@code readTree} with the default features, over the three
 * parsers it reads: JSON (every recording of the engine; seeded documents with numbers of every size
 * and form, escapes, nesting, repeated keys), YAML as defs.yaml is read (the examples' defs.yaml;
 * seeded documents with every kind of scalar YAML 1.1 has: hex, octal and underscored integers,
 * timestamps, {@code yes}/{@code off}, {@code ~}, {@code !!binary}, anchors and aliases; the
 * parser's edges) and TOML (every file of the recorded projects; dates, special floats, decimals,
 * tables of every form). The same tree, node types and text included, or the same refusal.
 */
class JsonTreesTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final com.fasterxml.jackson.dataformat.yaml.YAMLFactory YAML = com.fasterxml.jackson.dataformat.yaml.YAMLFactory
            .builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper YAML_MAPPER = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper(YAML.copy());
    private static final com.fasterxml.jackson.dataformat.toml.TomlFactory TOML = new com.fasterxml.jackson.dataformat.toml.TomlFactory();
    private static final ObjectMapper TOML_MAPPER = new com.fasterxml.jackson.dataformat.toml.TomlMapper(TOML.copy());

    static Stream<String> recordings() {
        return RockyContract.fixtures().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void aRecordingReadsAsReadTreeReadsIt(String fixture) throws Exception {
        String json = RockyContract.read(fixture);
        assertThat(ours(json, false)).isEqualTo(PLAIN.readTree(json));
    }

    static LongStream seeds() {
        return LongStream.range(0, 300).map(i -> 0x7EE5L * 13 + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aSeededDocumentReadsAsReadTreeReadsIt(long seed) throws Exception {
        StringBuilder json = new StringBuilder();
        value(new Random(seed), 0, json);
        String doc = json.toString();
        assertThat(outcome(PLAIN.getFactory(), null, doc)).as(doc).isEqualTo(outcome(PLAIN.getFactory(), PLAIN, doc));
        boolean mapperRefuses = refuses(() -> PLAIN.reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).readTree(doc));
        assertThat(refuses(() -> ours(doc, true))).as(doc).isEqualTo(mapperRefuses);
    }

    /** A parser left where no value starts (an array's end) is refused, naming the token, not read as a value. */
    @Test
    void aTokenThatStartsNoValueIsRefusedNamingIt() throws Exception {
        try (JsonParser p = PLAIN.getFactory().createParser("[]")) {
            p.nextToken();
            p.nextToken();
            assertThatThrownBy(() -> JsonTrees.read(p, false)).isInstanceOf(JacksonException.class)
                    .hasMessageContaining("Unexpected token (END_ARRAY)");
        }
    }

    @Test
    void aRepeatedKeyIsRefusedWhenAskedNamingItsPath() {
        assertThatThrownBy(() -> ours("{\"a\": {\"b\": 1, \"c\": [2], \"b\": 3}}", true)).isInstanceOf(JacksonException.class)
                .hasMessageContaining("Duplicate field 'b'")
                .satisfies(e -> assertThat(RockyJson.jsonPath((JacksonException) e)).isEqualTo("$.a.b"));
    }

    @Test
    void anInputWithoutAValueIsNullAndTheParserStopsAtTheValuesLastToken() throws Exception {
        try (JsonParser p = PLAIN.getFactory().createParser("  ")) {
            assertThat(JsonTrees.read(p, false)).isNull();
        }
        try (JsonParser p = PLAIN.getFactory().createParser("[{\"a\": [1, {}]}, 5]")) {
            p.nextToken();
            p.nextToken();
            assertThat(JsonTrees.read(p, false)).isEqualTo(PLAIN.readTree("{\"a\": [1, {}]}"));
            assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
        }
    }

    static Stream<java.nio.file.Path> defsYamls() throws IOException {
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of("..", "examples"))) {
            java.util.List<java.nio.file.Path> found = files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
            assertThat(found).hasSizeGreaterThanOrEqualTo(3);
            return found.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defsYamls")
    void anExamplesDefsYamlReadsAsTheYamlMapperReadsIt(java.nio.file.Path file) throws Exception {
        String yaml = java.nio.file.Files.readString(file);
        assertThat(outcome(YAML, null, yaml)).isEqualTo(outcome(YAML, YAML_MAPPER, yaml)).startsWith("{");
    }

    private static final String[] YAML_SCALARS = {"0x1F", "0o17", "017", "1_000", "-42", "9223372036854775808", "3.25", "1e3",
        "2026-12-03", "2026-12-03T10:00:00Z", "yes", "off", "True", "~", "null", "''", "\"quoted: text\"", "!!binary aGVsbG8=",
        "!!str 12", "plain words", "'single'", "1.5e-300", "0.000001"};

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aSeededYamlDocumentReadsAsTheYamlMapperReadsIt(long seed) throws Exception {
        StringBuilder yaml = new StringBuilder();
        mapping(new Random(seed), 0, yaml);
        String doc = yaml.toString();
        assertThat(outcome(YAML, null, doc)).as(doc).isEqualTo(outcome(YAML, YAML_MAPPER, doc));
    }

    /** Scalars the YAML parser refuses or reads oddly, and shapes a seeded mapping does not make. */
    @Test
    void theYamlParsersEdgesAreReadOrRefusedAlike() throws Exception {
        for (String doc : java.util.List.of("a: .nan\n", "a: .inf\n", "a: -.inf\n", "", "---\n", "- 1\n- [2, {b: c}]\n", "plain\n",
                "a: 1\na: 2\n", "a: &x {b: 1}\nc: *x\n", "a: [1, 2\n", "? complex\n: value\n")) {
            assertThat(outcome(YAML, null, doc)).as(doc).isEqualTo(outcome(YAML, YAML_MAPPER, doc));
        }
    }

    static Stream<String> tomlFiles() {
        java.util.List<String> files = RockyContract.files().stream().filter(f -> f.endsWith(".toml")).toList();
        assertThat(files).hasSizeGreaterThan(20);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tomlFiles")
    void aRecordedTomlFileReadsAsTheTomlMapperReadsIt(String file) throws Exception {
        String toml = RockyContract.read(file);
        assertThat(outcome(TOML, null, toml)).isEqualTo(outcome(TOML, TOML_MAPPER, toml)).startsWith("{");
    }

    @Test
    void everyTomlFormReadsAsTheTomlMapperReadsIt() throws Exception {
        for (String doc : java.util.List.of("", "# only a comment\n",
                "a = 1\nb = -9223372036854775808\nc = 0x1F\nd = 1_000\ne = 99999999999999999999\n",
                "f = 3.25\ng = inf\nh = nan\ni = -0.0\nj = 1e300\nk = 2.50\n", "d = 1979-05-27T07:32:00Z\nl = 1979-05-27\nt = 07:32:00\n",
                "s = 'lit'\nm = \"\"\"multi\nline\"\"\"\n", "[t]\nx = { a = 1, b = [1, 2] }\n[[arr]]\nn = 1\n[[arr]]\nn = 2\n",
                "a = 1\na = 2\n", "a = \n", "[t]\n[t]\n", "b = true\nc = false\n")) {
            assertThat(outcome(TOML, null, doc)).as(doc).isEqualTo(outcome(TOML, TOML_MAPPER, doc));
        }
    }

    /**
     * @param mapper the mapper whose {@code readTree} reads the text; {@code null} for {@link JsonTrees}
     * @return the tree's text and every node's type, {@code null} for no value, or {@code refused}
     */
    private static String outcome(com.fasterxml.jackson.core.JsonFactory factory, ObjectMapper mapper, String text) throws IOException {
        try (JsonParser p = factory.createParser(text)) {
            JsonNode tree = mapper == null ? JsonTrees.read(p, false) : mapper.readTree(p);
            return tree == null ? "null" : tree + " " + types(tree);
        } catch (JacksonException e) {
            return "refused";
        }
    }

    private static String types(JsonNode node) {
        StringBuilder out = new StringBuilder(node.getNodeType().name()).append(node.numberType() == null ? "" : node.numberType().name());
        node.forEach(child -> out.append(',').append(types(child)));
        return out.toString();
    }

    private static void mapping(Random random, int depth, StringBuilder out) {
        String indent = "  ".repeat(depth);
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            // distinct keys, but now and then the first one again: a repeated key both refuse
            out.append(indent).append("key").append(i > 0 && random.nextInt(20) == 0 ? 0 : i).append(':');
            int kind = depth > 2 ? 2 : random.nextInt(5);
            switch (kind) {
                case 0 -> {
                    out.append('\n');
                    mapping(random, depth + 1, out);
                }
                case 1 -> {
                    out.append('\n');
                    for (int j = random.nextInt(3); j >= 0; j--) {
                        out.append(indent).append("  - ").append(YAML_SCALARS[random.nextInt(YAML_SCALARS.length)]).append('\n');
                    }
                }
                case 3 -> out.append(" &a").append(i).append(' ').append(YAML_SCALARS[random.nextInt(YAML_SCALARS.length)]).append('\n')
                        .append(indent).append("alias").append(i).append(": *a").append(i).append('\n');
                default -> out.append(' ').append(YAML_SCALARS[random.nextInt(YAML_SCALARS.length)]).append('\n');
            }
        }
    }

    private static JsonNode ours(String json, boolean refuse) throws IOException {
        try (JsonParser p = PLAIN.getFactory().createParser(json)) {
            return JsonTrees.read(p, refuse);
        }
    }

    @FunctionalInterface
    interface Attempt {
        Object run() throws IOException;
    }

    private static boolean refuses(Attempt attempt) throws IOException {
        try {
            attempt.run();
            return false;
        } catch (JacksonException e) {
            return true;
        }
    }

    private static final String[] NUMBERS = {"0", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
        "9223372036854775808", "123456789012345678901234567890", "1.5", "-0.0", "1e3", "1E-7", "2.5e400", "0.1",
        "12345678901234567890.123456789"};

    private static void value(Random random, int depth, StringBuilder out) {
        int kind = depth > 4 ? 2 + random.nextInt(4) : random.nextInt(6);
        switch (kind) {
            case 0 -> {
                out.append('{');
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    // few distinct keys, so some objects repeat one
                    out.append('"').append("k").append(random.nextInt(6)).append("\": ");
                    value(random, depth + 1, out);
                }
                out.append('}');
            }
            case 1 -> {
                out.append('[');
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    value(random, depth + 1, out);
                }
                out.append(']');
            }
            case 2 -> out.append(NUMBERS[random.nextInt(NUMBERS.length)]);
            case 3 -> out.append(random.nextBoolean() ? "\"t\\u00e9xt\\n\\\"q\\\"\"" : "\"" + "s".repeat(random.nextInt(4)) + "\"");
            case 4 -> out.append(random.nextBoolean() ? "true" : "false");
            default -> out.append("null");
        }
    }
}
