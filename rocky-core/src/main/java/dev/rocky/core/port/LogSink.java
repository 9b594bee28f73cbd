package dev.rocky.core.port;

/**
 * Where the core and the adapters send what a user should see: warnings from a refresh or a load,
 * and each stderr line of a running rocky process as it arrives. The distribution routes it to
 * SLF4J; tests collect it.
 *
 * <p>Implementations are thread-safe: stderr lines arrive on the process's pump thread.
 */
public interface LogSink {

    /** How much a message matters. */
    enum Level {
        /** Detail for debugging. */
        DEBUG,
        /** Progress. */
        INFO,
        /** Something went wrong but the work goes on. */
        WARN,
        /** Something failed. */
        ERROR
    }

    /**
     * @param level how much it matters
     * @param message one line
     */
    void log(Level level, String message);

    /**
     * A line rocky printed on stderr, forwarded as it arrives.
     *
     * @param command the rocky subcommand, e.g. {@code discover}
     * @param line the line, without its line terminator
     */
    default void rockyStderr(String command, String line) {
        log(Level.DEBUG, "rocky " + command + ": " + line);
    }

    /** @param message one line */
    default void info(String message) {
        log(Level.INFO, message);
    }

    /**
     * Long work under way, e.g. {@code running rocky discover} or {@code column lineage 120/1000
     * models}: a console shows it as a live line; elsewhere it is progress at INFO.
     *
     * @param message one line, replaced by the next progress message
     */
    default void progress(String message) {
        log(Level.INFO, message);
    }

    /** @param message one line */
    default void warn(String message) {
        log(Level.WARN, message);
    }

    /**
     * A sink that drops everything. A class of its own rather than a lambda: the start-up archives
     * (CDS, the JDK 25 AOT cache) do not keep a lambda made in an interface's initialiser, which a
     * fresh JVM then generates at start.
     */
    LogSink NONE = new LogSink() {
        @Override
        public void log(Level level, String message) {
            // dropped
        }
    };
}
