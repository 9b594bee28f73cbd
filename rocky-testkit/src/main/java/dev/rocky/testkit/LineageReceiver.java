package dev.rocky.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP receiver of OpenLineage events, for tests: it answers {@code POST} on any path
 * (the client posts to {@code <url>/api/v1/lineage} by default) with a chosen status, keeps each
 * body in arrival order, and can hold its answers until released, to stand for a slow catalog.
 * Thread-safe; close it when done.
 */
public final class LineageReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> bodies = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private volatile int status = 200;
    private volatile CountDownLatch hold = new CountDownLatch(0);

    private LineageReceiver(HttpServer server) {
        this.server = server;
    }

    /**
     * @return a receiver listening on 127.0.0.1 on a free port
     * @throws UncheckedIOException when no port can be bound
     */
    public static LineageReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LineageReceiver r = new LineageReceiver(server);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    synchronized (r) {
                        r.bodies.add(body);
                        r.paths.add(exchange.getRequestURI().getPath());
                        r.notifyAll();
                    }
                    try {
                        r.hold.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendResponseHeaders(r.status, -1);
                } finally {
                    exchange.close();
                }
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(t -> {
                Thread thread = new Thread(t, "lineage-receiver");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the base URL, e.g. {@code http://127.0.0.1:41234}, for the transport's {@code url} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @param code the HTTP status every later answer carries (200 by default) */
    public void answerWith(int code) {
        this.status = code;
    }

    /** Holds every later answer until {@link #release()} (at most a minute). */
    public void hold() {
        hold = new CountDownLatch(1);
    }

    /** Lets held answers go. */
    public void release() {
        hold.countDown();
    }

    /** @return the bodies received so far, in arrival order */
    public synchronized List<String> events() {
        return List.copyOf(bodies);
    }

    /** @return the request paths, in arrival order */
    public synchronized List<String> paths() {
        return List.copyOf(paths);
    }

    /**
     * @param count how many bodies to wait for
     * @param timeout the longest wait
     * @return the bodies received, at least {@code count} unless the wait timed out
     */
    public synchronized List<String> awaitEvents(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (bodies.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(bodies);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
