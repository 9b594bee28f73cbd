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
 * keys and values in two arrays and finds a key by comparing along them: about a fifth of the
 * memory of a {@link LinkedHashMap}, which matters at a million assets; maps built one after the
 * other by an {@link OrderedBuilder} share the keys' array when their keys are the same. A larger copy is a
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
            Object[] keys = new Object[size];
            Object[] values = new Object[size];
            int i = 0;
            for (Map.Entry<K, V> e : source.entrySet()) {
                if (i == size) {
                    throw new IllegalArgumentException("the map grew while it was copied");
                }
                keys[i] = Objects.requireNonNull(e.getKey(), "map key is null");
                values[i++] = valueOf(e.getKey(), e.getValue());
            }
            if (i != size) {
                throw new IllegalArgumentException("the map shrank while it was copied");
            }
            return new Small<>(keys, values);
        }
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(size * 4 / 3 + 1);
        for (Map.Entry<K, V> e : source.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "map key is null"), valueOf(e.getKey(), e.getValue()));
        }
        return new Frozen<>(copy);
    }

    /**
     * Builds one immutable, insertion-ordered map after another, the maps {@link #orderedCopy}
     * makes, without an intermediate {@link LinkedHashMap}: {@link #put} appends a new key and
     * replaces the value of a known one in place (as {@code LinkedHashMap.put} does), and
     * {@link #build()} returns the map and empties the builder for the next one. Maps of the same
     * keys in the same order, built one after the other, share one array of keys: the metadata of
     * all tables of one source costs one array of values each.
     *
     * <p>Not thread-safe: one builder per thread (a load builds its graph on one).
     *
     * @param <K> the key type
     * @param <V> the value type
     */
    public static final class OrderedBuilder<K, V> {
        private Object[] keys = new Object[SMALL];
        private Object[] values = new Object[SMALL];
        private int size;
        /** Past {@link #SMALL} entries, all of them, in order; else {@code null}. */
        private LinkedHashMap<K, V> large;
        /** The keys of the last small map built, shared by the next when they are the same. */
        private Object[] lastKeys;

        /** An empty builder. */
        public OrderedBuilder() {
        }

        /**
         * @param key a key; not {@code null}
         * @param value its value; not {@code null}
         * @return this builder
         * @throws NullPointerException when the key or the value is {@code null}, naming the key
         */
        public OrderedBuilder<K, V> put(K key, V value) {
            Objects.requireNonNull(key, "map key is null");
            valueOf(key, value);
            if (large != null) {
                large.put(key, value);
                return this;
            }
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    values[i] = value;
                    return this;
                }
            }
            if (size == SMALL) {
                large = new LinkedHashMap<>(SMALL * 4);
                for (int i = 0; i < size; i++) {
                    large.put(key(i), value(i));
                }
                clearSmall();
                large.put(key, value);
                return this;
            }
            keys[size] = key;
            values[size++] = value;
            return this;
        }

        /**
         * @param map entries to {@link #put}, in its iteration order
         * @return this builder
         * @throws NullPointerException when a key or a value is {@code null}
         */
        @SuppressWarnings("unchecked")
        public OrderedBuilder<K, V> putAll(Map<? extends K, ? extends V> map) {
            if (map instanceof Small<?, ?> small) { // (no entry objects, no method-reference object per call)
                for (int i = 0; i < small.keys.length; i++) {
                    put((K) small.keys[i], (V) small.values[i]);
                }
                return this;
            }
            for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
                put(e.getKey(), e.getValue());
            }
            return this;
        }

        /** @return the number of entries put since the last {@link #build()} */
        public int size() {
            return large != null ? large.size() : size;
        }

        /**
         * @return the map of the entries put since the last call, immutable and in put order (see
         *     {@link #orderedCopy}); the builder is empty afterwards
         */
        public Map<K, V> build() {
            if (large != null) {
                Map<K, V> out = new Frozen<>(large);
                large = null;
                return out;
            }
            if (size == 0) {
                return Map.of();
            }
            Object[] shared = lastKeys;
            if (shared == null || shared.length != size || !sameKeys(shared)) {
                shared = java.util.Arrays.copyOf(keys, size);
                lastKeys = shared;
            }
            Map<K, V> out = new Small<>(shared, java.util.Arrays.copyOf(values, size));
            clearSmall();
            return out;
        }

        private boolean sameKeys(Object[] other) {
            for (int i = 0; i < size; i++) {
                if (other[i] != keys[i] && !other[i].equals(keys[i])) {
                    return false;
                }
            }
            return true;
        }

        /** Drops the entries put since the last {@link #build()}. */
        public void clear() {
            large = null;
            clearSmall();
        }

        private void clearSmall() {
            java.util.Arrays.fill(keys, 0, size, null);
            java.util.Arrays.fill(values, 0, size, null);
            size = 0;
        }

        @SuppressWarnings("unchecked")
        private K key(int i) {
            return (K) keys[i];
        }

        @SuppressWarnings("unchecked")
        private V value(int i) {
            return (V) values[i];
        }
    }

    /**
     * An immutable map of at most {@link #SMALL} entries: keys and values in two arrays of one
     * length, the keys' array possibly shared with other maps (never written after construction).
     */
    /**
     * Whether two maps hold equal entries in the same iteration order: {@code Map.equals} ignores
     * the order, which a writer of the maps' entries does not. Two maps of this class's ordered
     * builder that share their key array compare their values alone.
     *
     * @param a a map
     * @param b another map
     * @return whether iterating both gives equal keys and equal values, pair by pair
     */
    public static boolean equalInOrder(Map<?, ?> a, Map<?, ?> b) {
        if (a == b) {
            return true;
        }
        if (a.size() != b.size()) {
            return false;
        }
        if (a instanceof Small<?, ?> x && b instanceof Small<?, ?> y) {
            if (x.keys != y.keys && !java.util.Arrays.equals(x.keys, y.keys)) {
                return false;
            }
            return java.util.Arrays.equals(x.values, y.values);
        }
        Iterator<? extends Map.Entry<?, ?>> i = a.entrySet().iterator();
        Iterator<? extends Map.Entry<?, ?>> j = b.entrySet().iterator();
        while (i.hasNext()) {
            Map.Entry<?, ?> e = i.next();
            Map.Entry<?, ?> f = j.next();
            if (!e.getKey().equals(f.getKey()) || !Objects.equals(e.getValue(), f.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static final class Small<K, V> extends AbstractMap<K, V> {
        private final Object[] keys;
        private final Object[] values;

        Small(Object[] keys, Object[] values) {
            this.keys = keys;
            this.values = values;
        }

        private int indexOf(Object key) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        @SuppressWarnings("unchecked")
        public V get(Object key) {
            int i = key == null ? -1 : indexOf(key);
            return i < 0 ? null : (V) values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return key != null && indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void forEach(BiConsumer<? super K, ? super V> action) {
            for (int i = 0; i < keys.length; i++) {
                action.accept((K) keys[i], (V) values[i]);
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
                            return next < keys.length;
                        }

                        @Override
                        @SuppressWarnings("unchecked")
                        public Map.Entry<K, V> next() {
                            if (next >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            Map.Entry<K, V> e = new AbstractMap.SimpleImmutableEntry<>((K) keys[next], (V) values[next]);
                            next++;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
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

    /**
     * @return {@code value}
     * @throws NullPointerException naming {@code key} when {@code value} is {@code null} (no
     *     message supplier: a lambda made per entry, and a class spun at its first use, on a path
     *     every asset's metadata takes)
     */
    private static <K, V> V valueOf(K key, V value) {
        if (value == null) {
            throw new NullPointerException("value of " + key + " is null");
        }
        return value;
    }
}
