package dev.rocky.core.error;

import java.util.Optional;

/**
 * Rocky's stdout could not be used: not JSON ({@link ErrorCode#OUTPUT_NOT_JSON}), larger than the
 * capture cap ({@link ErrorCode#OUTPUT_TOO_LARGE}), or JSON of the wrong shape
 * ({@link ErrorCode#SCHEMA_MISMATCH}, with the JSON path of the offending value, e.g.
 * {@code $.sources[0].tables[2].name}).
 */
public final class RockyOutputException extends RockyException {

    private static final long serialVersionUID = 1L;

    private final String command;
    private final String jsonPath;

    /**
     * @param code {@code OUTPUT_NOT_JSON}, {@code OUTPUT_TOO_LARGE} or {@code SCHEMA_MISMATCH}
     * @param command the rocky subcommand whose output this was
     * @param jsonPath where in the document the problem is, or {@code null} when not known
     * @param message one line: what failed, where, what to do
     * @param cause the parser's exception, or {@code null}
     */
    public RockyOutputException(ErrorCode code, String command, String jsonPath, String message, Throwable cause) {
        super(code, message, cause);
        this.command = command;
        this.jsonPath = jsonPath;
    }

    /** @return the rocky subcommand whose output this was */
    public String command() {
        return command;
    }

    /** @return the JSON path of the problem, when known */
    public Optional<String> jsonPath() {
        return Optional.ofNullable(jsonPath);
    }
}
