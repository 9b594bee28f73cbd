package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Walks every subcommand of {@code rocky-component}, found from the command model itself (a new
 * command is walked without editing this test), with empty, missing, wrong-type and hostile
 * arguments and with broken defs.yaml files. Every run must end with a documented exit code and
 * never with {@code internal error}: that line is kept for real bugs.
 */
class CliBadInputWalkTest {

    @TempDir
    static Path dir;

    private static CliFixture fx;

    /** Hostile or malformed values given to every option and positional parameter. */
    private static final List<String> VALUES = List.of("", " ", "-x", "--", "--defs", "../../../../etc/passwd", "/etc/passwd",
            "a\nb", "nul\u0000byte", "99999999999999999999", "-1", "1e10", "日本/café", "$(touch /tmp/rocky-walk-pwned)",
            "\u001b[2J\u001b[H", "x".repeat(10_000), "duckdb/orders/orders", "2020-01-01", "2999-01-01-13:00");

    @BeforeAll
    static void aProjectWithAState() {
        fx = new CliFixture(dir.resolve("fx"));
        fx.recordedScript("recorded");
        fx.defs("binary_path: bin/recorded");
        assertThat(fx.cli("refresh").exitCode()).isZero();
    }

    /** Every command path, the root and each group included, e.g. {@code [state, rollback]}. */
    static Stream<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        collect(RockyComponentCli.newCommandLine(), new ArrayList<>(), out);
        return out.stream();
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> next = new ArrayList<>(path);
            next.add(e.getKey());
            collect(e.getValue(), next, out);
        }
    }

    private static CommandSpec spec(List<String> path) {
        CommandLine cl = RockyComponentCli.newCommandLine();
        for (String name : path) {
            cl = cl.getSubcommands().get(name);
        }
        return cl.getCommandSpec();
    }

    /** A command line after {@code --defs}: testkit install writes only below the temporary directory. */
    private static List<String> argv(List<String> path, List<String> extra, int n) {
        List<String> argv = new ArrayList<>(path);
        if (path.equals(List.of("testkit", "install")) && (extra.isEmpty() || extra.get(0).startsWith("-"))) {
            argv.add(dir.resolve("kit-" + n).toString());
        }
        argv.addAll(extra);
        return argv;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void noArgumentOfAnyShapeGivesAnInternalError(List<String> path) {
        CommandSpec spec = spec(path);
        List<List<String>> cases = new ArrayList<>();
        cases.add(List.of());
        cases.add(List.of("--no-such-option"));
        cases.add(List.of("--help"));
        for (OptionSpec option : spec.options()) {
            String name = option.longestName();
            if (name.equals("--help") || name.equals("--version") || name.equals("--defs")) {
                continue;
            }
            if (option.arity().max() == 0) {
                cases.add(List.of(name));
                cases.add(List.of(name, name));
                continue;
            }
            cases.add(List.of(name));
            for (String v : VALUES) {
                cases.add(List.of(name, v));
            }
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            for (String v : VALUES) {
                if (path.equals(List.of("testkit", "install")) && !v.equals("/etc/passwd")) {
                    cases.add(List.of(dir.resolve("kit-v").resolve(v.replace('\u0000', '_').replace('/', '_')).toString()));
                } else {
                    cases.add(List.of(v));
                }
            }
            cases.add(List.of("one", "two", "three"));
        }
        List<String> offenders = new ArrayList<>();
        int n = 0;
        for (List<String> extra : cases) {
            List<String> argv = argv(path, extra, n++);
            CliFixture.Run run = CliFixture.cli(fx.defs, argv.toArray(String[]::new));
            check(argv, run, offenders);
        }
        assertThat(offenders).as(cases.size() + " cases for " + path).isEmpty();
        assertThat(Path.of("/tmp/rocky-walk-pwned")).doesNotExist();
    }

    /** defs.yaml that is missing, a directory, empty, binary, of the wrong shape or hostile, under every command. */
    @Test
    void noBrokenDefsYamlGivesAnInternalError() throws IOException {
        List<Path> broken = new ArrayList<>();
        broken.add(dir.resolve("missing.yaml"));
        broken.add(Path.of("/dev/zero"));
        broken.add(Files.createDirectories(dir.resolve("a-directory.yaml")));
        broken.add(Files.writeString(dir.resolve("empty.yaml"), ""));
        broken.add(Files.write(dir.resolve("binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80}));
        broken.add(Files.writeString(dir.resolve("list.yaml"), "- 1\n- 2\n"));
        broken.add(Files.writeString(dir.resolve("scalar-attributes.yaml"), "type: dagster_rocky.RockyComponent\nattributes: 5\n"));
        broken.add(Files.writeString(dir.resolve("wrong-types.yaml"), "type: dagster_rocky.RockyComponent\nattributes:\n"
                + "  binary_path: [1, 2]\n  timeout_seconds: forever\n  dag_mode: maybe\n"));
        broken.add(Files.writeString(dir.resolve("huge-numbers.yaml"), "type: dagster_rocky.RockyComponent\nattributes:\n"
                + "  timeout_seconds: 9223372036854775807\n  refresh_lock_wait_seconds: 99999999999999999999\n"));
        broken.add(Files.writeString(dir.resolve("hostile.yaml"), "type: dagster_rocky.RockyComponent\nattributes:\n"
                + "  binary_path: \"-rf\"\n  config_path: \"--help\"\n  models_dir: \"../../..\"\n"));
        broken.add(Files.writeString(dir.resolve("unknown-env.yaml"), "type: dagster_rocky.RockyComponent\nattributes:\n"
                + "  config_path: \"{{ env.ROCKY_WALK_NEVER_SET }}\"\n", StandardCharsets.UTF_8));
        List<String> offenders = new ArrayList<>();
        for (Path defs : broken) {
            for (List<String> path : commands().toList()) {
                List<String> argv = argv(path, List.of(), broken.indexOf(defs) * 100 + path.size());
                if (path.equals(List.of("state", "rollback"))) {
                    argv.add("v1");
                }
                CliFixture.Run run = CliFixture.cli(defs, argv.toArray(String[]::new));
                List<String> shown = new ArrayList<>(List.of("--defs", defs.getFileName().toString()));
                shown.addAll(argv);
                check(shown, run, offenders);
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static void check(List<String> argv, CliFixture.Run run, List<String> offenders) {
        String shown = String.join(" ", argv.stream().map(a -> a.length() > 40 ? a.substring(0, 40) + "…" : a).toList());
        if (run.err().contains("internal error") || run.out().contains("internal error")) {
            offenders.add(shown + " -> " + run.err().lines().filter(l -> l.contains("internal error")).findFirst().orElse(""));
        } else if (!List.of(0, 1, 2, 3).contains(run.exitCode())) {
            offenders.add(shown + " -> exit " + run.exitCode());
        } else if (run.exitCode() == 1 && run.errLines().stream().noneMatch(l -> l.startsWith("rocky-component: error: "))) {
            offenders.add(shown + " -> exit 1 without a `rocky-component: error:` line: " + run.err());
        }
    }
}
