package dev.rocky.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.PipesMessage;
import dev.rocky.core.spec.MetadataValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipesMessageReaderTest {

    @TempDir
    Path dir;

    private static final String V = "{\"__dagster_pipes_version\": \"0.1\", ";

    @Test
    void eachProtocolMethodIsDecodedWithItsMetadataUnwrapped() {
        assertThat(PipesMessageReader.decode(1, V + "\"method\": \"opened\", \"params\": {\"extras\": {}}}"))
                .isInstanceOf(PipesMessage.Opened.class);
        PipesMessage m = PipesMessageReader.decode(2, V + "\"method\": \"report_asset_materialization\", \"params\": {"
                + "\"asset_key\": \"duckdb/raw\\\\/x/orders\", \"data_version\": null, \"metadata\": {"
                + "\"strategy\": {\"raw_value\": \"incremental\", \"type\": \"__infer__\"},"
                + "\"rows_copied\": {\"raw_value\": 42, \"type\": \"__infer__\"},"
                + "\"ratio\": {\"raw_value\": 0.5, \"type\": \"float\"},"
                + "\"nothing\": {\"raw_value\": null, \"type\": \"__infer__\"},"
                + "\"bare\": true, \"blob\": {\"raw_value\": {\"a\": 1}, \"type\": \"json\"}}}}");
        assertThat(m).isInstanceOfSatisfying(PipesMessage.Materialization.class, mat -> {
            assertThat(mat.engineKey()).containsExactly("duckdb", "raw/x", "orders");
            assertThat(mat.metadata()).containsEntry("strategy", MetadataValue.text("incremental"))
                    .containsEntry("rows_copied", MetadataValue.integer(42)).containsEntry("ratio", new MetadataValue.FloatValue(0.5))
                    .containsEntry("nothing", MetadataValue.NULL).containsEntry("bare", new MetadataValue.BoolValue(true))
                    .containsEntry("blob", MetadataValue.text("{\"a\":1}"));
        });
        assertThat(PipesMessageReader.decode(3, V + "\"method\": \"report_asset_check\", \"params\": {\"asset_key\": \"a/b\","
                + " \"check_name\": \"null_rate_id\", \"passed\": false, \"severity\": \"WARN\", \"metadata\": {}}}"))
                .isEqualTo(new PipesMessage.CheckResult(List.of("a", "b"), "null_rate_id", false, CheckSeverity.WARN, java.util.Map.of()));
        assertThat(PipesMessageReader.decode(4, V + "\"method\": \"log\", \"params\": {\"message\": \"hi\", \"level\": \"WARN\"}}"))
                .isEqualTo(new PipesMessage.Log("WARN", "hi"));
        assertThat(PipesMessageReader.decode(5, V + "\"method\": \"closed\", \"params\": {\"exception\": {\"message\": \"boom\"}}}"))
                .isEqualTo(new PipesMessage.Closed(java.util.Optional.of("boom")));
        assertThat(PipesMessageReader.decode(6, V + "\"method\": \"report_custom_message\", \"params\": {\"payload\": 1}}"))
                .isEqualTo(new PipesMessage.Unknown("report_custom_message"));
    }

    @Test
    void whatIsNotAProtocolMessageIsMalformedWithAReasonAndNeverItsContent() {
        assertThat(reason("{\"secret\": ")).isEqualTo("not JSON");
        assertThat(reason("[1]")).isEqualTo("not a JSON object");
        assertThat(reason("{\"method\": \"opened\"}")).isEqualTo("no __dagster_pipes_version");
        assertThat(reason("{\"__dagster_pipes_version\": \"9.9\", \"method\": \"opened\"}")).contains("protocol version 9.9");
        assertThat(reason(V + "\"params\": {}}")).isEqualTo("no method");
        assertThat(reason(V + "\"method\": \"report_asset_check\", \"params\": {\"asset_key\": \"a\", \"check_name\": \"c\", "
                + "\"passed\": \"yes\"}}")).contains("boolean passed");
        assertThat(reason(V + "\"method\": \"report_asset_check\", \"params\": {\"asset_key\": \"a\", \"check_name\": \"c\", "
                + "\"passed\": true, \"severity\": \"FATAL\"}}")).contains("neither ERROR nor WARN");
        assertThat(reason(V + "\"method\": \"report_asset_materialization\", \"params\": {}}")).contains("without an asset_key");
    }

    private static String reason(String line) {
        PipesMessage m = PipesMessageReader.decode(7, line);
        assertThat(m).isInstanceOf(PipesMessage.Malformed.class);
        assertThat(((PipesMessage.Malformed) m).line()).isEqualTo(7);
        return ((PipesMessage.Malformed) m).reason();
    }

    @Test
    void linesArriveAsTheyAreCompletedAndACutOffLastLineIsReported() throws IOException {
        Path file = dir.resolve("messages.jsonl");
        List<PipesMessage> heard = new ArrayList<>();
        PipesMessageReader reader = new PipesMessageReader(file, heard::add);
        reader.poll();
        assertThat(heard).as("no file yet").isEmpty();
        Files.writeString(file, V + "\"method\": \"opened\", \"params\": {\"extras\": {}}}\n" + V + "\"method\": \"lo",
                StandardCharsets.UTF_8);
        reader.poll();
        assertThat(heard).hasSize(1);
        Files.writeString(file, "g\", \"params\": {\"message\": \"m\", \"level\": \"INFO\"}}\n" + V + "\"method\": \"clo",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        reader.poll();
        assertThat(heard).hasSize(2).last().isEqualTo(new PipesMessage.Log("INFO", "m"));
        reader.finish();
        assertThat(heard).hasSize(3).last().isInstanceOfSatisfying(PipesMessage.Malformed.class, bad -> {
            assertThat(bad.line()).isEqualTo(3);
            assertThat(bad.reason()).startsWith("cut off");
        });
    }

    /** The engine's own wire, recorded: both forms decode, every line, to the same reports. */
    @Test
    void theEnginesRecordedWireDecodesInBothItsFormsToTheSameReports() throws IOException {
        List<List<PipesMessage>> both = new ArrayList<>();
        for (String name : List.of("lane_incident.jsonl", "bare_incident.jsonl")) {
            Path file = dir.resolve(name);
            try (var in = getClass().getResourceAsStream("/dev/rocky/process/pipes_wire/" + name)) {
                Files.write(file, in.readAllBytes());
            }
            List<PipesMessage> heard = new ArrayList<>();
            PipesMessageReader reader = new PipesMessageReader(file, heard::add);
            reader.finish();
            assertThat(heard).as(name).hasSize(6).noneMatch(m -> m instanceof PipesMessage.Malformed || m instanceof PipesMessage.Unknown);
            assertThat(heard.get(5)).isEqualTo(new PipesMessage.Closed(java.util.Optional.empty()));
            both.add(heard);
        }
        PipesMessage.Materialization lane = (PipesMessage.Materialization) both.get(0).get(1);
        PipesMessage.Materialization bare = (PipesMessage.Materialization) both.get(1).get(1);
        assertThat(lane.engineKey()).containsExactly("duckdb", "events", "events").isEqualTo(bare.engineKey());
        assertThat(lane.metadata().keySet()).isEqualTo(bare.metadata().keySet());
        assertThat(lane.metadata()).containsEntry("strategy", MetadataValue.text("full_refresh"))
                .containsEntry("target_table_full_name", MetadataValue.text("poc.staging__events.events"));
        for (int i = 2; i <= 3; i++) {
            assertThat(both.get(0).get(i)).as("check %d: lane and bare are the same report", i).isEqualTo(both.get(1).get(i));
        }
        assertThat(both.get(0).get(3)).isInstanceOfSatisfying(PipesMessage.CheckResult.class, c -> {
            assertThat(c.checkName()).isEqualTo("row_count_anomaly");
            assertThat(c.passed()).isFalse();
            assertThat(c.severity()).isEqualTo(CheckSeverity.WARN);
            assertThat(c.metadata()).containsEntry("rocky/current_count", MetadataValue.integer(5))
                    .containsEntry("rocky/deviation_pct", new MetadataValue.FloatValue(98.67109634551495));
        });
    }
}
