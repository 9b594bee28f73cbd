package dev.rocky.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The root usage that {@code rocky-component --help} (or {@code -h}) prints, rendered by picocli
 * when the distribution is built and answered from that text at run time, without building
 * picocli's model of the command line (about 100 ms of a 250 ms {@code --help} on JDK 17).
 *
 * <p>The build ({@code process-classes}, rocky-cli's POM) runs {@link #main} on the compiled
 * classes, which writes two resources beside this class: {@value #PLAIN}, picocli's own output of
 * {@code --help} without colours, and {@value #ANSI}, the same with the ANSI styles picocli uses on
 * a terminal. At run time {@link #forArguments} gives one of them only when picocli would print
 * exactly that text: the arguments are {@code --help} or {@code -h} alone, no {@code picocli.*}
 * system property is set (they change the width, the colours, the parsing) but those that leave
 * the text alone ({@link #TEXT_NEUTRAL}), the line separator is
 * {@code \n} (the text's) and the text is ASCII (the same bytes in any charset picocli would write
 * with); the variant is picocli's own decision ({@code Help.Ansi.AUTO}: a terminal, {@code NO_COLOR},
 * {@code CLICOLOR_FORCE}, …). Anything else, a class path without the resources included, is left
 * to picocli. A test compares both resources with a fresh rendering.
 */
final class UsageCache {

    /** The resource holding the usage without colours. */
    static final String PLAIN = "usage-plain.txt";
    /** The resource holding the usage with picocli's ANSI styles. */
    static final String ANSI = "usage-ansi.txt";

    private UsageCache() {
    }

    /**
     * Writes {@value #PLAIN} and {@value #ANSI} into a directory (the build's
     * {@code target/classes/dev/rocky/cli}).
     *
     * @param args the directory
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: UsageCache <directory to write " + PLAIN + " and " + ANSI + " into>");
        }
        RockyComponentCli.configureProcess();
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(PLAIN), render(false), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(ANSI), render(true), StandardCharsets.UTF_8);
    }

    /**
     * @param ansi whether with picocli's ANSI styles
     * @return what picocli prints for {@code --help} on the command line {@code main} builds for it
     * @throws IllegalStateException when picocli does not exit 0 or prints on stderr
     */
    static String render(boolean ansi) {
        String[] help = {"--help"};
        CommandLine cl = RockyComponentCli.forArguments(false, Map.of(), help);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(ansi ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        int exit = cl.execute(help);
        if (exit != 0 || err.getBuffer().length() > 0) {
            throw new IllegalStateException("--help exited " + exit + " with stderr: " + err);
        }
        return out.toString();
    }

    /**
     * The {@code picocli.*} system properties that leave the root usage's text as it is, both of
     * which {@code main} sets ({@link RockyComponentCli#configureProcess}): whether picocli looks
     * for Groovy closures in annotations, and which built-in converters it registers (the usage
     * converts no value).
     */
    static final java.util.Set<String> TEXT_NEUTRAL = java.util.Set.of("picocli.disable.closures", RockyComponentCli.CONVERTERS_EXCLUDES);

    /**
     * @param args the command line
     * @return the text picocli would print for {@code args}, when it is the root's usage and all
     *     the conditions of the class comment hold; empty when picocli must answer
     */
    static Optional<String> forArguments(String[] args) {
        if (args.length != 1 || !(args[0].equals("--help") || args[0].equals("-h")) || !System.lineSeparator().equals("\n")) {
            return Optional.empty();
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("picocli.") && !TEXT_NEUTRAL.contains(name)) {
                return Optional.empty();
            }
        }
        Optional<String> text = resource(CommandLine.Help.Ansi.AUTO.enabled() ? ANSI : PLAIN);
        return text.filter(UsageCache::isAscii);
    }

    /**
     * @param name {@value #PLAIN} or {@value #ANSI}
     * @return the resource's text; empty when the class path does not hold it or it cannot be read
     *     (picocli then renders the usage itself)
     */
    static Optional<String> resource(String name) {
        try (InputStream in = UsageCache.class.getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
