package dev.rocky.cli;

import dev.rocky.component.Slf4jLogSink;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.Secrets;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The CLI's one rendering of what the component says, on stderr; the library's default,
 * {@link Slf4jLogSink}, is not used by the CLI, so nothing is printed twice.
 *
 * <ul>
 *   <li>WARN and ERROR: {@code rocky-component: warning: <message>}, each distinct message once per
 *       command, whatever asks for it again.</li>
 *   <li>INFO (what runs and how long it took) and rocky's stderr lines ({@code rocky <command>:
 *       <line>}): with {@code -v} only. DEBUG: never.</li>
 *   <li>Progress ({@link LogSink#progress}): with {@code -v} a line; on a console without
 *       {@code -v} a live line, rewritten in place and cleared before anything else is printed
 *       and at {@link #finish()}; otherwise nothing.</li>
 * </ul>
 * Every message and line is masked with {@link Secrets#redact} and has its control characters
 * escaped ({@link #printable}), so neither a token nor a terminal escape reaches the screen.
 *
 * <p>Thread-safe: stderr lines arrive on the process's pump thread.
 */
final class ConsoleLogSink implements LogSink {

    private final PrintWriter err;
    private final boolean verbose;
    private final boolean live;
    private final Secrets secrets;
    private final Set<String> warned = new HashSet<>();
    private boolean liveLineShown;

    /**
     * @param err where everything goes (the command line's stderr)
     * @param verbose {@code -v}: show progress, INFO and rocky's stderr as lines
     * @param live whether {@code err} is a console that can show a live progress line
     * @param secrets values masked in every line
     */
    ConsoleLogSink(PrintWriter err, boolean verbose, boolean live, Secrets secrets) {
        this.err = Objects.requireNonNull(err, "err is null");
        this.verbose = verbose;
        this.live = live && !verbose;
        this.secrets = Objects.requireNonNull(secrets, "secrets is null");
    }

    /** @return whether this JVM's stderr is most likely a terminal (an interactive console) */
    static boolean stderrIsConsole() {
        return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public synchronized void log(Level level, String message) {
        switch (level) {
            case WARN, ERROR -> {
                String shown = printable(secrets.redact(message));
                if (warned.add(shown)) {
                    line("rocky-component: warning: " + shown);
                }
            }
            case INFO -> {
                if (verbose) {
                    line("rocky-component: " + printable(secrets.redact(message)));
                }
            }
            default -> {
                // DEBUG is for a logging backend, not the console.
            }
        }
    }

    @Override
    public synchronized void rockyStderr(String command, String line) {
        if (verbose) {
            line("rocky " + command + ": " + printable(secrets.redact(line)));
        }
    }

    @Override
    public synchronized void progress(String message) {
        if (verbose) {
            line("rocky-component: " + printable(secrets.redact(message)));
        } else if (live) {
            err.print("\r\u001b[K" + printable(secrets.redact(message)));
            err.flush();
            liveLineShown = true;
        }
    }

    /** Clears the live progress line, if one is shown; call before the command's own output. */
    synchronized void finish() {
        clearLive();
        err.flush();
    }

    private void line(String text) {
        clearLive();
        err.println(text);
        err.flush();
    }

    private void clearLive() {
        if (liveLineShown) {
            err.print("\r\u001b[K");
            liveLineShown = false;
        }
    }

    /**
     * @param text one line of text from anywhere (rocky's output included)
     * @return the text with each control character (C0, DEL, C1) but tab written as a four-digit {@code \\u} escape (ESC as {@code \\u001b}),
     *     so that it cannot move the cursor, clear the screen or hide what follows
     */
    static String printable(String text) {
        return PrintableWriter.printable(text);
    }
}
