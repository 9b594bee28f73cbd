package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line {@code main} builds: only the subcommands the arguments name, all of them for the usage. */
class LazySubcommandsTest {

    private record Run(int exit, String out, String err, CommandLine cl) {
    }

    private static Run run(String... args) {
        CommandLine cl = RockyComponentCli.forArguments(false, Map.of(), args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString(), cl);
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuiltAndWorksAsBefore() {
        Run help = run("defs", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: rocky-component defs").contains("--format");
        assertThat(help.cl().getSubcommands()).containsOnlyKeys("defs");
    }

    @Test
    void theUsageListsEverySubcommandInOrder() {
        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.cl().getSubcommands()).hasSize(RockyComponentCommand.SUBCOMMANDS.size());
        assertThat(help.cl().getSubcommands().get("defs").getCommandSpec().options())
                .as("the usage lists a summary of each subcommand, its options unread").isEmpty();
        assertThat(help.out()).containsSubsequence("refresh", "defs", "validate", "materialize", "doctor", "health", "sensor",
                "schedule", "state", "testkit");
        assertThat(RockyComponentCli.usesTheComponent(new String[] {"--help"})).isFalse();
        assertThat(RockyComponentCli.usesTheComponent(new String[] {"defs"})).isTrue();
    }

    @Test
    void theVersionAloneBuildsNoSubcommand() {
        for (String option : new String[] {"--version", "-V"}) {
            Run version = run(option);
            assertThat(version.exit()).isZero();
            assertThat(version.out()).startsWith("rocky-component ").contains("rocky engine ");
            assertThat(version.cl().getSubcommands()).as(option).isEmpty();
        }
        assertThat(run("--version", "defs").cl().getSubcommands()).as("a subcommand after it: the usage's summaries").hasSize(10);
    }

    @Test
    void anUnknownSubcommandIsStillAUsageError() {
        Run unknown = run("--defs", "x.yaml", "frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument at index 2: 'frobnicate'");
        assertThat(unknown.cl().getSubcommands()).as("nothing named: all, for the usage").hasSize(RockyComponentCommand.SUBCOMMANDS.size());
    }

    /** Whatever the arguments, the lazy command line answers as the full one does (exit code, stdout, stderr). */
    @Test
    void theLazyCommandLineAnswersAsTheFullOne() {
        for (String[] args : new String[][] {{"--defs", "refresh", "defs", "--help"}, {"defs", "--format", "nope"}, {"--version"}, {"--help", "defs"}, {"-h", "refresh"},
                {"state", "--help"}, {"sensor", "tick", "--help"}, {"help", "defs"}, {}, {"--help"}, {"-V", "defs"},
                {"--version", "defs", "--format", "json"}, {"--help", "defs", "--bogus"}, {"--defs", "x.yaml"}, {"--bogus"},
                {"-v"}, {"-h", "state", "versions"}}) {
            Run lazy = run(args);
            CommandLine full = RockyComponentCli.newCommandLine(false, Map.of(), java.util.Set.of());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            full.setOut(new PrintWriter(out));
            full.setErr(new PrintWriter(err));
            int exit = full.execute(args);
            assertThat(lazy.exit()).as(String.join(" ", args)).isEqualTo(exit);
            assertThat(lazy.out()).as(String.join(" ", args)).isEqualTo(out.toString());
            assertThat(lazy.err()).as(String.join(" ", args)).isEqualTo(err.toString());
        }
    }

    /** The names written beside the classes are their {@code @Command} names (defs: its model's), in the usage's order. */
    @Test
    void eachSubcommandIsKeyedByItsCommandName() {
        assertThat(RockyComponentCommand.SUBCOMMANDS).hasSize(10);
        RockyComponentCommand.SUBCOMMANDS.forEach((name, type) -> assertThat(type == RockyComponentCommand.Defs.class
                ? CommandModels.defs(new RockyComponentCommand.Defs(), null).name() : type.getAnnotation(CommandLine.Command.class).name())
                .as(type.getName()).isEqualTo(name));
        assertThat(RockyComponentCommand.Defs.class.getAnnotation(CommandLine.Command.class)).as("built in code, not annotated").isNull();
        assertThat(RockyComponentCli.named(new String[] {"--defs", "x.yaml", "state", "versions"})).containsExactly("state");
    }
}
