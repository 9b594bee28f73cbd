package dev.rocky.component;

import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.Secrets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the core's and the adapters' messages to SLF4J: warnings and errors under
 * {@code dev.rocky}, rocky's stderr lines under {@code rocky.<subcommand>} at INFO so they show
 * with {@code --verbose}. Every message and line is passed through {@link Secrets#redact} first.
 */
public final class Slf4jLogSink implements LogSink {

    private static final Logger LOG = LoggerFactory.getLogger("dev.rocky");

    private final Secrets secrets;

    /** @param secrets values masked in every message and stderr line */
    public Slf4jLogSink(Secrets secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets is null");
    }

    @Override
    public void log(Level level, String raw) {
        String message = secrets.redact(raw);
        switch (level) {
            case DEBUG -> LOG.debug(message);
            case INFO -> LOG.info(message);
            case WARN -> LOG.warn(message);
            case ERROR -> LOG.error(message);
            default -> throw new IllegalArgumentException("unknown level " + level);
        }
    }

    @Override
    public void rockyStderr(String command, String line) {
        LoggerFactory.getLogger("rocky." + command).info(secrets.redact(line));
    }
}
