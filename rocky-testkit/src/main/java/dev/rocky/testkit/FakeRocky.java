package dev.rocky.testkit;

import dev.rocky.process.CommandRequest;
import dev.rocky.process.CommandResult;
import dev.rocky.process.CommandRunner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The in-process fake rocky: a {@link CommandRunner} that answers from a {@link Cassette} instead of
 * starting a process. Put it under the real {@code ProcessRockyCli} so the argv, the exit-code
 * rules and the JSON parsing all run as in production; only the process is fake. Every call is
 * journalled.
 *
 * <pre>{@code
 * FakeRocky rocky = new FakeRocky(RecordedProjects.replicationBasics());
 * RockyCli cli = new ProcessRockyCli(RockyCliSettings.defaults("rocky", projectDir), rocky, LogSink.NONE);
 * cli.discover();
 * assertThat(rocky.invocations("discover")).hasSize(1);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FakeRocky implements CommandRunner {

    private final Cassette cassette;
    private final List<Invocation> journal = new CopyOnWriteArrayList<>();

    /**
     * @param cassette the answers to give
     */
    public FakeRocky(Cassette cassette) {
        this.cassette = Objects.requireNonNull(cassette, "cassette is null");
    }

    @Override
    public CommandResult run(CommandRequest request, Consumer<String> stderrLines) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Recording answer = cassette.answer(request.argv());
        Deque<String> tail = new ArrayDeque<>();
        String stderr = new String(answer.stderr(), StandardCharsets.UTF_8);
        if (!stderr.isEmpty()) {
            for (String line : stderr.split("\r?\n", -1)) {
                if (line.isEmpty()) {
                    continue;
                }
                stderrLines.accept(line);
                if (tail.size() == 20) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        }
        byte[] stdout = answer.stdout();
        boolean overCap = stdout.length > request.stdoutCapBytes();
        if (overCap) {
            stdout = new byte[0];
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        List<String> envKeys = new ArrayList<>(request.environment().keySet());
        envKeys.sort(null);
        journal.add(new Invocation(request.argv(), request.workingDirectory().toString(), envKeys, started, elapsed,
                answer.exitCode()));
        return new CommandResult(answer.exitCode(), stdout, new ArrayList<>(tail), elapsed, false, overCap);
    }

    /** @return every call so far, in order */
    public List<Invocation> invocations() {
        return List.copyOf(journal);
    }

    /**
     * @param subcommand e.g. {@code discover}, or {@code --version}
     * @return the calls of that subcommand, in order
     */
    public List<Invocation> invocations(String subcommand) {
        return journal.stream().filter(i -> i.subcommand().equals(subcommand)).toList();
    }

    /** Forgets every recorded call. */
    public void clearJournal() {
        journal.clear();
    }
}
