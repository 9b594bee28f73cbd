package dev.rocky.core.spec;

import java.util.Arrays;
import java.util.List;

/**
 * Asset keys by position (the order they were added), and each key's position by key: an
 * open-addressing table of (hash, position) pairs in one {@code int[]}, at most half full. A
 * lookup that misses reads one slot, and one that hits reads the key it compares; there are no
 * entry objects or boxed positions, so 100,000 keys cost about 2.5 MB instead of a
 * {@code HashMap<AssetKey, Integer>}'s 6 MB. Keys hash with {@link AssetKey#hashCode()}, which
 * is computed once per key.
 *
 * <p>Not thread-safe while keys are added; safe to share once no more are.
 */
final class KeyIndex {

    private AssetKey[] keys;
    /** {@code table[2i]}: a key's hash; {@code table[2i + 1]}: its position + 1, or 0 for an empty slot. */
    private int[] table;
    private int size;

    /** @param expected how many keys are likely to be added (a capacity hint, 0 or more) */
    KeyIndex(int expected) {
        keys = new AssetKey[Math.max(expected, 4)];
        table = new int[2 * slotsFor(Math.max(expected, 4))];
    }

    /** @return a power of two at least twice {@code count} */
    private static int slotsFor(int count) {
        return Integer.highestOneBit(Math.max(count, 2) * 2 - 1) << 1;
    }

    /** @return the number of keys added */
    int size() {
        return size;
    }

    /** @return the key at {@code position} (0 ≤ position &lt; {@link #size()}) */
    AssetKey key(int position) {
        return keys[position];
    }

    /**
     * @param from the first position
     * @param to the position after the last
     * @return the keys at those positions, in order (a {@link FrozenList} over a copy of that range
     *     of the index's array: no element-by-element copy or {@code null} check)
     * @throws IndexOutOfBoundsException unless 0 ≤ from ≤ to ≤ {@link #size()}
     */
    List<AssetKey> keys(int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, size);
        return new FrozenList<>(Arrays.copyOfRange(keys, from, to, Object[].class));
    }

    /**
     * @param key any object
     * @return the position of that key, or -1 when it was not added (or is not an {@link AssetKey})
     */
    int find(Object key) {
        if (!(key instanceof AssetKey assetKey)) {
            return -1;
        }
        int hash = assetKey.hashCode();
        int mask = table.length / 2 - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int position = table[2 * slot + 1] - 1;
            if (position < 0) {
                return -1;
            }
            if (table[2 * slot] == hash && keys[position].equals(assetKey)) {
                return position;
            }
        }
    }

    /**
     * @param key a key
     * @return its new position, or {@code -1 - position} of the equal key added before (nothing changes then)
     */
    int add(AssetKey key) {
        int hash = key.hashCode();
        int mask = table.length / 2 - 1;
        int slot = hash & mask;
        for (; ; slot = (slot + 1) & mask) {
            int position = table[2 * slot + 1] - 1;
            if (position < 0) {
                break;
            }
            if (table[2 * slot] == hash && keys[position].equals(key)) {
                return -1 - position;
            }
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
        }
        keys[size] = key;
        table[2 * slot] = hash;
        table[2 * slot + 1] = ++size;
        if (size * 2 > table.length / 2) {
            rehash();
        }
        return size - 1;
    }

    /** Doubles the table and puts every key back. */
    private void rehash() {
        int[] bigger = new int[table.length * 2];
        int mask = bigger.length / 2 - 1;
        for (int position = 0; position < size; position++) {
            int hash = keys[position].hashCode();
            int slot = hash & mask;
            while (bigger[2 * slot + 1] != 0) {
                slot = (slot + 1) & mask;
            }
            bigger[2 * slot] = hash;
            bigger[2 * slot + 1] = position + 1;
        }
        table = bigger;
    }
}
