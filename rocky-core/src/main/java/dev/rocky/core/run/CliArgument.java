package dev.rocky.core.run;

import java.util.Objects;
import java.util.Optional;

/**
 * The rule for a value rocky receives as one argument (a filter, model name, partition key,
 * models directory, plan id): it must not start with {@code -}, which rocky's parser would read
 * as an option, and must not carry a line break or NUL, which no rocky value has and which would
 * split or cut the argument in logs and in the operating system's argv. The binary is always
 * started without a shell, so quotes, {@code $}, {@code ;} and {@code =} pass through as they are.
 */
public final class CliArgument {

    private CliArgument() {
    }

    /**
     * @param value a value for one argument
     * @return why it cannot be passed (it starts with {@code -}, or has a line break or NUL), or empty when it can
     */
    public static Optional<String> problem(String value) {
        Objects.requireNonNull(value, "value is null");
        if (value.startsWith("-")) {
            return Optional.of("starts with '-', so rocky would read it as an option");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' || c == 0) {
                return Optional.of("contains a " + (c == 0 ? "NUL" : "line break"));
            }
        }
        return Optional.empty();
    }

    /**
     * @param what what the value is, for the message, e.g. {@code partition key}
     * @param value the value
     * @return the value, when it can be passed
     * @throws IllegalArgumentException naming what and why when it cannot
     * @throws NullPointerException when it is {@code null}
     */
    public static String require(String what, String value) {
        Objects.requireNonNull(value, what + " is null");
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(what + " '" + printable(value) + "' " + problem.get());
        }
        return value;
    }

    /**
     * @param value any text
     * @return the text with line breaks and NUL escaped, cut to 120 characters, for a one-line message
     */
    public static String printable(String value) {
        String shown = value.replace("\n", "\\n").replace("\r", "\\r").replace("\0", "\\0");
        return shown.length() > 120 ? shown.substring(0, 120) + "…" : shown;
    }
}
