package dev.rocky.component.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rocky.json.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The defs.yaml tree as {@link DefsYamlLoader} builds it ({@link JsonTrees} over Jackson's YAML
 * parser) against the tree a {@code YAMLMapper}'s {@code readTree} built before: equal on every
 * defs.yaml of the repository's examples and on seeded YAML documents with every kind of scalar
 * YAML 1.1 has (hex, octal and underscored integers, timestamps, {@code yes}/{@code off}, {@code ~},
 * {@code !!binary}, anchors and aliases), and on the parser's edges ({@code .nan}, {@code .inf}, an
 * empty document, a repeated key, an unclosed flow), or refused by both.
 */
class YamlTreeTest {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final YAMLMapper MAPPER = new YAMLMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("..", "examples"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
            assertThat(found).hasSizeGreaterThanOrEqualTo(3);
            return found.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void anExampleReadsAsTheMapperReadIt(Path file) throws Exception {
        String yaml = Files.readString(file);
        assertThat(outcome(yaml, true)).isEqualTo(outcome(yaml, false));
        assertThat(outcome(yaml, true)).startsWith("{");
    }

    private static final String[] SCALARS = {"0x1F", "0o17", "017", "1_000", "-42", "9223372036854775808", "3.25", "1e3",
        "2026-12-03", "2026-12-03T10:00:00Z", "yes", "off", "True", "~", "null", "''", "\"quoted: text\"",
        "!!binary aGVsbG8=", "!!str 12", "plain words", "'single'", "1.5e-300", "0.000001"};

    /** Scalars the parser refuses or reads oddly, and shapes a seeded mapping does not make: refused or read alike. */
    @org.junit.jupiter.api.Test
    void theParsersEdgesAreReadOrRefusedAlike() throws Exception {
        for (String doc : List.of("a: .nan\n", "a: .inf\n", "a: -.inf\n", "", "---\n", "- 1\n- [2, {b: c}]\n", "plain\n", "a: 1\na: 2\n",
                "a: &x {b: 1}\nc: *x\n", "a: [1, 2\n", "? complex\n: value\n")) {
            assertThat(outcome(doc, true)).as(doc).isEqualTo(outcome(doc, false));
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 200).map(i -> 0x9A31L * 7 + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aSeededDocumentReadsAsTheMapperReadsIt(long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder yaml = new StringBuilder();
        mapping(random, 0, yaml);
        String doc = yaml.toString();
        assertThat(outcome(doc, true)).as(doc).isEqualTo(outcome(doc, false));
    }

    /** The tree's JSON text and node types, or the refusal. */
    private static String outcome(String yaml, boolean ours) throws IOException {
        try (JsonParser p = FACTORY.createParser(yaml)) {
            JsonNode tree = ours ? JsonTrees.read(p, false) : MAPPER.readTree(p);
            return tree == null ? "null" : tree.toString() + " " + types(tree);
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
                        out.append(indent).append("  - ").append(SCALARS[random.nextInt(SCALARS.length)]).append('\n');
                    }
                }
                case 3 -> out.append(" &a").append(i).append(' ').append(SCALARS[random.nextInt(SCALARS.length)]).append('\n')
                        .append(indent).append("alias").append(i).append(": *a").append(i).append('\n');
                default -> out.append(' ').append(SCALARS[random.nextInt(SCALARS.length)]).append('\n');
            }
        }
    }
}
