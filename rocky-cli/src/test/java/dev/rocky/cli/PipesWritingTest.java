package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.testkit.FakeRockyJournal;
import dev.rocky.testkit.Fault;
import dev.rocky.testkit.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rocky-java under a Dagster Pipes client: {@code materialize} reports its events to the parent's
 * message channel. The bootstrap is encoded here with the JDK alone and every message is decoded by
 * {@link ProtocolReader}, written from the protocol's published message format (Dagster's
 * {@code dagster_pipes} package, protocol 0.1), not from the writer's code.
 */
class PipesWritingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path defs;
    private Path journal;

    /** Two sources × two tables, rocky the project-model fake with a journal. */
    private void project(Optional<Fault> runFault) {
        Scenario s = Scenario.none().withVersion("rocky 1.71.0");
        if (runFault.isPresent()) {
            s = s.withFault("run", runFault.get());
        }
        CliFixture.JournaledProject p = CliFixture.journaledScaleProject(tmp, 2, s);
        defs = p.defs();
        journal = p.journal();
    }

    /** {@code dagster_pipes.encode_param}: base64(zlib(json)), with the JDK's own classes. */
    private static String encodeParam(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(bytes)) {
            z.write(JSON.writeValueAsBytes(value));
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** The environment {@code PipesSubprocessClient} gives a child: a context file and a messages file. */
    private Map<String, String> pipesEnvironment(Path messages, List<String> assetKeys) throws IOException {
        Path context = tmp.resolve("context.json");
        Map<String, Object> data = new HashMap<>();
        data.put("asset_keys", assetKeys.isEmpty() ? null : assetKeys);
        data.put("run_id", "6b2e0c1e-run");
        data.put("partition_key", null);
        data.put("partition_key_range", null);
        data.put("partition_time_window", null);
        data.put("job_name", "rocky_job");
        data.put("retry_number", 0);
        data.put("extras", Map.of());
        Files.write(context, JSON.writeValueAsBytes(data));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DAGSTER_PIPES_CONTEXT", encodeParam(Map.of("path", context.toString())));
        env.put("DAGSTER_PIPES_MESSAGES", encodeParam(Map.of("path", messages.toString())));
        return env;
    }

    /**
     * An independent reader of a Pipes message file: one JSON object a line, each an envelope
     * {@code {"__dagster_pipes_version": "0.1", "method", "params"}}; {@code opened} first and
     * {@code closed} last; the params of each method as {@code PipesContext} writes them.
     */
    static final class ProtocolReader {
        private static final Set<String> METHODS = Set.of("opened", "closed", "log", "report_asset_materialization",
                "report_asset_check", "report_custom_message", "log_external_stream");
        private static final Set<String> METADATA_TYPES = Set.of("__infer__", "text", "url", "path", "notebook", "json", "md",
                "float", "int", "bool", "dagster_run", "asset", "null", "table", "table_schema", "table_column_lineage", "timestamp");
        private static final Pattern CHECK_NAME = Pattern.compile("^[A-Za-z0-9_]+$");

        final List<JsonNode> messages = new ArrayList<>();

        ProtocolReader(Path file) throws IOException {
            this(Files.readAllLines(file, StandardCharsets.UTF_8));
        }

        ProtocolReader(List<String> lines) throws IOException {
            for (String line : lines) {
                JsonNode m = JSON.readTree(line);
                assertThat(m.isObject()).as(line).isTrue();
                assertThat(fieldNames(m)).as("envelope keys of %s", line).containsExactlyInAnyOrder("__dagster_pipes_version",
                        "method", "params");
                assertThat(m.path("__dagster_pipes_version").asText()).isEqualTo("0.1");
                assertThat(METHODS).as("a protocol method").contains(m.path("method").asText());
                checkParams(m.path("method").asText(), m.path("params"), line);
                messages.add(m);
            }
            assertThat(messages).isNotEmpty();
            assertThat(messages.get(0).path("method").asText()).as("opened first").isEqualTo("opened");
            assertThat(messages.get(messages.size() - 1).path("method").asText()).as("closed last").isEqualTo("closed");
            assertThat(messages.stream().filter(m -> m.path("method").asText().equals("opened")).count()).isEqualTo(1);
            assertThat(messages.stream().filter(m -> m.path("method").asText().equals("closed")).count()).isEqualTo(1);
        }

        private static List<String> fieldNames(JsonNode n) {
            List<String> out = new ArrayList<>();
            n.fieldNames().forEachRemaining(out::add);
            return out;
        }

        private static void checkParams(String method, JsonNode p, String line) {
            switch (method) {
                case "opened" -> assertThat(p.path("extras").isObject()).as(line).isTrue();
                case "closed" -> {
                    assertThat(p.isObject()).as(line).isTrue();
                    if (p.has("exception")) {
                        JsonNode e = p.path("exception");
                        assertThat(e.path("message").isTextual()).as(line).isTrue();
                        assertThat(e.path("stack").isArray()).as(line).isTrue();
                    }
                }
                case "log" -> {
                    assertThat(p.path("message").isTextual()).as(line).isTrue();
                    assertThat(Set.of("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")).contains(p.path("level").asText());
                }
                case "report_asset_materialization" -> {
                    assertThat(p.path("asset_key").asText()).as(line).isNotEmpty();
                    assertThat(p.has("data_version")).as(line).isTrue();
                    checkMetadata(p.path("metadata"), line);
                }
                case "report_asset_check" -> {
                    assertThat(p.path("asset_key").asText()).as(line).isNotEmpty();
                    assertThat(p.path("check_name").asText()).as(line).matches(CHECK_NAME);
                    assertThat(p.path("passed").isBoolean()).as(line).isTrue();
                    assertThat(p.path("severity").asText()).as(line).isIn("WARN", "ERROR");
                    checkMetadata(p.path("metadata"), line);
                }
                default -> { }
            }
        }

        private static void checkMetadata(JsonNode md, String line) {
            if (md.isNull()) {
                return;
            }
            assertThat(md.isObject()).as(line).isTrue();
            md.fields().forEachRemaining(e -> {
                assertThat(fieldNames(e.getValue())).as("%s in %s", e.getKey(), line).containsExactlyInAnyOrder("raw_value", "type");
                assertThat(METADATA_TYPES).as(line).contains(e.getValue().path("type").asText());
            });
        }

        List<JsonNode> method(String name) {
            return messages.stream().filter(m -> m.path("method").asText().equals(name)).map(m -> m.path("params")).toList();
        }
    }

    @Test
    void everyEventReachesTheParentInTheProtocolsFormatAndTheStepsAssetKeysAreTheSelection() throws IOException {
        project(Optional.empty());
        Path messages = tmp.resolve("messages.jsonl");
        CliFixture.Run run = CliFixture.cli(defs, pipesEnvironment(messages, List.of("duckdb/src0000/t0001")),
                "materialize", "--format", "jsonl");
        assertThat(run.exitCode()).as(run.err()).isZero();

        ProtocolReader reader = new ProtocolReader(messages);
        assertThat(reader.method("report_asset_materialization")).extracting(p -> p.path("asset_key").asText())
                .as("only the step's asset, though rocky copies the whole source").containsExactly("duckdb/src0000/t0001");
        JsonNode rows = reader.method("report_asset_materialization").get(0).path("metadata");
        assertThat(rows.fieldNames()).toIterable().isNotEmpty();
        assertThat(reader.method("report_asset_check")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.path("asset_key").asText()).isEqualTo("duckdb/src0000/t0001"));
        assertThat(reader.method("closed").get(0).has("exception")).isFalse();

        // The jsonl on stdout says the same: one materialization, the same check results.
        List<JsonNode> lines = new ArrayList<>();
        for (String l : run.out().lines().toList()) {
            lines.add(JSON.readTree(l));
        }
        JsonNode summary = lines.get(lines.size() - 1);
        assertThat(summary.path("materializations").asInt()).isEqualTo(1);
        assertThat(summary.path("checks").asInt()).isEqualTo(reader.method("report_asset_check").size());
    }

    @Test
    void theStderrChannelCarriesTheSameMessagesBesideTheLogLines() throws IOException {
        project(Optional.empty());
        Map<String, String> env = pipesEnvironment(tmp.resolve("unused.jsonl"), List.of());
        env.put("DAGSTER_PIPES_MESSAGES", encodeParam(Map.of("stdio", "stderr")));
        CliFixture.Run run = CliFixture.cli(defs, env, "materialize", "--group", "src0001");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> messageLines = run.err().lines().filter(l -> l.startsWith("{\"__dagster_pipes_version\"")).toList();
        ProtocolReader reader = new ProtocolReader(messageLines);
        assertThat(reader.method("report_asset_materialization")).extracting(p -> p.path("asset_key").asText())
                .containsExactlyInAnyOrder("duckdb/src0001/t0000", "duckdb/src0001/t0001");
        assertThat(run.out()).as("stdout keeps the CLI's own lines").contains("2 materialized");
    }

    @Test
    void failedAssetsAreErrorLogsAndTheClosedMessageCarriesTheException() throws IOException {
        project(Optional.of(new Fault.RunFailure()));
        Path messages = tmp.resolve("messages.jsonl");
        CliFixture.Run run = CliFixture.cli(defs, pipesEnvironment(messages, List.of()), "materialize", "--group", "src0000");
        assertThat(run.exitCode()).isEqualTo(1);

        ProtocolReader reader = new ProtocolReader(messages);
        assertThat(reader.method("log")).filteredOn(l -> l.path("level").asText().equals("ERROR")).isNotEmpty()
                .allSatisfy(l -> assertThat(l.path("message").asText()).startsWith("failed "));
        JsonNode closed = reader.method("closed").get(0);
        assertThat(closed.path("exception").path("message").asText()).contains("asset(s) failed to materialize")
                .contains("duckdb/src0000/t0000");
        assertThat(reader.method("report_asset_materialization")).isEmpty();
    }

    @Test
    void aMaterializationThatNeverStartsClosesTheSessionWithAnExceptionNotASuccess() throws IOException {
        project(Optional.empty());
        try (var state = Files.walk(defs.getParent().resolve(".local_defs_state"))) {
            state.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Path messages = tmp.resolve("messages.jsonl");
        CliFixture.Run run = CliFixture.cli(defs, pipesEnvironment(messages, List.of()), "materialize");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("[STATE_MISSING]");
        ProtocolReader reader = new ProtocolReader(messages);
        assertThat(reader.method("closed").get(0).path("exception").path("message").asText())
                .isEqualTo("the materialization did not finish");
        assertThat(reader.method("report_asset_materialization")).isEmpty();
    }

    @Test
    void aBootstrapThatDoesNotDecodeStopsBeforeRockyRunsWithOneLine() throws IOException {
        project(Optional.empty());
        Path messages = tmp.resolve("messages.jsonl");
        Map<String, String> env = pipesEnvironment(messages, List.of());
        int callsBefore = FakeRockyJournal.read(journal).size();

        env.put("DAGSTER_PIPES_MESSAGES", "not-base64!");
        CliFixture.Run bad = CliFixture.cli(defs, env, "materialize");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.errLines()).singleElement().asString().contains("DAGSTER_PIPES_MESSAGES cannot be base64-decoded")
                .endsWith("[PIPES_PROTOCOL]").doesNotContain("not-base64!");

        env.put("DAGSTER_PIPES_MESSAGES", encodeParam(Map.of("stdio", "stdout")));
        CliFixture.Run stdout = CliFixture.cli(defs, env, "materialize");
        assertThat(stdout.errLines()).singleElement().asString().contains("stdio 'stdout' is unsupported");

        env.put("DAGSTER_PIPES_MESSAGES", Base64.getEncoder().encodeToString("{\"path\": \"/tmp/x\"}".getBytes(StandardCharsets.UTF_8)));
        CliFixture.Run plain = CliFixture.cli(defs, env, "materialize");
        assertThat(plain.errLines()).as("plain base64 JSON is not the protocol").singleElement().asString()
                .contains("cannot be zlib-decompressed");

        env.remove("DAGSTER_PIPES_MESSAGES");
        CliFixture.Run missing = CliFixture.cli(defs, env, "materialize");
        assertThat(missing.errLines()).singleElement().asString().contains("DAGSTER_PIPES_MESSAGES is missing");

        assertThat(FakeRockyJournal.read(journal)).as("rocky was never called").hasSize(callsBefore);
        assertThat(messages).doesNotExist();
    }
}
