package dev.rocky.component;

import dev.rocky.contract.RockyContract;
import dev.rocky.process.CommandRequest;
import dev.rocky.process.CommandResult;
import dev.rocky.process.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A command runner that answers from the real binary's recordings in rocky-contract: the library's
 * own tests cannot use the testkit, which depends on the library.
 */
final class RecordedRunner implements CommandRunner {

    private static final Map<String, String> RECORDINGS = Map.of(
            "discover", "fixtures/discover.json", "compile", "fixtures/compile.json", "optimize", "fixtures/optimize.json");

    final List<String> subcommands = new CopyOnWriteArrayList<>();
    private final String stderrLine;
    private final int exitCode;

    RecordedRunner() {
        this(0, "");
    }

    /**
     * @param exitCode the exit code every command but {@code --version} returns
     * @param stderrLine a line every command writes to stderr
     */
    RecordedRunner(int exitCode, String stderrLine) {
        this.exitCode = exitCode;
        this.stderrLine = stderrLine;
    }

    @Override
    public CommandResult run(CommandRequest request, Consumer<String> stderrLines) {
        String sub = request.argv().stream().filter(a -> a.equals("--version") || RECORDINGS.containsKey(a)).findFirst()
                .orElseThrow(() -> new AssertionError("unexpected command " + request.argv()));
        subcommands.add(sub);
        if (sub.equals("--version")) {
            return new CommandResult(0, "rocky 1.71.0\n".getBytes(StandardCharsets.UTF_8), List.of(), Duration.ZERO, false, false);
        }
        if (!stderrLine.isEmpty()) {
            stderrLines.accept(stderrLine);
        }
        if (exitCode != 0) {
            return new CommandResult(exitCode, new byte[0], List.of(stderrLine), Duration.ZERO, false, false);
        }
        try (InputStream in = RockyContract.open(RECORDINGS.get(sub))) {
            return new CommandResult(0, in.readAllBytes(), List.of(), Duration.ZERO, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
