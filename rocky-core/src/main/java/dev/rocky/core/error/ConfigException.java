package dev.rocky.core.error;

/**
 * The component's configuration is invalid ({@link ErrorCode#CONFIG_INVALID}): an unknown
 * attribute, a wrong type, a missing file. The message names the attribute and, where known, the
 * file and line.
 */
public final class ConfigException extends RockyException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the attribute, where it is, and the accepted values
     */
    public ConfigException(String message) {
        super(ErrorCode.CONFIG_INVALID, message);
    }

    /**
     * @param message one line naming the attribute, where it is, and the accepted values
     * @param cause the underlying parse error
     */
    public ConfigException(String message, Throwable cause) {
        super(ErrorCode.CONFIG_INVALID, message, cause);
    }
}
