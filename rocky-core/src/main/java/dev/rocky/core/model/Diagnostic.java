package dev.rocky.core.model;

import java.util.Objects;

/**
 * A compiler diagnostic ({@code diagnostics[]} in {@code rocky compile}'s output, schema
 * {@code Diagnostic}).
 *
 * @param severity {@code Error}, {@code Warning} or {@code Info}, as the engine spells it
 * @param code the diagnostic code, e.g. {@code E001}
 * @param message the human-readable message
 * @param model the model it relates to
 */
public record Diagnostic(String severity, String code, String message, String model) {

    /** Rejects {@code null} parts. */
    public Diagnostic {
        Objects.requireNonNull(severity, "severity is null");
        Objects.requireNonNull(code, "code is null");
        Objects.requireNonNull(message, "message is null");
        Objects.requireNonNull(model, "model is null");
    }

    /** @return true when the severity is an error */
    public boolean isError() {
        return severity.equalsIgnoreCase("error");
    }
}
