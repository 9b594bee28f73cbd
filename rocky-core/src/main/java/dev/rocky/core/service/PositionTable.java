package dev.rocky.core.service;

/**
 * A {@code long} per position in a graph's assets ({@link dev.rocky.core.spec.Definitions#indexOf}),
 * 0 where none was set, sized by the positions a materialization touches rather than by the graph.
 *
 * <p>When the positions expected are at least an eighth of the graph, the table is one
 * {@code long[]} as long as the graph (a look-up is an array read). Below that it is an
 * open-addressing hash table of the positions set, which grows as they come: one asset of a
 * million-asset graph costs a few slots, not 8 MB of fresh memory per materialization.
 *
 * <p>Not thread-safe: one materialization's ledger or plan owns it.
 */
final class PositionTable {
    /** Below this share of the graph (one in eight) the positions are hashed instead of held densely. */
    private static final int DENSE_SHARE = 8;

    /** The value per position when dense; null when hashed. */
    private final long[] dense;
    /** Hashed: 1 + the position in each slot, 0 for an empty slot. */
    private int[] keys;
    /** Hashed: the value of the position in the same slot of {@link #keys}. */
    private long[] values;
    /** Hashed: how many slots hold a position. */
    private int size;

    private PositionTable(long[] dense, int slots) {
        this.dense = dense;
        if (dense == null) {
            keys = new int[slots];
            values = new long[slots];
        }
    }

    /**
     * @param graphSize how many assets the graph has (positions are {@code 0..graphSize-1})
     * @param expected how many positions the caller expects to set (the selection's size)
     * @return a table dense when {@code expected} is at least an eighth of {@code graphSize}, hashed otherwise
     * @throws IllegalArgumentException when either count is negative
     */
    static PositionTable forPositions(int graphSize, int expected) {
        if (graphSize < 0 || expected < 0) {
            throw new IllegalArgumentException("a graph of " + graphSize + " assets cannot expect " + expected + " positions");
        }
        if ((long) expected * DENSE_SHARE >= graphSize) {
            return new PositionTable(new long[graphSize], 0);
        }
        int slots = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1; // a power of two at least twice expected
        return new PositionTable(null, slots);
    }

    /** @return whether the table holds one value per asset of the graph (else a hash table of the positions set) */
    boolean isDense() {
        return dense != null;
    }

    /**
     * @param position a position in the graph's assets
     * @return the value set at that position, 0 when none was
     */
    long get(int position) {
        if (dense != null) {
            return dense[position];
        }
        int slot = find(position);
        return keys[slot] == 0 ? 0 : values[slot];
    }

    /** Sets the value at {@code position} (a value of 0 reads the same as one never set). */
    void put(int position, long value) {
        if (dense != null) {
            dense[position] = value;
            return;
        }
        int slot = slotFor(position);
        values[slot] = value;
    }

    /**
     * Sets bits at {@code position}.
     *
     * @return the value before the bits were set
     */
    long or(int position, long bits) {
        if (dense != null) {
            long before = dense[position];
            dense[position] = before | bits;
            return before;
        }
        int slot = slotFor(position);
        long before = values[slot];
        values[slot] = before | bits;
        return before;
    }

    /** @return the slot holding {@code position}, claimed (and the table grown first, if due) when it held none */
    private int slotFor(int position) {
        int slot = find(position);
        if (keys[slot] != 0) {
            return slot;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
            slot = find(position);
        }
        keys[slot] = position + 1;
        size++;
        return slot;
    }

    /** @return the slot that holds {@code position}, or the empty slot where it would go */
    private int find(int position) {
        int mask = keys.length - 1;
        int slot = mix(position) & mask;
        while (keys[slot] != 0 && keys[slot] != position + 1) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        int[] oldKeys = keys;
        long[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = find(oldKeys[i] - 1);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    /** Spreads consecutive positions over the table (a selection is often a run of neighbours). */
    private static int mix(int position) {
        int h = position * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
