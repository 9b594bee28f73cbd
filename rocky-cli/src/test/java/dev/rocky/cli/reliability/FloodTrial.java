package dev.rocky.cli.reliability;

import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.LogSink;
import dev.rocky.process.CommonsExecCommandRunner;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One flood trial in a JVM of its own, started by {@link ProcessFaultsTest} with a small heap:
 * runs {@code rocky discover} through the real process adapter against a script and prints how it
 * ended, the stderr lines it saw, the peak heap and the time taken. Running out of memory fails
 * the JVM, and so the trial.
 *
 * <p>Arguments: the script, the project directory, the stdout cap in bytes.
 */
public final class FloodTrial {

    private FloodTrial() {
    }

    /** @param args script, project directory, stdout cap in bytes */
    public static void main(String[] args) {
        AtomicLong stderrLines = new AtomicLong();
        LogSink sink = new LogSink() {
            @Override
            public void log(Level level, String message) {
            }

            @Override
            public void rockyStderr(String command, String line) {
                stderrLines.incrementAndGet();
            }
        };
        RockyCliSettings settings = new RockyCliSettings(args[0], Path.of(args[1]), "rocky.toml", ".rocky-state.redb",
                Optional.empty(), Duration.ofSeconds(120), Long.parseLong(args[2]));
        ProcessRockyCli cli = new ProcessRockyCli(settings, new CommonsExecCommandRunner(), sink);
        long start = System.nanoTime();
        String outcome;
        try {
            outcome = "result " + cli.discover().value().sources().size() + " sources";
        } catch (RockyException e) {
            outcome = "typed " + e.code() + " " + e.getMessage().replace('\n', ' ');
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("outcome " + outcome);
        System.out.println("stderr-lines " + stderrLines.get());
        System.out.println("peak-heap-mib " + peak / (1024 * 1024));
        System.out.println("elapsed-ms " + (System.nanoTime() - start) / 1_000_000);
    }
}
