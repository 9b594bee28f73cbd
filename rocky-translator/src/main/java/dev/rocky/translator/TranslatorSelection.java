package dev.rocky.translator;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What defs.yaml says about the translator: {@code translator: {name: <name>, config: {...}}},
 * {@code translator: {class: <class>, config: {...}}}, or the reference's
 * {@code translator_class: <class>}. At most one of {@code name} and {@code className} is set.
 *
 * @param name the factory name to use
 * @param className the fully qualified class of a factory or translator to use
 * @param config the factory's settings; copied
 */
public record TranslatorSelection(Optional<String> name, Optional<String> className, Map<String, String> config) {

    /**
     * @throws IllegalArgumentException when both a name and a class are given
     */
    public TranslatorSelection {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(className, "className is null");
        config = Map.copyOf(config);
        if (name.isPresent() && className.isPresent()) {
            throw new IllegalArgumentException("a translator is chosen by name or by class, not both: name '" + name.get()
                    + "', class " + className.get());
        }
    }

    /** @return no choice: the highest-priority factory found, else the default */
    public static TranslatorSelection none() {
        return new TranslatorSelection(Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * @param name a factory name
     * @param config its settings
     * @return the selection
     */
    public static TranslatorSelection named(String name, Map<String, String> config) {
        return new TranslatorSelection(Optional.of(name), Optional.empty(), config);
    }

    /**
     * @param className a fully qualified class name
     * @param config the settings passed when it is a factory
     * @return the selection
     */
    public static TranslatorSelection ofClass(String className, Map<String, String> config) {
        return new TranslatorSelection(Optional.empty(), Optional.of(className), config);
    }
}
