package dev.rocky.translator.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled model as a translator sees it: one entry of {@code rocky compile}'s
 * {@code models_detail[]}, with the governance tags of its sidecar.
 *
 * @param name the model name, e.g. {@code fct_revenue}
 * @param target the table it writes
 * @param strategy its materialization strategy type, e.g. {@code incremental}; blank when unknown
 * @param dependsOn the models it reads
 * @param tags its governance tags ({@code [tags]} in the sidecar), in file order
 */
public record ModelView(String name, Target target, String strategy, List<String> dependsOn, Map<String, String> tags) {
    /** Rejects {@code null} parts and copies the collections. */
    public ModelView {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(target, "target is null");
        Objects.requireNonNull(strategy, "strategy is null");
        dependsOn = List.copyOf(dependsOn);
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }
}
