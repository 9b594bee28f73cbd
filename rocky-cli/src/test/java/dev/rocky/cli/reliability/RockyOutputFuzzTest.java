package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.contract.RockyContract;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.RunOptions;
import dev.rocky.process.CommandResult;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import dev.rocky.testkit.project.ProjectAnswers;
import dev.rocky.testkit.project.RockyProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated rocky stdout, read by {@link ProcessRockyCli}: every recorded output of a command we
 * read (and, labelled synthetic, {@code compliance} and {@code retention-status} answers derived
 * from the bundled governance projects, which were never recorded) damaged by
 * {@link JsonMutator}, with exit codes 0, 1 and 2. Each case must end in a result or a typed
 * error within 10 s. 600 cases in the default build, 12,000 under {@code -Preliability};
 * {@code -Drocky.fuzz.seed=N} starts from another seed.
 */
class RockyOutputFuzzTest {

    private static final Set<String> READ = Set.of("discover", "compile", "optimize", "dag", "lineage", "compliance",
            "retention-status", "run", "plan");
    private static final long BASE_SEED = Long.getLong("rocky.fuzz.seed", 0x5EED_0001L);

    @TempDir
    Path dir;

    record Seed(String name, String command, byte[] bytes) {
    }

    @Test
    void everyMutatedOutputEndsInAResultOrATypedError() throws Exception {
        List<Seed> seeds = seeds();
        assertThat(seeds).extracting(Seed::command).containsAll(READ);
        Reliability.Tally tally = Reliability.tally("fuzz: mutated rocky output");
        int cases = Reliability.count(600, 12_000);
        try (CaseRunner runner = new CaseRunner(tally, Duration.ofSeconds(10))) {
            for (int i = 0; i < cases; i++) {
                Seed seed = seeds.get(i % seeds.size());
                JsonMutator.Mutant mutant = JsonMutator.mutate(seed.bytes(), BASE_SEED + i);
                int exit = new Random(mutant.seed()).nextInt(6) == 0 ? 1 + new Random(~mutant.seed()).nextInt(2) : 0;
                runner.run(mutant.describe(seed.name()) + " exit " + exit, () -> read(seed.command(), mutant.bytes(), exit));
            }
        }
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
        assertThat(tally.tried()).isEqualTo(cases);
    }

    private String read(String command, byte[] stdout, int exit) {
        ProcessRockyCli cli = new ProcessRockyCli(RockyCliSettings.defaults("rocky", dir), (request, stderr) -> {
            if (request.argv().contains("--version")) {
                return CommandResult.exited(0, "rocky 1.71.0\n".getBytes(StandardCharsets.UTF_8), List.of(), Duration.ZERO);
            }
            stderr.accept("fuzz case");
            return CommandResult.exited(exit, stdout, List.of("fuzz case"), Duration.ZERO);
        }, LogSink.NONE);
        RunOptions options = RunOptions.builder().build();
        Object value;
        switch (command) {
            case "discover" -> value = cli.discover().value();
            case "compile" -> value = cli.compile("models").value();
            case "optimize" -> value = cli.optimize("models").value();
            case "dag" -> value = cli.dag("models", true).value();
            case "lineage" -> value = cli.lineage("model", "models").value();
            case "compliance" -> value = cli.compliance("models").value();
            case "retention-status" -> value = cli.retentionStatus("models").value();
            case "run" -> value = cli.run(options, LogSink.NONE).value();
            case "plan" -> value = cli.plan(options, LogSink.NONE).value();
            default -> throw new IllegalArgumentException(command);
        }
        // A value must be whole: its toString walks every record component.
        assertThat(value.toString()).isNotNull();
        return "result";
    }

    private List<Seed> seeds() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Seed> seeds = new ArrayList<>();
        for (String fixture : RockyContract.fixtures()) {
            byte[] bytes = RockyContract.read(fixture).getBytes(StandardCharsets.UTF_8);
            JsonNode tree = mapper.readTree(bytes);
            String command = tree.path("command").asText();
            if (READ.contains(command)) {
                seeds.add(new Seed(fixture, command, bytes));
                if (command.equals("plan")) {
                    // The plan rocky persists next to the project, so the unmutated plan is a result.
                    Path plan = new ProcessRockyCli(RockyCliSettings.defaults("rocky", dir), (r, s) -> null, LogSink.NONE)
                            .planFile(tree.path("plan_id").asText());
                    Files.createDirectories(plan.getParent());
                    Files.write(plan, bytes);
                }
            }
        }
        ObjectMapper printer = new ObjectMapper();
        RockyProject compliance = RockyProject.load(
                RockyContract.extract("projects/05-classification-masking-compliance", dir.resolve("p05")));
        seeds.add(new Seed("synthetic compliance (05)", "compliance", printer.writeValueAsBytes(
                ProjectAnswers.of(compliance).compliance("models", Optional.empty(), false))));
        RockyProject retention = RockyProject.load(RockyContract.extract("projects/06-retention-policies", dir.resolve("p06")));
        seeds.add(new Seed("synthetic retention-status (06)", "retention-status", printer.writeValueAsBytes(
                ProjectAnswers.of(retention).retentionStatus("models", Optional.empty(), false))));
        return seeds;
    }
}
