package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.testkit.FakeRockyExecutable;
import dev.rocky.testkit.Fault;
import dev.rocky.testkit.ScaleProject;
import dev.rocky.testkit.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The discover sensor end to end (issue 25's case): discover reports two new syncs → {@code sensor
 * tick} gives two requests → materializing one request → the cursor advanced, the next tick gives
 * none; a later sync of one source gives one request again. Two sources of the scale project,
 * answered by the project-model fake, whose discover reports the syncs of the scenario.
 */
class SensorCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path project;
    private Path defs;
    private Path scenario;

    @BeforeEach
    void aProjectWithTwoSources() throws IOException {
        project = ScaleProject.builder().sources(2).tablesPerSource(2).models(0).build().writeTo(tmp.resolve("scale"));
        scenario = tmp.resolve("scenario.properties");
        syncs(Map.of());
        FakeRockyExecutable.install(project.resolve("bin"), Optional.empty(), Optional.of(project), Optional.of(scenario));
        defs = project.resolve("defs.yaml");
        Files.writeString(defs, "type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: bin/rocky\n  enable_sensor: true\n"
                + "  sensor_interval_seconds: 1\n");
        assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();
    }

    private void syncs(Map<String, String> syncs) throws IOException {
        Scenario s = Scenario.none().withVersion("rocky 1.71.0");
        if (!syncs.isEmpty()) {
            s = s.withFault("discover", new Fault.Synced(new java.util.TreeMap<>(syncs)));
        }
        s.write(scenario);
    }

    private JsonNode tick(String... extra) throws Exception {
        Thread.sleep(1_100); // sensor_interval_seconds: 1
        List<String> args = new ArrayList<>(List.of("sensor", "tick", "--format", "json"));
        args.addAll(List.of(extra));
        CliFixture.Run run = CliFixture.cli(defs, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    @Test
    void twoNewSyncsGiveTwoRequestsAndTheCursorStopsThemRepeating() throws Exception {
        assertThat(tick().path("run_requests")).as("no source has a sync time yet").isEmpty();

        syncs(Map.of("raw__src0000", "2026-12-01T10:00:00Z", "raw__src0001", "2026-12-01T11:00:00Z"));
        JsonNode dry = tick("--dry-run");
        assertThat(dry.path("run_requests")).hasSize(2);
        JsonNode first = tick();
        assertThat(first.path("run_requests")).as("a dry run did not advance the cursor").hasSize(2);
        JsonNode request = first.path("run_requests").get(0);
        assertThat(request.path("run_key").asText()).isEqualTo("raw__src0000-2026-12-01T10:00:00Z");
        assertThat(request.path("filter").asText()).isEqualTo("id=raw__src0000");
        assertThat(request.path("tags").path("rocky/source_id").asText()).isEqualTo("raw__src0000");
        assertThat(request.path("asset_keys").toString()).isEqualTo("[[\"duckdb\",\"src0000\",\"t0000\"],[\"duckdb\",\"src0000\",\"t0001\"]]");
        assertThat(first.path("cursor").path("syncs").path("raw__src0001").asText()).isEqualTo("2026-12-01T11:00:00Z");

        List<String> materialize = new ArrayList<>(List.of("materialize", "--format", "jsonl"));
        request.path("asset_keys").forEach(k -> {
            materialize.add("--select");
            List<String> parts = new ArrayList<>();
            k.forEach(p -> parts.add(p.asText()));
            materialize.add(String.join("/", parts));
        });
        CliFixture.Run run = CliFixture.cli(defs, materialize.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"type\":\"materialization\"");

        JsonNode second = tick();
        assertThat(second.path("run_requests")).as("nothing synced since").isEmpty();
        assertThat(second.path("skip_reason").asText()).isEqualTo("no Rocky source has synced since the last tick");

        syncs(Map.of("raw__src0000", "2026-12-01T12:00:00Z", "raw__src0001", "2026-12-01T11:00:00Z"));
        JsonNode third = tick();
        assertThat(third.path("run_requests")).hasSize(1);
        assertThat(third.path("run_requests").get(0).path("run_key").asText()).isEqualTo("raw__src0000-2026-12-01T12:00:00Z");
    }

    @Test
    void perGroupGranularityAndTheMinimumIntervalAndAnOffSensor() throws Exception {
        Files.writeString(defs, Files.readString(defs).replace("sensor_interval_seconds: 1", "sensor_interval_seconds: 3600")
                + "  sensor_granularity: per_group\n");
        syncs(Map.of("raw__src0000", "2026-12-01T10:00:00Z", "raw__src0001", "2026-12-01T11:00:00Z"));
        JsonNode first = tick();
        assertThat(first.path("run_requests")).as("each source is its own group in the scale project").hasSize(2);
        assertThat(first.path("run_requests").get(1).path("tags").path("rocky/group").asText()).isEqualTo("src0001");

        syncs(Map.of("raw__src0000", "2026-12-01T13:00:00Z"));
        JsonNode soon = tick();
        assertThat(soon.path("run_requests")).isEmpty();
        assertThat(soon.path("skip_reason").asText()).startsWith("the last tick was less than 3600 s ago");

        Files.writeString(defs, "type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: bin/rocky\n");
        CliFixture.Run off = CliFixture.cli(defs, "sensor", "tick");
        assertThat(off.exitCode()).isEqualTo(1);
        assertThat(off.err()).contains("the discover sensor is off; set enable_sensor: true");
    }

    /** The cursor lives in the state's own store: here Valkey, under the state's key with {@code _sensor_cursor}. */
    @Test
    void theCursorLivesBesideTheStateInTheSameStore() throws Exception {
        try (dev.rocky.testkit.state.RedisServer valkey = dev.rocky.testkit.state.RedisServer.startOrSkip(tmp.resolve("valkey"),
                Optional.empty())) {
            Files.writeString(defs, Files.readString(defs) + "  defs_state:\n    management_type: VERSIONED_STATE_STORAGE\n"
                    + "    key: sensed\n    storage: {type: valkey, host: 127.0.0.1, port: " + valkey.port() + "}\n");
            assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();
            syncs(Map.of("raw__src0000", "2026-12-01T10:00:00Z"));

            assertThat(tick().path("run_requests")).hasSize(1);

            try (dev.rocky.state.remote.ValkeyVersionStorage stored = new dev.rocky.state.remote.ValkeyVersionStorage(
                    dev.rocky.state.remote.ValkeySettings.of("127.0.0.1", valkey.port()), "sensed_sensor_cursor")) {
                String latest = stored.pointer().orElseThrow().version();
                assertThat(new String(stored.get(latest).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8))
                        .contains("\"raw__src0000\" : \"2026-12-01T10:00:00Z\"");
            }
            assertThat(tick().path("run_requests")).as("the next tick reads the cursor back from Valkey").isEmpty();
        }
    }
}
