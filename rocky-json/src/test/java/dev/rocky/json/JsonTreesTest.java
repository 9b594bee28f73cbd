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
 * {@link JsonTrees} against an {@code ObjectMapper}'s {@code readTree} with the default features:
 * on every recording of the engine and on seeded JSON documents (numbers of every size and form,
 * escapes, nesting, repeated keys), the same tree, or the same refusal of a repeated key.
 */
class JsonTreesTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();

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
        JsonNode expected;
        try (JsonParser p = PLAIN.getFactory().createParser(doc)) {
            expected = PLAIN.readTree(p);
        }
        assertThat(ours(doc, false)).as(doc).isEqualTo(expected);
        boolean mapperRefuses = refuses(() -> PLAIN.reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).readTree(doc));
        boolean weRefuse = refuses(() -> ours(doc, true));
        assertThat(weRefuse).as(doc).isEqualTo(mapperRefuses);
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
