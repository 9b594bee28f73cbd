package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.rocky.contract.RockyContract;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TomlTrees} against a {@code TomlMapper}'s {@code readTree}: the same tree, node types
 * included, for every TOML file of the recorded projects and for TOML's other forms (dates, times,
 * inline tables, arrays of tables, special floats, an empty document), and the same refusals.
 */
class TomlTreesTest {

    private static final TomlMapper MAPPER = new TomlMapper();

    static Stream<String> projectFiles() {
        List<String> files = RockyContract.files().stream().filter(f -> f.endsWith(".toml")).toList();
        assertThat(files).hasSizeGreaterThan(20);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("projectFiles")
    void aProjectFileReadsAsTheMapperReadsIt(String file) throws Exception {
        String toml = RockyContract.read(file);
        assertThat(outcome(toml, true)).isEqualTo(outcome(toml, false));
        assertThat(outcome(toml, true)).startsWith("{");
    }

    @Test
    void everyFormReadsAsTheMapperReadsIt() throws Exception {
        List<String> docs = List.of("", "# only a comment\n", "a = 1\nb = -9223372036854775808\nc = 0x1F\nd = 1_000\ne = 99999999999999999999\n",
                "f = 3.25\ng = inf\nh = nan\ni = -0.0\nj = 1e300\n", "d = 1979-05-27T07:32:00Z\nl = 1979-05-27\nt = 07:32:00\n",
                "s = 'lit'\nm = \"\"\"multi\nline\"\"\"\n", "[t]\nx = { a = 1, b = [1, 2] }\n[[arr]]\nn = 1\n[[arr]]\nn = 2\n",
                "a = 1\na = 2\n", "a = \n", "[t]\n[t]\n", "b = true\nc = false\n");
        for (String doc : docs) {
            assertThat(outcome(doc, true)).as(doc).isEqualTo(outcome(doc, false));
        }
    }

    private static String outcome(String toml, boolean ours) throws IOException {
        try {
            JsonNode tree = ours ? TomlTrees.read(toml) : MAPPER.readTree(toml);
            return tree.toString() + " " + types(tree);
        } catch (JacksonException e) {
            return "refused";
        }
    }

    private static String types(JsonNode node) {
        StringBuilder out = new StringBuilder(node.getNodeType().name()).append(node.numberType() == null ? "" : node.numberType().name());
        node.forEach(child -> out.append(',').append(types(child)));
        return out.toString();
    }
}
