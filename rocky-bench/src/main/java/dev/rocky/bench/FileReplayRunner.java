package dev.rocky.bench;

import dev.rocky.process.CommandRequest;
import dev.rocky.process.CommandResult;
import dev.rocky.process.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@link CommandRunner} answering each argv with what a fake printed for it, kept in files: each
 * answer's stdout is read from its file at every call, as a process adapter reads a pipe, so the
 * benchmark's heap holds an answer only while the caller does (a million tables' discover, compile
 * and optimize print about 150 MB). {@link #recording} writes the files: {@code index.tsv} (one line
 * per argv: number, exit code, argv joined by U+001F) and {@code <number>.stdout}.
 */
final class FileReplayRunner implements CommandRunner {

    private static final String SEPARATOR = "\u001F";

    private final Path dir;
    private final Map<List<String>, String[]> index = new HashMap<>();

    /**
     * @param dir a directory {@link #recording} wrote
     * @throws UncheckedIOException when its index cannot be read
     */
    FileReplayRunner(Path dir) {
        this.dir = dir;
        try {
            for (String line : Files.readAllLines(dir.resolve("index.tsv"), StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", 3);
                index.put(List.of(f[2].split(SEPARATOR, -1)), new String[] {f[0], f[1]});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CommandResult run(CommandRequest request, Consumer<String> stderrLines) {
        String[] answer = index.get(request.argv());
        if (answer == null) {
            throw new IllegalStateException("no recorded answer for " + request.argv() + " in " + dir);
        }
        try {
            return CommandResult.exited(Integer.parseInt(answer[1]), Files.readAllBytes(dir.resolve(answer[0] + ".stdout")), List.of(),
                    Duration.ZERO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param fake answers every call
     * @param dir where to keep the answers (created)
     * @return a runner that passes each call to {@code fake} and keeps its first answer per argv
     */
    static CommandRunner recording(CommandRunner fake, Path dir) {
        Map<List<String>, Integer> seen = new HashMap<>();
        return (request, stderrLines) -> {
            CommandResult result = fake.run(request, stderrLines);
            synchronized (seen) {
                if (!seen.containsKey(request.argv())) {
                    int n = seen.size();
                    seen.put(request.argv(), n);
                    try {
                        Files.createDirectories(dir);
                        Files.write(dir.resolve(n + ".stdout"), result.stdout());
                        Files.writeString(dir.resolve("index.tsv"), n + "\t" + result.exitCode() + "\t"
                                + String.join(SEPARATOR, request.argv()) + "\n", StandardCharsets.UTF_8,
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return result;
        };
    }
}
