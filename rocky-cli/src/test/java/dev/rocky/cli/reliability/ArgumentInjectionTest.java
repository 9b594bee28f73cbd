package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.cli.CliFixture;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.contract.RockyContract;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.RunOptions;
import dev.rocky.process.CommonsExecCommandRunner;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that would turn into options, or that a shell would expand, on their way to rocky: a
 * value starting with {@code -}, or with a line break or NUL, is refused before anything starts
 * (by the run options, the process adapter, defs.yaml and the CLI); anything else — quotes,
 * {@code $(…)}, {@code ;}, globs, {@code =} — reaches the binary as exactly one argument, because
 * the binary is started without a shell.
 */
class ArgumentInjectionTest {

    private static final List<String> REFUSED = List.of("-x", "--all", "--filter=id=x", "-", "a\nb", "a\rb", "a\u0000b",
            "ok\n--all");

    @TempDir
    Path dir;

    @Test
    void runOptionsRefuseOptionLikeAndLineBreakingValues() {
        Reliability.Tally tally = Reliability.tally("argument injection: run options refuse");
        List<Map.Entry<String, Consumer<String>>> setters = List.of(
                // A filter is one argument, key=value: a leading '-' matters in the key, a line break anywhere.
                Map.entry("filter", v -> RunOptions.builder().filter(v.startsWith("-") ? v.replace("=", "") + "=x" : "id=" + v)),
                Map.entry("pipeline", v -> RunOptions.builder().pipeline(v)),
                Map.entry("model", v -> RunOptions.builder().model(v)),
                Map.entry("models directory", v -> RunOptions.builder().models(v, false)),
                Map.entry("partition key", v -> RunOptions.builder().partition(v)),
                Map.entry("--from", v -> RunOptions.builder().range(v, "2026-04-08")),
                Map.entry("--to", v -> RunOptions.builder().range("2026-04-08", v)),
                Map.entry("shadow suffix", v -> RunOptions.builder().shadowSuffix(v)),
                Map.entry("idempotency key", v -> RunOptions.builder().idempotencyKey(v)));
        for (Map.Entry<String, Consumer<String>> setter : setters) {
            for (String value : REFUSED) {
                try {
                    setter.getValue().accept(value);
                    tally.fail("accepted", setter.getKey() + " took " + value.replace("\n", "\\n"));
                } catch (IllegalArgumentException e) {
                    boolean secret = setter.getKey().equals("idempotency key");
                    if (secret && value.length() > 2 && e.getMessage().contains(value)) {
                        tally.fail("secret in message", e.getMessage());
                    } else if (!e.getMessage().contains(secret ? "not shown" : setter.getKey())) {
                        tally.fail("message does not say what", e.getMessage());
                    } else {
                        tally.pass("refused");
                    }
                }
            }
        }
        // A governance override is JSON and may span lines, but may not start with '-' or hold a NUL.
        assertThat(RunOptions.builder().governanceOverride("{\n  \"workspace_ids\": [1]\n}").build().governanceOverride())
                .isPresent();
        assertThatThrownBy(() -> RunOptions.builder().governanceOverride("-{}")).hasMessageContaining("not shown");
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    @Test
    void theProcessAdapterRefusesAHostileModelNameBeforeSpawning() {
        AtomicInteger spawned = new AtomicInteger();
        ProcessRockyCli cli = new ProcessRockyCli(RockyCliSettings.defaults("rocky", dir), (request, stderr) -> {
            spawned.incrementAndGet();
            throw new AssertionError("spawned " + request.argv());
        }, LogSink.NONE);
        Reliability.Tally tally = Reliability.tally("argument injection: process adapter refuses");
        for (String value : REFUSED) {
            try {
                cli.lineage(value, "models");
                tally.fail("accepted", "lineage " + value);
            } catch (RockyException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                assertThat(e.getMessage()).contains("model name").doesNotContain("\n");
                tally.pass("refused");
            }
            assertThatThrownBy(() -> cli.compile(value)).isInstanceOf(RockyException.class).hasMessageContaining("models directory");
            tally.pass("refused");
        }
        assertThat(spawned).hasValue(0);
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    @Test
    void defsYamlRefusesOptionLikePaths() throws IOException {
        Reliability.Tally tally = Reliability.tally("argument injection: defs.yaml refuses");
        for (String attribute : List.of("config_path", "state_path", "models_dir")) {
            for (String value : List.of("-x", "--help", "a\\nb", "a\\u0000b")) {
                Path defs = Files.createDirectories(dir.resolve(attribute + tally.tried())).resolve("defs.yaml");
                Files.writeString(defs, "type: dagster_rocky.RockyComponent\nattributes:\n  " + attribute + ": \"" + value + "\"\n");
                try {
                    new DefsYamlLoader().load(defs);
                    tally.fail("accepted", attribute + ": " + value);
                } catch (ConfigException e) {
                    assertThat(e.getMessage()).contains(attribute).doesNotContain("\n");
                    tally.pass("refused");
                }
            }
        }
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    @Test
    void theCliRefusesAnOptionLikePartitionAsAUsageError() {
        CliFixture fx = new CliFixture(dir);
        assertThat(fx.cli("refresh").exitCode()).isZero();
        for (String option : List.of("--partition", "--shadow-suffix", "--idempotency-key")) {
            CliFixture.Run run = fx.cli("materialize", option + "=--all");
            assertThat(run.exitCode()).as(option).isEqualTo(2);
            assertThat(run.errLines().get(0)).contains(option).contains("starts with '-'");
            assertThat(run.err()).as("a secret is never shown").doesNotContain(option.equals("--idempotency-key") ? "'--all'" : "\0");
            Reliability.tally("argument injection: CLI refuses (usage error)").pass("refused");
        }
    }

    @Test
    void everythingElseReachesTheBinaryAsExactlyOneArgumentWithoutAShell() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path args = project.resolve("args.bin");
        Path run = project.resolve("run.json");
        Files.writeString(run, RockyContract.read("fixtures/run.json"));
        Path script = project.resolve("rocky");
        Files.writeString(script, "#!/bin/sh\ncase \"$1\" in --version) echo 'rocky 1.71.0'; exit 0;; esac\n"
                + "for a in \"$@\"; do printf '%s\\0' \"$a\" >> '" + args + "'; done\ncat '" + run + "'\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        ProcessRockyCli cli = new ProcessRockyCli(RockyCliSettings.defaults(script.toString(), project),
                new CommonsExecCommandRunner(), LogSink.NONE);
        List<String> hostile = List.of("$(touch pwned)", "`touch pwned`; touch pwned", "a=b=c", "*", "'quoted\" value'",
                "with space", "x|touch pwned", "&& touch pwned", "${HOME}", "~");
        Reliability.Tally tally = Reliability.tally("argument injection: passed verbatim, no shell");
        for (String value : hostile) {
            Files.deleteIfExists(args);
            RunOptions options = RunOptions.builder().filter("id=" + value.replace("=", "")).pipeline(value).model(value).partition(value)
                    .shadowSuffix(value).idempotencyKey(value).build();
            cli.run(options, LogSink.NONE);
            List<String> argv = Arrays.asList(new String(Files.readAllBytes(args), StandardCharsets.UTF_8).split("\0"));
            List<String> expected = new ArrayList<>(cli.argv(List.of("run")).subList(1, cli.argv(List.of("run")).size()));
            expected.addAll(options.arguments());
            if (argv.equals(expected)) {
                tally.pass("one argument each");
            } else {
                tally.fail("split or expanded", value + " → " + argv);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("pwned");
        }
        assertThat(Path.of("pwned")).doesNotExist();
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }
}
