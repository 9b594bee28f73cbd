package dev.rocky.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.contract.RockyContract;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyCommandException;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.RockyOutputException;
import dev.rocky.core.error.RockyTimeoutException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.state.RockyOutput;
import dev.rocky.core.model.CompileResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ProcessRockyCliTest {

    /** A hand-written runner: answers --version, then the next scripted result; records requests. */
    static final class ScriptedRunner implements CommandRunner {
        final List<CommandRequest> requests = new CopyOnWriteArrayList<>();
        String version = "rocky 1.71.0\n";
        CommandResult next;
        List<String> stderr = List.of();

        @Override
        public CommandResult run(CommandRequest request, Consumer<String> stderrLines) {
            requests.add(request);
            if (request.argv().get(1).equals("--version")) {
                return CommandResult.exited(0, version.getBytes(StandardCharsets.UTF_8), List.of(), Duration.ZERO);
            }
            stderr.forEach(stderrLines);
            return next;
        }
    }

    private final ScriptedRunner runner = new ScriptedRunner();
    private final List<String> logged = new ArrayList<>();
    private final LogSink log = new LogSink() {
        @Override
        public void log(Level level, String message) {
            logged.add(level + " " + message);
        }

        @Override
        public void rockyStderr(String command, String line) {
            logged.add("stderr " + command + " " + line);
        }
    };
    private final ProcessRockyCli cli = new ProcessRockyCli(RockyCliSettings.defaults("/opt/rocky", Path.of("/proj")), runner, log);

    private static CommandResult ok(String json) {
        return CommandResult.exited(0, json.getBytes(StandardCharsets.UTF_8), List.of(), Duration.ofMillis(5));
    }

    /** The reference's resource passes {@code --contracts} to compile when {@code contracts_dir} is set. */
    @Test
    void compileAndDagPassTheContractsDirectoryWhenThereIsOneAndRefuseOneThatReadsAsAnOption() {
        runner.next = ok(RockyContract.read("fixtures/compile.json"));
        cli.compile("models", java.util.Optional.of("contracts"));
        assertThat(runner.requests.get(1).argv()).endsWith("compile", "--models", "models", "--contracts", "contracts");

        runner.next = ok(RockyContract.read("fixtures/compile.json"));
        cli.compile("models");
        assertThat(runner.requests.get(runner.requests.size() - 1).argv()).endsWith("compile", "--models", "models")
                .doesNotContain("--contracts");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cli.compile("models", java.util.Optional.of("--all")))
                .isInstanceOf(dev.rocky.core.error.RockyException.class).hasMessageContaining("contracts directory");

        runner.next = ok(RockyContract.read("fixtures/dag.json"));
        cli.dag("models", true, java.util.Optional.of("contracts"));
        assertThat(runner.requests.get(runner.requests.size() - 1).argv())
                .endsWith("dag", "--contracts", "contracts", "--column-lineage");
    }

    /**
     * dagster-rocky 1.63 (#1348) runs {@code rocky dag} without {@code --models} so each
     * transformation pipeline resolves its own root; engines before 1.68 need the flag.
     */
    @Test
    void dagLeavesOutModelsFromRocky168SoEachPipelineResolvesItsOwnRootAndPassesItToOlderEngines() {
        runner.next = ok(RockyContract.read("fixtures/dag.json"));
        cli.dag("transforms", false);
        assertThat(runner.requests.get(runner.requests.size() - 1).argv()).endsWith("--output", "json", "dag")
                .doesNotContain("--models");

        for (String old : List.of("rocky 1.67.9\n", "not a version")) {
            ScriptedRunner older = new ScriptedRunner();
            older.version = old;
            older.next = ok(RockyContract.read("fixtures/dag.json"));
            new ProcessRockyCli(RockyCliSettings.defaults("/opt/rocky", Path.of("/proj")), older, log).dag("transforms", false);
            assertThat(older.requests.get(older.requests.size() - 1).argv()).as(old).endsWith("dag", "--models", "transforms");
        }
    }

    @Test
    void discoverPassesItsPipelineAndRefusesOneThatReadsAsAnOption() {
        runner.next = ok(RockyContract.read("fixtures/discover.json"));
        cli.discover(Optional.of("ingest"));
        assertThat(runner.requests.get(runner.requests.size() - 1).argv()).endsWith("--output", "json", "discover", "--pipeline",
                "ingest");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cli.discover(Optional.of("--all")))
                .isInstanceOf(dev.rocky.core.error.RockyException.class).hasMessageContaining("pipeline");
    }

    @Test
    void buildsTheArgvTheCliExpectsWithGlobalOptionsBeforeTheSubcommand() {
        runner.next = ok(RockyContract.read("fixtures/discover.json"));
        cli.discover();
        CommandRequest request = runner.requests.get(1);
        assertThat(request.argv()).containsExactly("/opt/rocky", "--config", "rocky.toml", "--state-path", ".rocky-state.redb",
                "--output", "json", "discover");
        assertThat(request.workingDirectory()).isEqualTo(Path.of("/proj"));
        assertThat(request.environment()).containsEntry("ROCKY_SUPPRESS_DEPRECATION", "1");
        assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(3600));
    }

    @Test
    void usesStateNamespaceInsteadOfStatePathWhenConfigured() {
        RockyCliSettings settings = new RockyCliSettings("rocky", Path.of("/p"), "cfg/rocky.toml", ".rocky-state.redb",
                Optional.of("tenant_a"), Duration.ofSeconds(9), 1024);
        assertThat(new ProcessRockyCli(settings, runner, log).argv(List.of("compile", "--models", "models")))
                .containsExactly("rocky", "--config", "cfg/rocky.toml", "--state-namespace", "tenant_a", "--output", "json",
                        "compile", "--models", "models");
    }

    @Test
    void checksTheVersionOnceAndForwardsStderrLines() {
        runner.next = ok(RockyContract.read("fixtures/discover.json"));
        runner.stderr = List.of("{\"level\":\"INFO\",\"msg\":\"discovering\"}", "done");
        cli.discover();
        cli.discover();
        assertThat(runner.requests).extracting(r -> r.argv().get(1)).containsExactly("--version", "--config", "--config");
        assertThat(logged).contains("stderr discover done");
    }

    @Test
    void refusesAnEngineOlderThanTheFloor() {
        runner.version = "rocky 1.33.9\n";
        runner.next = ok(RockyContract.read("fixtures/discover.json"));
        assertThatThrownBy(cli::discover).isInstanceOf(RockyException.class)
                .satisfies(e -> assertThat(((RockyException) e).code()).isEqualTo(ErrorCode.ENGINE_TOO_OLD))
                .hasMessageContaining("1.33.9").hasMessageContaining("1.34.0");
    }

    @Test
    void warnsAndGoesOnWhenTheVersionCannotBeRead() {
        runner.version = "something else";
        runner.next = ok(RockyContract.read("fixtures/discover.json"));
        assertThat(cli.discover().value().sources()).hasSize(1);
        assertThat(logged).anyMatch(l -> l.startsWith("WARN cannot read the rocky version"));
    }

    @Test
    void keepsTheExactStdoutBesideTheParsedValue() {
        String json = RockyContract.read("fixtures/discover.json");
        runner.next = ok(json);
        assertThat(new String(cli.discover().json(), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void exitOneWithEmptyStdoutIsACommandErrorWithTheStderrTail() {
        runner.next = CommandResult.exited(1, new byte[0], List.of("warning: x", "Error: config not found"), Duration.ZERO);
        assertThatThrownBy(cli::discover).isInstanceOfSatisfying(RockyCommandException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(1);
            assertThat(e.stderrTail()).containsExactly("warning: x", "Error: config not found");
            assertThat(e.getMessage()).contains("rocky discover failed with exit code 1").contains("Error: config not found")
                    .doesNotContain("\n");
        });
    }

    @Test
    void compileWithErrorsIsAResultNotAnError() {
        String json = RockyContract.read("fixtures/contracts/compile.json");
        runner.next = CommandResult.exited(1, json.getBytes(StandardCharsets.UTF_8), List.of(), Duration.ZERO);
        RockyOutput<CompileResult> out = cli.compile("models");
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.value().hasErrors()).isTrue();
    }

    @Test
    void discoverWithJsonAndANonZeroExitIsStillAnError() {
        String json = RockyContract.read("fixtures/discover.json");
        runner.next = CommandResult.exited(2, json.getBytes(StandardCharsets.UTF_8), List.of(), Duration.ZERO);
        assertThatThrownBy(cli::discover).isInstanceOf(RockyCommandException.class);
    }

    @Test
    void aTimeoutIsReportedAsATimeout() {
        runner.next = new CommandResult(-1, new byte[0], List.of("still working"), Duration.ofSeconds(3600), true, false);
        assertThatThrownBy(cli::discover).isInstanceOfSatisfying(RockyTimeoutException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.getMessage()).contains("3600 s").contains("killed").contains("timeout_seconds");
        });
    }

    @Test
    void stdoutOverTheCapIsReported() {
        runner.next = new CommandResult(-1, new byte[0], List.of(), Duration.ZERO, false, true);
        assertThatThrownBy(cli::discover).isInstanceOfSatisfying(RockyOutputException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT_TOO_LARGE));
    }

    @Test
    void emptyOrNonJsonStdoutIsNotJson() {
        runner.next = ok("");
        assertThatThrownBy(cli::discover).isInstanceOfSatisfying(RockyOutputException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT_NOT_JSON));
        runner.next = ok("Discovering sources...\n");
        assertThatThrownBy(cli::discover).isInstanceOfSatisfying(RockyOutputException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT_NOT_JSON));
        runner.next = ok("{\"version\":\"1\",\"command\":\"discover\",\"sources\":[");
        assertThatThrownBy(cli::discover).isInstanceOfSatisfying(RockyOutputException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT_NOT_JSON));
    }

    @Test
    void aKeyRepeatedInOneObjectIsRefusedWhereverItIsEvenInAFieldNothingReads() {
        String head = "{\"version\":\"1\",\"command\":\"discover\",\"sources\":[{\"id\":\"a\",\"components\":{},"
                + "\"source_type\":\"duckdb\",\"tables\":[";
        runner.next = ok(head + "{\"name\":\"t\",\"name\":\"u\"}]}]}");
        assertThatThrownBy(cli::discover).isInstanceOfSatisfying(RockyOutputException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT_NOT_JSON);
            assertThat(e.getMessage()).contains("Duplicate field 'name'").contains("$.sources[0].tables[0].name");
        });
        // an unmapped field is skipped, and still read for repeated keys, as Jackson's own check reads it
        runner.next = ok(head + "{\"name\":\"t\",\"engine_extra\":{\"k\":1,\"j\":[{\"k\":2,\"k\":3}]}}]}]}");
        assertThatThrownBy(cli::discover).isInstanceOfSatisfying(RockyOutputException.class,
                e -> assertThat(e.getMessage()).contains("Duplicate field 'k'"));
        // the same keys in sibling objects, or at another depth, are no repetition
        runner.next = ok(head + "{\"name\":\"t\",\"x\":{\"name\":1}},{\"name\":\"u\"}]}]}");
        assertThat(cli.discover().value().sources().get(0).tables()).extracting(t -> t.name()).containsExactly("t", "u");
    }

    @Test
    void aSchemaMismatchNamesTheCommandAndTheJsonPath() {
        runner.next = ok("{\"version\":\"1\",\"command\":\"discover\",\"sources\":[{\"id\":\"a\",\"components\":{},"
                + "\"source_type\":\"duckdb\",\"tables\":[{\"row_count\":3}]}]}");
        assertThatThrownBy(cli::discover).isInstanceOfSatisfying(RockyOutputException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
            assertThat(e.command()).isEqualTo("discover");
            assertThat(e.jsonPath()).contains("$.sources[0].tables[0].name");
            assertThat(e.getMessage()).contains("$.sources[0].tables[0].name");
        });
    }

    @Test
    void theLiteralNullIsASchemaMismatchNotANullPointer() {
        runner.next = ok("null\n");
        assertThatThrownBy(cli::discover).isInstanceOfSatisfying(RockyOutputException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
            assertThat(e.getMessage()).contains("printed the JSON literal null");
        });
    }

    @Test
    void aSecretRockyEchoesInItsJsonIsMaskedBeforeAnythingReadsIt() {
        ProcessRockyCli masking = new ProcessRockyCli(RockyCliSettings.defaults("/opt/rocky", Path.of("/proj")), runner, log,
                dev.rocky.core.run.Secrets.of(List.of("hunter2-secret")));
        String json = RockyContract.read("fixtures/discover.json").strip();
        runner.next = ok(json.substring(0, json.length() - 1) + ",\"failed_sources\":[{\"id\":\"raw__x\",\"schema\":\"raw__x\","
                + "\"source_type\":\"duckdb\",\"error_class\":\"auth\",\"message\":\"password hunter2-secret refused\"}]}");
        var out = masking.discover();
        assertThat(new String(out.json(), StandardCharsets.UTF_8)).contains("password *** refused").doesNotContain("hunter2");
        assertThat(out.value().failedSources()).singleElement().satisfies(f -> assertThat(f.message()).isEqualTo("password *** refused"));
    }

    @Test
    void theStdoutCapIsNeverMoreThanAnEighthOfTheHeap() {
        long mib = 1024L * 1024;
        assertThat(ProcessRockyCli.stdoutCap(256 * mib, 4096 * mib)).isEqualTo(256 * mib);
        assertThat(ProcessRockyCli.stdoutCap(256 * mib, 256 * mib)).isEqualTo(32 * mib);
        assertThat(ProcessRockyCli.stdoutCap(256 * mib, 2 * mib)).as("at least 1 MiB").isEqualTo(mib);
    }

    @Test
    void wrongTypesAndExplicitNullsAreSchemaMismatches() {
        for (String bad : List.of(
                "{\"version\":\"1\",\"command\":\"discover\",\"sources\":[{\"id\":7,\"components\":{},\"source_type\":\"d\",\"tables\":[]}]}",
                "{\"version\":\"1\",\"command\":\"discover\",\"sources\":[{\"id\":\"a\",\"components\":{},\"source_type\":null,\"tables\":[]}]}",
                "{\"version\":\"1\",\"command\":\"discover\",\"sources\":[{\"id\":\"a\",\"components\":{},\"source_type\":\"d\",\"tables\":[{\"name\":\"t\",\"row_count\":\"12\"}]}]}",
                "{\"version\":\"1\",\"command\":\"discover\",\"sources\":[{\"id\":\"a\",\"components\":{},\"source_type\":\"d\",\"tables\":[{\"name\":\"t\",\"row_count\":99999999999999999999999}]}]}",
                "{\"version\":\"1\",\"command\":\"discover\",\"sources\":{}}",
                "{\"version\":\"1\",\"command\":\"discover\",\"sources\":[null]}",
                "{\"version\":\"1\",\"command\":\"discover\",\"sources\":[{\"id\":\"a\",\"components\":{},\"source_type\":\"d\",\"tables\":[null]}]}")) {
            runner.next = ok(bad);
            assertThatThrownBy(cli::discover).as(bad).isInstanceOfSatisfying(RockyOutputException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH));
        }
        // discover's components may hold any value, null included; a null one is skipped.
        runner.next = ok("{\"version\":\"1\",\"command\":\"discover\",\"sources\":[{\"id\":\"a\",\"components\":{\"x\":null,"
                + "\"source\":\"s\"},\"source_type\":\"d\",\"tables\":[]}]}");
        assertThat(cli.discover().value().sources().get(0).components()).containsOnlyKeys("source");
    }

    @Test
    void aDocumentOfAnotherCommandIsAMismatchAtCommand() {
        runner.next = ok(RockyContract.read("fixtures/optimize.json"));
        assertThatThrownBy(cli::discover).isInstanceOfSatisfying(RockyOutputException.class,
                e -> assertThat(e.jsonPath()).contains("$.command"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        runner.next = ok("{\"version\":\"9.9.9\",\"command\":\"discover\",\"brand_new\":{\"x\":1},\"sources\":[{\"id\":\"a\","
                + "\"components\":{\"tenant\":\"acme\",\"regions\":[\"us\",\"eu\"]},\"source_type\":\"fivetran\",\"new_field\":1,"
                + "\"tables\":[{\"name\":\"t\",\"row_count\":12}]}]}");
        var source = cli.discover().value().sources().get(0);
        assertThat(source.components().get("regions").joined()).isEqualTo("us__eu");
        assertThat(source.tables().get(0).rowCount()).hasValue(12);
    }

    @Test
    void settingsRejectANonPositiveBudget() {
        assertThatThrownBy(() -> RockyCliSettings.defaults("rocky", Path.of(".")).withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
