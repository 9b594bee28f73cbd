package dev.rocky.translator;

import dev.rocky.core.port.AssetTranslator;
import java.util.Objects;

/**
 * The translator a component uses, and why.
 *
 * @param translator the translator to call: the chosen one with its output checked and the
 *     defs.yaml {@code translation} templates applied
 * @param name the factory name, or the class name for a translator set in code or by class
 * @param origin where its classes came from: a jar or directory path, {@code built-in}, or {@code code}
 * @param choice which rule of the resolution order chose it
 */
public record ResolvedTranslator(AssetTranslator translator, String name, String origin, Choice choice) {

    /** The resolution order's rules, first to last. */
    public enum Choice {
        /** Set in code, by a custom distribution. */
        CODE,
        /** Named in defs.yaml ({@code translator: {name: …}}). */
        CONFIGURED_NAME,
        /** Given by class in defs.yaml ({@code translator_class} or {@code translator: {class: …}}). */
        CONFIGURED_CLASS,
        /** The highest-priority factory found, as none was named. */
        HIGHEST_PRIORITY,
        /** The built-in translator, as nothing else was found. */
        DEFAULT
    }

    /** Rejects {@code null} parts. */
    public ResolvedTranslator {
        Objects.requireNonNull(translator, "translator is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(origin, "origin is null");
        Objects.requireNonNull(choice, "choice is null");
    }

    /** @return one line for people, e.g. {@code tenant from /srv/plugins/tenant.jar (named in defs.yaml)} */
    public String describe() {
        String why;
        switch (choice) {
            case CODE:
                why = "set in code";
                break;
            case CONFIGURED_NAME:
                why = "named in defs.yaml";
                break;
            case CONFIGURED_CLASS:
                why = "class given in defs.yaml";
                break;
            case HIGHEST_PRIORITY:
                why = "highest priority found";
                break;
            default:
                why = "no other translator found";
                break;
        }
        return name + " from " + origin + " (" + why + ")";
    }
}
