package dev.rocky.core.state;

import java.util.Objects;

/**
 * One rocky command's JSON result: the parsed value and the exact stdout bytes it was parsed from.
 * The state keeps these bytes' tokens (the JSON codec leaves out the whitespace between them), so
 * nothing the engine printed is lost; a slot read back from a state holds the stored text. The
 * array is not copied: treat it as read-only.
 *
 * @param <T> the parsed result type, e.g. {@code DiscoverResult}
 */
public final class RockyOutput<T> {

    private final T value;
    private final byte[] json;
    private final int exitCode;

    /**
     * @param value the parsed result
     * @param json the stdout bytes it was parsed from (one JSON document, UTF-8); not copied
     * @param exitCode the process exit code (non-zero for results that carry a failure, such as a
     *     compile with errors)
     */
    public RockyOutput(T value, byte[] json, int exitCode) {
        this.value = Objects.requireNonNull(value, "value is null");
        this.json = Objects.requireNonNull(json, "json is null");
        this.exitCode = exitCode;
    }

    /** @return the parsed result */
    public T value() {
        return value;
    }

    /** @return the exact stdout bytes; do not modify */
    public byte[] json() {
        return json;
    }

    /** @return the process exit code */
    public int exitCode() {
        return exitCode;
    }
}
