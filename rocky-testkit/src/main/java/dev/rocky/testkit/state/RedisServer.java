package dev.rocky.testkit.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (or {@code valkey-server}) process on 127.0.0.1 and a free port, for
 * tests of the Valkey state store. Data is kept in an append-only file flushed on every write, so
 * {@link #stop()} then {@link #start()} brings the same data back on the same port, which is how
 * tests take the backend down and up again.
 *
 * <p>The binary is {@code $ROCKY_REDIS_SERVER} when set, else the first of {@code valkey-server},
 * {@code redis-server} on {@code PATH} or in {@code /usr/bin}, {@code /usr/sbin}, {@code
 * /usr/local/bin} (Debian package {@code redis-server}; {@code .ci/run} installs it when missing).
 */
public final class RedisServer implements AutoCloseable {

    /** Set to {@code 1} (as {@code .ci/run} does) to make a missing server binary fail tests instead of skipping them. */
    public static final String REQUIRE_ENV = "ROCKY_REQUIRE_TEST_SERVERS";

    private final Path binary;
    private final Path dataDir;
    private final Optional<String> password;
    private final int port;
    private Process process;

    private RedisServer(Path binary, Path dataDir, Optional<String> password, int port) {
        this.binary = binary;
        this.dataDir = dataDir;
        this.password = password;
        this.port = port;
    }

    /** @return the server binary, or empty when none is installed */
    public static Optional<Path> findBinary() {
        String configured = System.getenv("ROCKY_REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        List<Path> dirs = new ArrayList<>();
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                dirs.add(Path.of(entry));
            }
        }
        dirs.addAll(List.of(Path.of("/usr/bin"), Path.of("/usr/sbin"), Path.of("/usr/local/bin")));
        for (String name : List.of("valkey-server", "redis-server")) {
            for (Path dir : dirs) {
                Path candidate = dir.resolve(name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** @return whether a missing server binary must fail tests ({@value #REQUIRE_ENV}{@code =1}) */
    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE_ENV));
    }

    /**
     * Starts a server.
     *
     * @param binary the server binary ({@link #findBinary()})
     * @param dataDir where its append-only file and log go; created when absent
     * @param password the password clients must give ({@code requirepass}), or empty for none
     * @return the running server
     * @throws IllegalStateException when it does not answer within 10 s; the message holds its log
     */
    public static RedisServer start(Path binary, Path dataDir, Optional<String> password) {
        RedisServer server = new RedisServer(binary, dataDir, password, freePort());
        server.start();
        return server;
    }

    /**
     * Starts a server for a JUnit test: skips the test (an assumption) when no server binary is
     * installed, or fails it when {@value #REQUIRE_ENV}{@code =1}.
     *
     * @param dataDir where its data and log go
     * @param password the password, or empty for none
     * @return the running server
     * @throws IllegalStateException when the binary is missing and required, or the server does not start
     */
    public static RedisServer startOrSkip(Path dataDir, Optional<String> password) {
        Optional<Path> binary = findBinary();
        if (binary.isEmpty() && required()) {
            throw new IllegalStateException("no redis-server or valkey-server found and " + REQUIRE_ENV
                    + "=1; install the Debian package redis-server");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(binary.isPresent(),
                "no redis-server or valkey-server installed (Debian: apt-get install redis-server); .ci/run installs it");
        return start(binary.get(), dataDir, password);
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** @return {@code 127.0.0.1} */
    public String host() {
        return "127.0.0.1";
    }

    /**
     * (Re)starts the process on the same port with the same data.
     *
     * @throws IllegalStateException when it does not answer within 10 s
     */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> argv = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dataDir.toAbsolutePath().toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--daemonize", "no", "--protected-mode", "no"));
        password.ifPresent(p -> argv.addAll(List.of("--requirepass", p)));
        try {
            Files.createDirectories(dataDir);
            process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (answers()) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            sleep(20);
        }
        String log;
        try {
            log = Files.readString(dataDir.resolve("server.log"));
        } catch (IOException e) {
            log = "(no log: " + e + ")";
        }
        stop();
        throw new IllegalStateException(binary + " did not answer on port " + port + " within 10 s; its log:\n" + log);
    }

    /**
     * Pauses the server with SIGSTOP: connections are accepted by the kernel but nothing answers,
     * as with a server stuck in a long command or a frozen VM. {@link #resume()} undoes it.
     */
    public synchronized void pause() {
        signal("STOP");
    }

    /** Resumes a paused server with SIGCONT. */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (process == null) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + name + " to " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process (the data stays in its append-only file); clients then fail to connect. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            // EXISTS, not PING: a restarted server answers PING while it is still loading its dataset
            // (every data command then fails with LOADING); ready means it answers a data command.
            out.write("EXISTS rocky-testkit-probe\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return reply != null && (reply.startsWith(":") || reply.startsWith("-NOAUTH"));
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + binary + " on 127.0.0.1:" + port + "]";
    }
}
