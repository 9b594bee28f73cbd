package dev.rocky.testkit.project;

/**
 * A Rocky project directory the fake cannot read: a missing {@code rocky.toml}, a TOML syntax
 * error, a sidecar that names an unknown strategy. The message names the file and what to fix.
 */
public final class ProjectException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, in which file, and what to do
     */
    public ProjectException(String message) {
        super(message);
    }

    /**
     * @param message what failed, in which file, and what to do
     * @param cause the underlying error
     */
    public ProjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
