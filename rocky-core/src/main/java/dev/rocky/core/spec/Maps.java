package dev.rocky.core.spec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Immutable, insertion-ordered copies of maps for domain records and events ({@code Map.copyOf}
 * loses the order). A copy is made once: copying a copy returns it, so one map can be shared by
 * many records (the tags of all tables of one source, the metadata of every placeholder check
 * result with the same status).
 *
 * <p>A small copy (up to {@value #SMALL} entries, as an asset's metadata and tags are) holds its
 * keys and values in one array and finds a key by comparing along it: about a fifth of the memory
 * of a {@link LinkedHashMap}, which matters at a million assets. A larger copy is a
 * {@link LinkedHashMap} behind an unmodifiable view.
 */
public final class Maps {

    /** The most entries a copy holds in one array, looked up by a linear scan. */
    static final int SMALL = 12;

    private Maps() {
    }

    /**
     * An immutable copy keeping the iteration order; the argument itself when it is already such a
     * copy, so a map shared by many records is held once.
     *
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
        if (source instanceof Small || source instanceof Frozen) {
            return source;
        }
        int size = source.size();
        if (size <= SMALL) {
            Object[] pairs = new Object[size * 2];
            int i = 0;
            for (Map.Entry<K, V> e : source.entrySet()) {
                if (i == pairs.length) {
                    throw new IllegalArgumentException("the map grew while it was copied");
                }
                pairs[i++] = Objects.requireNonNull(e.getKey(), "map key is null");
                pairs[i++] = Objects.requireNonNull(e.getValue(), () -> "value of " + e.getKey() + " is null");
            }
            if (i != pairs.length) {
                throw new IllegalArgumentException("the map shrank while it was copied");
            }
            return new Small<>(pairs);
        }
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(size * 4 / 3 + 1);
        for (Map.Entry<K, V> e : source.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "map key is null"),
                    Objects.requireNonNull(e.getValue(), () -> "value of " + e.getKey() + " is null"));
        }
        return new Frozen<>(copy);
    }

    /** An immutable map of at most {@link #SMALL} entries: keys and values alternate in one array. */
    private static final class Small<K, V> extends AbstractMap<K, V> {
        private final Object[] pairs;

        Small(Object[] pairs) {
            this.pairs = pairs;
        }

        private int indexOf(Object key) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        @SuppressWarnings("unchecked")
        public V get(Object key) {
            int i = key == null ? -1 : indexOf(key);
            return i < 0 ? null : (V) pairs[i + 1];
        }

        @Override
        public boolean containsKey(Object key) {
            return key != null && indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return pairs.length / 2;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void forEach(BiConsumer<? super K, ? super V> action) {
            for (int i = 0; i < pairs.length; i += 2) {
                action.accept((K) pairs[i], (V) pairs[i + 1]);
            }
        }

        @Override
        public Set<Map.Entry<K, V>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<K, V>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < pairs.length;
                        }

                        @Override
                        @SuppressWarnings("unchecked")
                        public Map.Entry<K, V> next() {
                            if (next >= pairs.length) {
                                throw new NoSuchElementException();
                            }
                            Map.Entry<K, V> e = new AbstractMap.SimpleImmutableEntry<>((K) pairs[next], (V) pairs[next + 1]);
                            next += 2;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return pairs.length / 2;
                }
            };
        }
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
