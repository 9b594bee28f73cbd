package dev.rocky.cli.reliability;

import dev.rocky.core.error.RockyException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs fuzz cases one at a time on a worker thread with a time limit, and sorts how each ended:
 * a value (its outcome name), a {@link RockyException} with a message (a typed error, by code),
 * or a failure — any other throwable, an error without a message, or no answer within the limit
 * (a hang; the worker is abandoned and a new one started).
 */
final class CaseRunner implements AutoCloseable {

    private final Reliability.Tally tally;
    private final Duration limit;
    private ExecutorService worker = newWorker();

    CaseRunner(Reliability.Tally tally, Duration limit) {
        this.tally = tally;
        this.limit = limit;
    }

    /**
     * @param description what to reproduce the case with (seed, kind, input)
     * @param body the case; returns its outcome's name when it ends in a value
     */
    void run(String description, Callable<String> body) {
        Future<String> future = worker.submit(body);
        try {
            tally.pass(future.get(limit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            future.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            tally.fail("hang (no answer in " + limit.toSeconds() + " s)", description);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RockyException && cause.getMessage() != null && !cause.getMessage().isBlank()) {
                tally.pass("typed error " + ((RockyException) cause).code());
            } else {
                tally.fail("unexpected " + cause.getClass().getSimpleName(), description + ": " + stack(cause));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String stack(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        String s = out.toString();
        return s.length() > 1500 ? s.substring(0, 1500) + "…" : s;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
