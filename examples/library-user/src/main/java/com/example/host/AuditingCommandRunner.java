package com.example.host;

import dev.rocky.process.CommandRequest;
import dev.rocky.process.CommandResult;
import dev.rocky.process.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Runs rocky through another runner and keeps an audit line per command, as a host's job tracker would. */
public final class AuditingCommandRunner implements CommandRunner {

    /**
     * One command that ran.
     *
     * @param argv the arguments after the program
     * @param exitCode its exit code
     * @param elapsed how long it took
     */
    public record Entry(List<String> argv, int exitCode, Duration elapsed) {
    }

    private final CommandRunner delegate;
    private final List<Entry> audit = new CopyOnWriteArrayList<>();

    /** @param delegate the runner that starts the process, e.g. {@code new CommonsExecCommandRunner()} */
    public AuditingCommandRunner(CommandRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public CommandResult run(CommandRequest request, Consumer<String> stderrLines) {
        CommandResult result = delegate.run(request, stderrLines);
        audit.add(new Entry(request.argv(), result.exitCode(), result.elapsed()));
        return result;
    }

    /** @return the commands run so far, oldest first */
    public List<Entry> audit() {
        return List.copyOf(audit);
    }
}
