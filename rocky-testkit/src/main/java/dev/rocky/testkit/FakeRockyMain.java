package dev.rocky.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The executable fake rocky: {@code FakeRockyMain --cassette <dir> <rocky argv…>}. Prints the
 * cassette's answer for the argv on stdout and stderr, records the call in the journal
 * ({@code ROCKY_FAKE_JOURNAL}, else the cassette's {@code journal}), and exits with the answer's
 * code. JDK only, so a launcher needs nothing but this class's jar on the class path;
 * {@link FakeRockyExecutable} writes such a launcher.
 */
public final class FakeRockyMain {

    /** The environment variable naming the journal file; overrides the cassette's {@code journal}. */
    public static final String JOURNAL_ENV = "ROCKY_FAKE_JOURNAL";

    private FakeRockyMain() {
    }

    /**
     * @param args {@code --cassette <dir>} followed by the argv rocky would get (without the program)
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !args[0].equals("--cassette")) {
            err.println("usage: FakeRockyMain --cassette <dir> <rocky arguments…>");
            return 2;
        }
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Cassette cassette;
        try {
            cassette = Cassette.load(Path.of(args[1]));
        } catch (RuntimeException e) {
            err.println("error: the fake rocky cannot load its cassette: " + e.getMessage());
            return 1;
        }
        List<String> argv = new ArrayList<>();
        argv.add("rocky");
        argv.addAll(Arrays.asList(args).subList(2, args.length));
        Recording answer = cassette.answer(argv);
        try {
            out.write(answer.stdout());
            out.flush();
            err.write(answer.stderr());
            err.flush();
        } catch (IOException e) {
            return 1;
        }
        Optional<Path> journal = Optional.ofNullable(System.getenv(JOURNAL_ENV)).filter(s -> !s.isBlank()).map(Path::of)
                .or(cassette::journal);
        if (journal.isPresent()) {
            List<String> keys = new ArrayList<>(System.getenv().keySet());
            keys.sort(null);
            JournalFile.append(journal.get(), new Invocation(argv, System.getProperty("user.dir"), keys, started,
                    Duration.ofNanos(System.nanoTime() - t0), answer.exitCode()));
        }
        return answer.exitCode();
    }
}
