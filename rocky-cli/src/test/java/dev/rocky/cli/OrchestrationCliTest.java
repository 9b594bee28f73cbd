package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.testkit.FakeRockyExecutable;
import dev.rocky.testkit.ScaleProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code op_tags}, {@code schedules} and {@code automation} on the graph output, and
 * {@code schedule due} on a clock, over the scale project (two sources, so two groups): the
 * reference's one multi-asset per group with the op tags, {@code build_rocky_schedule}'s
 * {@code rocky/schedule} tag, {@code rocky_eager_automation} / {@code rocky_cron_automation}.
 */
class OrchestrationCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path defs;

    @BeforeEach
    void aProjectWithTwoGroups() throws IOException {
        Path project = ScaleProject.builder().sources(2).tablesPerSource(2).models(0).build().writeTo(tmp.resolve("scale"));
        FakeRockyExecutable.install(project.resolve("bin"), Optional.empty(), Optional.of(project), Optional.empty());
        defs = project.resolve("defs.yaml");
        write("");
        assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();
    }

    private void write(String extra) throws IOException {
        Files.writeString(defs, "type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: bin/rocky\n" + extra);
    }

    private static final String ORCHESTRATION = "  op_tags: {dagster/pool: rocky}\n"
            + "  schedules:\n"
            + "    - {name: daily_src0000, cron: \"0 6 * * *\", timezone: Europe/Berlin, groups: [src0000], tags: {team: data}}\n"
            + "    - {name: hourly_all, cron: \"0 * * * *\"}\n"
            + "  automation: {condition: on_cron, cron: \"30 7 * * 1-5\", groups: [src0001]}\n";

    @Test
    void theGraphSaysItsUnitsSchedulesAndAutomation() throws IOException {
        write(ORCHESTRATION);

        JsonNode graph = JSON.readTree(CliFixture.cli(defs, "defs", "--format", "json").out());

        assertThat(graph.path("executable_units")).hasSize(2);
        JsonNode unit = graph.path("executable_units").get(0);
        assertThat(unit.path("name").asText()).isEqualTo("rocky_src0000");
        assertThat(unit.path("can_subset").asBoolean()).isTrue();
        assertThat(unit.path("op_tags").path("dagster/pool").asText()).isEqualTo("rocky");
        assertThat(unit.path("asset_keys")).hasSize(2);
        JsonNode daily = graph.path("schedules").get(0);
        assertThat(daily.path("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(daily.path("tags").path("rocky/schedule").asText()).isEqualTo("daily_src0000");
        assertThat(daily.path("tags").path("team").asText()).isEqualTo("data");
        assertThat(daily.path("asset_keys")).hasSize(2);
        assertThat(graph.path("schedules").get(1).path("asset_keys")).as("no selection: the whole graph").hasSize(4);
        assertThat(graph.path("assets").findValues("automation_condition")).hasSize(2)
                .allSatisfy(a -> assertThat(a.path("cron").asText()).isEqualTo("30 7 * * 1-5"));
    }

    @Test
    void scheduleDueFollowsEachCronInItsZone() throws IOException {
        write(ORCHESTRATION);

        JsonNode six = JSON.readTree(CliFixture.cli(defs, "schedule", "due", "--at", "2026-12-02T05:00:00Z", "--format", "json").out());
        assertThat(six.path("runs").findValuesAsText("source")).as("06:00 in Berlin is 05:00 UTC, also the top of an hour")
                .containsExactly("schedule:daily_src0000", "schedule:hourly_all");

        JsonNode tuesday = JSON.readTree(CliFixture.cli(defs, "schedule", "due", "--at", "2026-12-01T07:30:20Z", "--format", "json")
                .out());
        assertThat(tuesday.path("runs")).singleElement().satisfies(r -> {
            assertThat(r.path("source").asText()).isEqualTo("automation:on_cron");
            assertThat(r.path("asset_keys")).hasSize(2);
        });
        JsonNode saturday = JSON.readTree(CliFixture.cli(defs, "schedule", "due", "--at", "2026-12-05T07:30:00Z", "--format", "json")
                .out());
        assertThat(saturday.path("runs")).isEmpty();
        assertThat(CliFixture.cli(defs, "schedule", "due", "--at", "2026-12-02T05:17:00Z").out()).isEqualTo("0 run(s) due at "
                + "2026-12-02T05:17:00Z\n");
    }

    @Test
    void aWrongScheduleIsRefusedByNameAndLine() throws IOException {
        write("  schedules:\n    - {name: bad, cron: \"61 * * * *\"}\n");
        CliFixture.Run cron = CliFixture.cli(defs, "defs");
        assertThat(cron.exitCode()).isEqualTo(1);
        assertThat(cron.err()).contains("schedules[0] (bad).cron").contains("is not a five-field cron");

        write("  schedules:\n    - {name: a, cron: \"0 6 * * *\", timezone: Mars/Olympus}\n");
        assertThat(CliFixture.cli(defs, "defs").err()).contains("'Mars/Olympus' is not an IANA time zone");

        write("  schedules:\n    - {name: a, cron: \"0 6 * * *\"}\n    - {name: a, cron: \"0 7 * * *\"}\n");
        assertThat(CliFixture.cli(defs, "defs").err()).contains("schedules[1].name 'a' is used twice");

        write("  schedules:\n    - {name: a, cron: \"0 6 * * *\", groups: [nope]}\n");
        CliFixture.Run group = CliFixture.cli(defs, "defs", "--format", "json");
        assertThat(group.exitCode()).isEqualTo(1);
        assertThat(group.err()).contains("schedule a selects group 'nope', which the graph does not have").contains("[CONFIG_INVALID]");

        write("  automation: {condition: eager, cron: \"0 6 * * *\"}\n");
        assertThat(CliFixture.cli(defs, "defs").err()).contains("automation.cron goes with condition: on_cron");
    }
}
