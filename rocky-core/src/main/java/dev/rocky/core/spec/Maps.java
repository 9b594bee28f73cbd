package dev.rocky.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Immutable, insertion-ordered copies of maps for domain records (Map.copyOf loses order). */
final class Maps {

    private Maps() {
    }

    static <K, V> Map<K, V> orderedCopy(Map<K, V> source) {
        Objects.requireNonNull(source, "map is null");
        if (source.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(source.size() * 4 / 3 + 1);
        for (Map.Entry<K, V> e : source.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "map key is null"),
                    Objects.requireNonNull(e.getValue(), () -> "value of " + e.getKey() + " is null"));
        }
        return Collections.unmodifiableMap(copy);
    }
}
