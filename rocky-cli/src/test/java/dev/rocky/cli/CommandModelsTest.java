package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The root's and {@code defs}' models, built in code ({@link CommandModels}), against what picocli
 * made of the annotations they replaced: the texts under {@code usage/} are what the annotated
 * commands printed ({@code 44dd7ae}), byte for byte; and the options set the fields as the
 * annotated fields were set.
 */
class CommandModelsTest {

    private record Run(int exit, String out, String err, CommandLine cl) {
    }

    private static Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString(), cl);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = CommandModelsTest.class.getResourceAsStream("usage/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Stream<Arguments> texts() {
        return Stream.of(Arguments.of("root-help.txt", 0, new String[] {"--help"}),
                Arguments.of("defs-help.txt", 0, new String[] {"defs", "--help"}),
                Arguments.of("defs-format-xml.err.txt", 2, new String[] {"--defs", "x.yaml", "defs", "--format", "xml"}),
                Arguments.of("defs-format-twice.err.txt", 2, new String[] {"--defs", "x.yaml", "defs", "--format", "text", "--format", "json"}),
                Arguments.of("defs-unknown-option.err.txt", 2, new String[] {"--defs", "x.yaml", "defs", "--bogus"}),
                Arguments.of("defs-events-without-value.err.txt", 2, new String[] {"--defs", "x.yaml", "defs", "--events"}),
                Arguments.of("root-defs-without-value.err.txt", 2, new String[] {"--defs"}),
                Arguments.of("root-unknown-option.err.txt", 2, new String[] {"--bogus", "defs"}));
    }

    /** Each text on the command line main builds (only the named subcommand) and on the full one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void theUsageAndTheErrorsReadAsTheAnnotatedCommandsPrintedThem(String file, int exit, String[] args) throws IOException {
        String expected = golden(file);
        for (CommandLine cl : new CommandLine[] {RockyComponentCli.forArguments(false, Map.of(), args),
            RockyComponentCli.newCommandLine(false, Map.of(), Set.of())}) {
            Run r = run(cl, args);
            assertThat(r.exit()).as(file).isEqualTo(exit);
            assertThat(file.endsWith(".err.txt") ? r.err() : r.out()).as(file).isEqualTo(expected);
            assertThat(file.endsWith(".err.txt") ? r.out() : r.err()).as(file).isEmpty();
        }
    }

    @Test
    void theOptionsSetTheCommandsFields() {
        CommandLine cl = RockyComponentCli.forArguments(false, Map.of(), new String[] {"defs"});
        CommandLine.ParseResult parsed = cl.parseArgs("--verbose", "--defs", "p/defs.yaml", "defs", "--format", "html", "--events", "e.jsonl");
        RockyComponentCommand root = cl.getCommand();
        RockyComponentCommand.Defs defs = cl.getSubcommands().get("defs").getCommand();
        assertThat(parsed.subcommand().commandSpec()).isSameAs(defs.spec);
        assertThat(root.spec).isSameAs(cl.getCommandSpec());
        assertThat(root.verbose).isTrue();
        assertThat(root.defs).isEqualTo(Path.of("p/defs.yaml"));
        assertThat(defs.parent).isSameAs(root);
        assertThat(defs.format).isEqualTo(RockyComponentCommand.Format.html);
        assertThat(defs.events).isEqualTo(Path.of("e.jsonl"));

        CommandLine again = RockyComponentCli.forArguments(false, Map.of(), new String[] {"defs"});
        again.parseArgs("defs");
        RockyComponentCommand bare = again.getCommand();
        RockyComponentCommand.Defs bareDefs = again.getSubcommands().get("defs").getCommand();
        assertThat(bare.verbose).as("-v not given").isFalse();
        assertThat(bare.defs).as("the default").isEqualTo(Path.of("defs.yaml"));
        assertThat(bareDefs.format).as("the default").isEqualTo(RockyComponentCommand.Format.text);
        assertThat(bareDefs.events).isNull();
        assertThat(again.getCommandSpec().version()).as("the version provider's lines").hasSize(3);
        assertThat(again.getCommandSpec().version()[0]).startsWith("rocky-component ");
    }

    /** The other subcommands, still read from their annotations, find the root through {@code @ParentCommand}. */
    @Test
    void anAnnotatedSubcommandStillFindsTheRoot() {
        CommandLine cl = RockyComponentCli.forArguments(false, Map.of(), new String[] {"validate"});
        cl.parseArgs("-v", "--defs", "q.yaml", "validate");
        RockyComponentCommand.Validate validate = cl.getSubcommands().get("validate").getCommand();
        assertThat(validate.parent).isSameAs(cl.getCommand());
        assertThat(validate.parent.defs).isEqualTo(Path.of("q.yaml"));
    }

    /** A command whose path option picocli converts with its own (reflective) converter. */
    @CommandLine.Command(name = "annotated")
    static final class AnnotatedPath implements Runnable {
        @CommandLine.Option(names = "--defs")
        Path defs;

        @Override
        public void run() {
        }
    }

    /** The first line picocli prints for {@code args} on {@code cl}'s error stream. */
    private static String firstErrorLine(CommandLine cl, String... args) {
        Run r = run(cl, args);
        assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
        return r.err().lines().findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void aPathOptionConvertsAndRefusesAsPicocliBuiltInConverterDoes(String argument) {
        CommandLine ours = RockyComponentCli.forArguments(false, Map.of(), new String[] {"--defs", argument, "defs"});
        CommandLine annotated = new CommandLine(new AnnotatedPath());
        if (argument.indexOf('\0') < 0) {
            ours.parseArgs("--defs", argument, "defs", "--events", argument);
            annotated.parseArgs("--defs", argument);
            Path expected = ((AnnotatedPath) annotated.getCommand()).defs;
            assertThat(((RockyComponentCommand) ours.getCommand()).defs).isEqualTo(expected);
            assertThat(((RockyComponentCommand.Defs) ours.getSubcommands().get("defs").getCommand()).events).isEqualTo(expected);
            return;
        }
        String expected = firstErrorLine(annotated, "--defs", argument);
        assertThat(expected).startsWith("Invalid value for option '--defs': cannot convert '" + argument + "' to interface java.nio.file.Path");
        assertThat(firstErrorLine(ours, "--defs", argument, "defs")).isEqualTo(expected);
        assertThat(firstErrorLine(RockyComponentCli.forArguments(false, Map.of(), new String[] {"defs"}), "defs", "--events", argument))
                .isEqualTo(expected.replace("'--defs'", "'--events'"));
    }

    static Stream<String> paths() {
        return Stream.of("defs.yaml", "a/../b/defs.yaml", "/abs/d.yaml", "with space.yaml", "ü.yaml", "nul\0inside.yaml");
    }

    /** Every command line's options and parameters, the root's and each subcommand's, depth first. */
    private static java.util.List<CommandLine.Model.ArgSpec> everyArgument(CommandLine cl) {
        java.util.List<CommandLine.Model.ArgSpec> out = new java.util.ArrayList<>(cl.getCommandSpec().args());
        cl.getSubcommands().values().forEach(sub -> out.addAll(everyArgument(sub)));
        return out;
    }

    @Test
    void noOptionTakesATypeWhoseBuiltInConverterMainLeavesOut() {
        java.util.regex.Pattern excluded = java.util.regex.Pattern.compile(RockyComponentCli.UNUSED_CONVERTERS);
        java.util.List<CommandLine.Model.ArgSpec> args = everyArgument(RockyComponentCli.newCommandLine(false, Map.of(), Set.of()));
        assertThat(args).as("every subcommand's options are read").hasSizeGreaterThan(40);
        for (CommandLine.Model.ArgSpec a : args) {
            for (Class<?> type : a.auxiliaryTypes()) {
                assertThat(excluded.matcher(type.getName()).matches() && a.converters().length == 0)
                        .as("%s of %s takes %s, whose converter main has picocli leave out (RockyComponentCli.UNUSED_CONVERTERS): "
                                + "give it a converter or narrow the exclusion", a, a.command().qualifiedName(), type.getName())
                        .isFalse();
            }
        }
        assertThat(excluded.matcher("java.time.Duration").matches()).isTrue();
        assertThat(excluded.matcher("java.sql.Timestamp").matches()).isTrue();
        assertThat(excluded.matcher("java.nio.file.Path").matches()).as("--defs takes a path").isFalse();
    }

    @Test
    void withTheExclusionAPathOptionStillParses() {
        String before = System.getProperty(RockyComponentCli.CONVERTERS_EXCLUDES);
        System.setProperty(RockyComponentCli.CONVERTERS_EXCLUDES, RockyComponentCli.UNUSED_CONVERTERS);
        try {
            CommandLine full = RockyComponentCli.newCommandLine(false, Map.of(), Set.of());
            full.parseArgs("--defs", "p/defs.yaml", "defs", "--events", "e.jsonl");
            assertThat(((RockyComponentCommand) full.getCommand()).defs).isEqualTo(Path.of("p/defs.yaml"));
            CommandLine annotated = new CommandLine(new AnnotatedPath());
            annotated.parseArgs("--defs", "q.yaml");
            assertThat(((AnnotatedPath) annotated.getCommand()).defs).as("the built-in path converter is kept").isEqualTo(Path.of("q.yaml"));
        } finally {
            if (before == null) {
                System.clearProperty(RockyComponentCli.CONVERTERS_EXCLUDES);
            } else {
                System.setProperty(RockyComponentCli.CONVERTERS_EXCLUDES, before);
            }
        }
    }
}
