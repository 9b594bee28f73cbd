package dev.rocky.openlineage;

import dev.rocky.core.port.LogSink;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends OpenLineage events through the official client from one background thread, so that
 * lineage never fails or slows what emits it: {@link #submit} only queues (a full queue drops the
 * event and says so once), and a transport error is logged once per kind of error, with the
 * transport's type, then counted. {@link #close} waits a bounded time for the queue to drain and
 * reports what was sent, failed and dropped. Thread-safe.
 */
public final class LineageEmitter implements AutoCloseable {

    /** What became of the events submitted so far. */
    public record Stats(long sent, long failed, long dropped) {
    }

    private static final Object STOP = new Object();

    private final OpenLineageClient client;
    private final String transportType;
    private final LogSink log;
    private final BlockingQueue<Object> queue;
    private final Thread sender;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Set<String> reported = new HashSet<>();
    private volatile boolean closed;

    /**
     * Starts the sender thread (a daemon, named {@code rocky-openlineage}).
     *
     * @param client the OpenLineage client, built from the transport configuration
     * @param transportType the transport's {@code type}, for messages
     * @param capacity how many events wait at most
     * @param log where the one-line warnings and the closing summary go
     */
    public LineageEmitter(OpenLineageClient client, String transportType, int capacity, LogSink log) {
        this.client = Objects.requireNonNull(client, "client is null");
        this.transportType = Objects.requireNonNull(transportType, "transportType is null");
        this.log = Objects.requireNonNull(log, "log is null");
        this.queue = new ArrayBlockingQueue<>(capacity + 1); // + 1: room for STOP
        this.sender = new Thread(this::drain, "rocky-openlineage");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * Queues an event for sending; never blocks, never throws for a full queue or a closed emitter
     * (the event is then dropped and counted).
     *
     * @param event an {@link OpenLineage.RunEvent}, {@link OpenLineage.DatasetEvent} or {@link OpenLineage.JobEvent}
     * @throws IllegalArgumentException for any other object
     */
    public void submit(Object event) {
        if (!(event instanceof OpenLineage.RunEvent || event instanceof OpenLineage.DatasetEvent
                || event instanceof OpenLineage.JobEvent)) {
            throw new IllegalArgumentException("not an OpenLineage event: " + (event == null ? "null" : event.getClass().getName()));
        }
        if (closed || queue.remainingCapacity() <= 1 || !queue.offer(event)) {
            dropped.incrementAndGet();
            once("dropped", "OpenLineage: the event queue is full or closed, so an event was dropped (the " + transportType
                    + " transport is slower than the run; raise openlineage.queue_capacity to hold more)");
        }
    }

    /** @return the counts so far */
    public Stats stats() {
        return new Stats(sent.get(), failed.get(), dropped.get());
    }

    /**
     * Stops taking events and waits up to {@code timeout} for the queued ones to be sent, then
     * closes the client. Logs one summary line when anything failed or was dropped (info
     * otherwise). Idempotent.
     *
     * @param timeout the longest wait
     * @return the final counts; events still queued at the deadline count as dropped
     */
    public Stats close(Duration timeout) {
        if (!closed) {
            closed = true;
            queue.offer(STOP);
            try {
                sender.join(Math.max(1, timeout.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (sender.isAlive()) {
                long left = queue.stream().filter(e -> e != STOP).count();
                dropped.addAndGet(left);
                queue.clear();
                sender.interrupt();
                log.warn("OpenLineage: " + left + " event(s) were still queued after " + timeout.toMillis()
                        + " ms and were dropped (the " + transportType + " transport did not keep up)");
            }
            try {
                client.close();
            } catch (Exception e) {
                once("close:" + e.getClass().getName(), "OpenLineage: closing the " + transportType + " transport failed: " + e);
            }
            Stats s = stats();
            String line = "OpenLineage: " + s.sent() + " event(s) sent through the " + transportType + " transport"
                    + (s.failed() > 0 ? ", " + s.failed() + " failed" : "") + (s.dropped() > 0 ? ", " + s.dropped() + " dropped" : "");
            if (s.failed() > 0 || s.dropped() > 0) {
                log.warn(line);
            } else {
                log.info(line);
            }
        }
        return stats();
    }

    /** Closes with the default timeout of {@link OpenLineageSettings#DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    public void close() {
        close(OpenLineageSettings.DEFAULT_CLOSE_TIMEOUT);
    }

    private void drain() {
        while (true) {
            Object event;
            try {
                event = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (event == STOP || (event == null && closed && queue.isEmpty())) {
                return;
            }
            if (event == null) {
                continue;
            }
            try {
                if (event instanceof OpenLineage.RunEvent r) {
                    client.emit(r);
                } else if (event instanceof OpenLineage.DatasetEvent d) {
                    client.emit(d);
                } else {
                    client.emit((OpenLineage.JobEvent) event);
                }
                sent.incrementAndGet();
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                once("emit:" + root.getClass().getName(), "OpenLineage: sending through the " + transportType
                        + " transport failed, and lineage is skipped while the run goes on (said once per kind of error): "
                        + root.getClass().getSimpleName() + ": " + root.getMessage());
            }
        }
    }

    private void once(String key, String message) {
        synchronized (reported) {
            if (!reported.add(key)) {
                return;
            }
        }
        log.warn(message);
    }
}
