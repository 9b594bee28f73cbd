package dev.rocky.core.spec;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable, insertion-ordered copies of maps for domain records and events ({@code Map.copyOf}
 * loses the order). A copy is made once: copying a copy returns it, so one map can be shared by
 * many records (the tags of all tables of one source, the metadata of every placeholder check
 * result with the same status).
 */
public final class Maps {

    private Maps() {
    }

    /*
     * An immutable copy keeping the iteration order; the argument itself when it is already such a
     * copy, so a map shared by many records is held once.
     */
    /**
     * @param source the map to copy; no {@code null} key or value
     * @param <K> the key type
     * @param <V> the value type
     * @return the copy
     * @throws NullPointerException when the map, a key or a value is {@code null}, naming the key
     */
    public static <K, V> Map<K, V> orderedCopy(Map<K, V> source) {
        Objects.requireNonNull(source, "map is null");
        if (source.isEmpty()) {
            return Map.of();
        }
        if (source instanceof Frozen) {
            return source;
        }
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(source.size() * 4 / 3 + 1);
        for (Map.Entry<K, V> e : source.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "map key is null"),
                    Objects.requireNonNull(e.getValue(), () -> "value of " + e.getKey() + " is null"));
        }
        return new Frozen<>(copy);
    }

    /** An unmodifiable view of a map no one else holds. */
    private static final class Frozen<K, V> extends AbstractMap<K, V> {
        private final Map<K, V> map;

        Frozen(LinkedHashMap<K, V> map) {
            this.map = Collections.unmodifiableMap(map);
        }

        @Override
        public Set<Map.Entry<K, V>> entrySet() {
            return map.entrySet();
        }

        @Override
        public V get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }
    }
}
