package dev.rocky.bench;

import dev.rocky.process.CommandRequest;
import dev.rocky.process.CommandResult;
import dev.rocky.process.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link CommandRunner} that asks a delegate (a fake rocky) once per distinct argv and then
 * answers that argv with the same result, after an optional fixed latency: a binary whose own time
 * is known (zero, or {@code latency}), so a benchmark measures only what rocky-java adds.
 */
final class ReplayRunner implements CommandRunner {

    private final CommandRunner delegate;
    private final Duration latency;
    private final Map<List<String>, CommandResult> answers = new ConcurrentHashMap<>();

    /**
     * @param delegate answers each argv the first time
     * @param latency how long every later answer takes (slept), zero for none
     */
    ReplayRunner(CommandRunner delegate, Duration latency) {
        this.delegate = delegate;
        this.latency = latency;
    }

    @Override
    public CommandResult run(CommandRequest request, Consumer<String> stderrLines) {
        CommandResult known = answers.get(request.argv());
        if (known == null) {
            known = delegate.run(request, stderrLines);
            answers.put(request.argv(), known);
            return known;
        }
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return known;
    }

    /** @return how many distinct argvs were recorded */
    int recorded() {
        return answers.size();
    }
}
