package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} answered from the usage picocli rendered at build time: the text is picocli's, it
 * is used only where picocli would print exactly it, and the process prints what the whole command
 * line prints.
 */
class UsageCacheTest {

    /** What the whole command line (every subcommand's model built) prints for {@code args}, without colours. */
    private static String fullCommandLine(String... args) {
        CommandLine cl = RockyComponentCli.newCommandLine(false, Map.of(), Set.of());
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        assertThat(cl.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void theBuiltTextsArePicocliRenderingOfTheUsage() {
        Optional<String> plain = UsageCache.resource(UsageCache.PLAIN);
        Optional<String> ansi = UsageCache.resource(UsageCache.ANSI);
        assertThat(plain).as("written by the build's process-classes step (mvn process-classes)").isPresent();
        assertThat(ansi).isPresent();
        assertThat(plain.get()).isEqualTo(UsageCache.render(false)).isEqualTo(fullCommandLine("--help"))
                .startsWith("Usage: rocky-component").doesNotContain("\u001b[");
        assertThat(ansi.get()).isEqualTo(UsageCache.render(true)).contains("\u001b[1mrocky-component\u001b[21m");
        assertThat(ansi.get().replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain.get());
    }

    @Test
    void onlyTheRootHelpAloneIsAnswered() {
        assertThat(UsageCache.forArguments(new String[] {"--help"})).isPresent();
        assertThat(UsageCache.forArguments(new String[] {"-h"})).isPresent();
        for (String[] args : List.of(new String[] {}, new String[] {"--version"}, new String[] {"-V"}, new String[] {"help"},
                new String[] {"defs", "--help"}, new String[] {"--help", "defs"}, new String[] {"--defs", "x.yaml", "--help"},
                new String[] {"-hv"}, new String[] {"--help="})) {
            assertThat(UsageCache.forArguments(args)).as(String.join(" ", args)).isEmpty();
        }
    }

    @Test
    void aPicocliSystemPropertyLeavesTheUsageToPicocli() {
        String before = System.getProperty("picocli.usage.width");
        System.setProperty("picocli.usage.width", "120");
        try {
            assertThat(UsageCache.forArguments(new String[] {"--help"})).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty("picocli.usage.width");
            } else {
                System.setProperty("picocli.usage.width", before);
            }
        }
        assertThat(UsageCache.forArguments(new String[] {"--help"})).isPresent();
    }

    /** main's own settings, which include two picocli properties, keep the rendered usage in use. */
    @Test
    void theSettingsMainMakesKeepTheRenderedUsage() {
        java.util.Properties before = (java.util.Properties) System.getProperties().clone();
        try {
            System.clearProperty(RockyComponentCli.CONVERTERS_EXCLUDES);
            RockyComponentCli.configureProcess();
            assertThat(System.getProperty(RockyComponentCli.CONVERTERS_EXCLUDES)).isEqualTo(RockyComponentCli.UNUSED_CONVERTERS);
            assertThat(System.getProperty("picocli.disable.closures")).isEqualTo("true");
            assertThat(UsageCache.forArguments(new String[] {"--help"})).isPresent();
        } finally {
            System.setProperties(before);
        }
    }

    /** The process prints what the whole command line prints, exits 0, writes nothing on stderr. */
    @Test
    void mainPrintsTheWholeCommandLinesUsage() throws Exception {
        for (String option : List.of("--help", "-h")) {
            Run run = main(List.of(), option);
            assertThat(run.exit).as(option).isZero();
            assertThat(run.err).as(option).isEmpty();
            assertThat(run.out).as(option).isEqualTo(fullCommandLine(option));
        }
    }

    /** A picocli setting the text was not rendered with is honoured: picocli renders the usage. */
    @Test
    void mainLeavesAWiderUsageToPicocli() throws Exception {
        Run run = main(List.of("-Dpicocli.usage.width=120"), "--help");
        assertThat(run.exit).isZero();
        assertThat(run.out).isNotEqualTo(UsageCache.resource(UsageCache.PLAIN).orElseThrow()).startsWith("Usage: rocky-component")
                .contains("`refresh` calls rocky once and caches what it reports; `defs` builds the graph from the cache");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run main(List<String> jvmOptions, String arg) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RockyComponentCli.class.getName(), arg));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        for (String colour : List.of("NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "ANSICON", "ConEmuANSI")) {
            pb.environment().remove(colour);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err.get());
    }
}
