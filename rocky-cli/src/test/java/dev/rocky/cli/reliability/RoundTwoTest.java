package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rocky.cli.CliFixture;
import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.run.Secrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generators for the defects of the second review (issue 30), each case a real refresh through the
 * CLI over a rocky that prints the generated output:
 * <ul>
 *   <li>discover outputs rocky's parser accepts but a state might not hold (a byte-order mark,
 *       nesting at the parser's limit, names outside the key alphabet, the literal {@code null},
 *       huge row counts): the refresh writes a state its load reads, or fails and leaves the
 *       previous state byte for byte;</li>
 *   <li>secrets rocky echoes in its JSON (a DSN password in a failed source's message) and on
 *       stderr, with quotes, backslashes and line breaks: they reach neither the state file nor
 *       the graph.</li>
 * </ul>
 * 60 and 12 cases in the default build, 1,500 and 200 under {@code -Preliability};
 * {@code -Drocky.fuzz.seed=N} starts from another seed.
 */
class RoundTwoTest {

    private static final long BASE_SEED = Long.getLong("rocky.fuzz.seed", 0x5EED_0030L);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES = List.of("Order Items", "café", "日本", "中国", "1.5", "a/b", "x".repeat(300),
            "emoji-\uD83D\uDE80", "tab\there", "bell\u0007", "naïve résumé", "-leading-dash", "..", "UPPER_lower-1.2");

    @TempDir
    Path dir;

    @Test
    void aRefreshNeverWritesAStateItsOwnLoadRefuses() throws Exception {
        Reliability.Tally tally = Reliability.tally("round two: refresh output the state must hold");
        CliFixture fx = new CliFixture(dir.resolve("p"));
        Path generated = fx.project.resolve("generated.json");
        fx.script("generated", "case \"$*\" in *' discover'*) cat '" + generated + "';; *' compile'*) cat '"
                + fx.project.resolve("rocky-fake/compile.json") + "';; *) cat '" + fx.project.resolve("rocky-fake/optimize.json")
                + "';; esac");
        fx.defs("binary_path: bin/generated");
        byte[] recorded = Files.readAllBytes(fx.project.resolve("rocky-fake/discover.json"));
        Files.write(generated, recorded);
        assertThat(fx.cli("refresh").exitCode()).isZero();
        int cases = Reliability.count(60, 1_500);
        for (int i = 0; i < cases; i++) {
            Random random = new Random(BASE_SEED + i);
            String kind = List.of("bom", "deep", "names", "null", "huge", "names+bom").get(i % 6);
            byte[] output = generate(kind, recorded, random);
            Files.write(generated, output);
            byte[] before = Files.readAllBytes(fx.stateFile());
            CliFixture.Run refresh = fx.cli("refresh");
            String where = "case " + i + " (" + kind + ", seed " + (BASE_SEED + i) + ")";
            if (refresh.err().contains("internal error")) {
                tally.fail("internal error", where + ": " + refresh.err());
            } else if (refresh.exitCode() == 1) {
                if (Arrays.equals(before, Files.readAllBytes(fx.stateFile()))) {
                    tally.pass("refused, previous state intact");
                } else {
                    tally.fail("refused but the state changed", where);
                }
            } else {
                CliFixture.Run defs = fx.cli("defs");
                if (defs.exitCode() == 1 || defs.err().contains("internal error")) {
                    tally.fail("written, but the load refuses it", where + ": " + defs.err());
                } else {
                    tally.pass("written, loads");
                }
            }
        }
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    private static byte[] generate(String kind, byte[] recorded, Random random) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(recorded);
        switch (kind) {
            case "null" -> {
                return "null".getBytes(StandardCharsets.UTF_8);
            }
            case "deep" -> {
                int depth = 995 + random.nextInt(10);
                String deep = "[".repeat(depth) + "]".repeat(depth);
                String json = JSON.writeValueAsString(doc);
                return (json.substring(0, json.length() - 1) + ",\"x_future\":" + deep + "}").getBytes(StandardCharsets.UTF_8);
            }
            case "huge" -> {
                for (JsonNode source : doc.path("sources")) {
                    for (JsonNode table : source.path("tables")) {
                        ((ObjectNode) table).put("row_count", random.nextBoolean() ? Long.MAX_VALUE : -1L);
                    }
                }
                return JSON.writeValueAsBytes(doc);
            }
            default -> {
                if (kind.startsWith("names")) {
                    ArrayNode sources = (ArrayNode) doc.path("sources");
                    ObjectNode source = (ObjectNode) sources.get(0);
                    source.put("source_type", NAMES.get(random.nextInt(NAMES.size())));
                    ArrayNode tables = source.putArray("tables");
                    for (int t = 0; t < 1 + random.nextInt(4); t++) {
                        tables.addObject().put("name", NAMES.get(random.nextInt(NAMES.size())));
                    }
                }
                byte[] json = JSON.writeValueAsBytes(doc);
                if (!kind.contains("bom")) {
                    return json;
                }
                byte[] out = new byte[json.length + 3];
                out[0] = (byte) 0xEF;
                out[1] = (byte) 0xBB;
                out[2] = (byte) 0xBF;
                System.arraycopy(json, 0, out, 3, json.length);
                return out;
            }
        }
    }

    @Test
    void aSecretRockyEchoesReachesNeitherTheStateNorTheGraph() throws Exception {
        Reliability.Tally tally = Reliability.tally("round two: secrets rocky echoes in its JSON and stderr");
        int cases = Reliability.count(12, 200);
        for (int i = 0; i < cases; i++) {
            Random random = new Random(BASE_SEED + 7_000 + i);
            String secret = "pw-" + Long.toHexString(random.nextLong()) + List.of("", "\"q\"", "back\\slash", "line1\nline2-long-enough",
                    "tab\tx", "ünï").get(i % 6);
            CliFixture fx = new CliFixture(dir.resolve("s" + i));
            ObjectNode discover = (ObjectNode) JSON.readTree(Files.readAllBytes(fx.project.resolve("rocky-fake/discover.json")));
            discover.putArray("failed_sources").addObject().put("id", "raw__crm").put("schema", "raw__crm")
                    .put("source_type", "duckdb").put("error_class", "auth")
                    .put("message", "cannot connect to postgres://app:" + secret + "@db:5432/crm");
            Path out = fx.project.resolve("discover-leaky.json");
            Files.write(out, JSON.writeValueAsBytes(discover));
            Path err = fx.project.resolve("stderr.txt");
            Files.writeString(err, "connecting with " + secret + "\n");
            fx.script("leaky", "cat '" + err + "' >&2\ncase \"$*\" in *' discover'*) cat '" + out + "';; *' compile'*) cat '"
                    + fx.project.resolve("rocky-fake/compile.json") + "';; *) cat '" + fx.project.resolve("rocky-fake/optimize.json")
                    + "';; esac");
            fx.defs("binary_path: bin/leaky");
            Secrets secrets = Secrets.of(List.of(secret));
            java.util.List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
            RockyComponent component = RockyComponent.builder(new DefsYamlLoader().load(fx.defs)).secrets(secrets).logSink((level, message) -> logged.add(message)).build();
            String where = "case " + i + " (secret shape " + (i % 6) + ")";
            try {
                component.refresh();
                String state = Files.readString(fx.stateFile());
                String graph = String.valueOf(component.definitions().assets());
                List<String> places = List.of(state, graph, String.join("\n", logged));
                boolean leaked = false;
                for (String text : places) {
                    for (String piece : pieces(secret)) {
                        leaked |= text.contains(piece);
                    }
                }
                if (leaked) {
                    tally.fail("leaked", where);
                } else if (!state.contains("postgres://app:***@db")) {
                    tally.fail("not masked where it was", where + ": " + state);
                } else {
                    tally.pass("masked everywhere");
                }
            } catch (RockyException e) {
                tally.fail("refresh failed: " + e.code(), where + ": " + e.getMessage());
            }
        }
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    /** The secret, its JSON-escaped form, and each line of a multi-line one. */
    private static List<String> pieces(String secret) throws Exception {
        String escaped = JSON.writeValueAsString(secret);
        java.util.List<String> out = new java.util.ArrayList<>(List.of(secret, escaped.substring(1, escaped.length() - 1)));
        for (String line : secret.split("\n")) {
            if (line.length() >= Secrets.MIN_LINE_LENGTH) {
                out.add(line);
            }
        }
        return out;
    }
}
