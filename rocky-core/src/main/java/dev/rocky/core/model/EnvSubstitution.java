package dev.rocky.core.model;

import dev.rocky.core.error.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's environment substitution in {@code rocky.toml}, applied to the file's text before
 * it is parsed (rocky-data/rocky {@code engine/crates/rocky-core/src/config.rs},
 * {@code substitute_env_vars_with_report}):
 * <ul>
 *   <li>a placeholder is {@code ${…}}: any characters but {@code }} between the braces;</li>
 *   <li>{@code ${NAME:-default}} is the variable's value, or {@code default} when it is unset or
 *       empty;</li>
 *   <li>{@code ${NAME}} is the variable's value (an empty value stays empty); an unset one is an
 *       error naming the first such variable: {@code environment variable 'NAME' not set
 *       (referenced in config)};</li>
 *   <li>a placeholder on a line whose first non-blank character is {@code #} (a TOML comment) is
 *       left as it is.</li>
 * </ul>
 * The fake rocky applies it to the projects it answers for, and rocky-java wherever it reads
 * {@code rocky.toml} itself. Stateless and thread-safe.
 */
public final class EnvSubstitution {

    /** The placeholder, as the engine matches it: {@code \$\{([^}]+)\}}. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private EnvSubstitution() {
    }

    /**
     * The substituted text and the variables that supplied it.
     *
     * @param text the text with every placeholder outside a comment replaced
     * @param names the variables referenced outside comments, in order of first use
     */
    public record Result(String text, List<String> names) {
        /** Copies the names; rejects {@code null}. */
        public Result {
            Objects.requireNonNull(text, "text is null");
            names = List.copyOf(names);
        }
    }

    /**
     * @param text a config file's text
     * @param environment the variables, e.g. {@link System#getenv()}
     * @param where the file, for the error message
     * @return the substituted text
     * @throws ConfigException when a {@code ${NAME}} without a default names an unset variable
     */
    public static Result substitute(String text, Map<String, String> environment, String where) {
        return substitute(text, environment, name -> missingMessage(name) + " in " + where + "; set it, or write ${" + name
                + ":-<default>}");
    }

    /**
     * As {@link #substitute(String, Map, String)} for a model sidecar, {@code _defaults.toml} or
     * other file under the models directory, which the engine substitutes the same way.
     *
     * @param text the file's text
     * @param environment the variables
     * @param path the file
     * @return the substituted text
     * @throws ConfigException with the engine's {@code ModelError::EnvSubstitution} message:
     *     {@code failed to substitute env vars in '<path>': environment variable 'NAME' not set (referenced in config)}
     */
    public static Result substituteModelFile(String text, Map<String, String> environment, String path) {
        return substitute(text, environment, name -> "failed to substitute env vars in '" + path + "': " + missingMessage(name));
    }

    /**
     * The substitution with the caller's error message for an unset variable.
     *
     * @param text a config file's text
     * @param environment the variables
     * @param missing the {@link ConfigException} message for the first unset variable, by its name
     * @return the substituted text
     * @throws ConfigException when a {@code ${NAME}} without a default names an unset variable
     */
    public static Result substitute(String text, Map<String, String> environment,
            java.util.function.Function<String, String> missing) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        List<String> names = new ArrayList<>();
        String firstMissing = null;
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            last = m.end();
            if (inComment(text, m.start())) {
                out.append(m.group());
                continue;
            }
            String expr = m.group(1);
            int sep = expr.indexOf(":-");
            String name = sep >= 0 ? expr.substring(0, sep) : expr;
            if (!names.contains(name)) {
                names.add(name);
            }
            String value = environment.get(name);
            if (sep >= 0) {
                out.append(value == null || value.isEmpty() ? expr.substring(sep + 2) : value);
            } else if (value != null) {
                out.append(value);
            } else {
                firstMissing = firstMissing == null ? name : firstMissing;
                out.append(m.group());
            }
        }
        if (firstMissing != null) {
            throw new ConfigException(missing.apply(firstMissing));
        }
        out.append(text, last, text.length());
        return new Result(out.toString(), names);
    }

    /**
     * @param name a variable name
     * @return the engine's message for it unset: {@code environment variable 'NAME' not set (referenced in config)}
     */
    public static String missingMessage(String name) {
        return "environment variable '" + name + "' not set (referenced in config)";
    }

    /** @return the variables a text references outside comments, whether set or not: what the engine substitutes */
    public static List<String> referencedNames(String text) {
        return referencedNames(text, false);
    }

    /**
     * @param text a config file's text
     * @param inComments whether placeholders in comment lines count too (for masking, where naming
     *     more is never a leak)
     * @return the variables its placeholders name, in order of first use
     */
    public static List<String> referencedNames(String text, boolean inComments) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (inComments || !inComment(text, m.start())) {
                String expr = m.group(1);
                int sep = expr.indexOf(":-");
                String name = sep >= 0 ? expr.substring(0, sep) : expr;
                if (!out.contains(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private static boolean inComment(String text, int at) {
        int lineStart = text.lastIndexOf('\n', at - 1) + 1;
        for (int i = lineStart; i < at; i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '#';
            }
        }
        return false;
    }
}
