package dev.rocky.core.spec;

import java.util.List;
import java.util.Objects;

/**
 * The identity of an asset: a non-empty path of non-empty strings, as Dagster's {@code AssetKey}.
 * For a discovered table the default translator gives {@code [source_type, *components, table]},
 * e.g. {@code ["duckdb", "orders", "orders"]}. Two keys are equal when their paths are.
 *
 * <p>A value class rather than a record so that the hash is computed once: a load puts every key
 * into several hash tables. Each segment's hash is mixed before it is combined, unlike
 * {@link List#hashCode()}, under which generated names such as {@code src0042}/{@code t0017} sum to
 * the same value for many keys and open-addressing tables (those of {@code Map.copyOf}) degrade to
 * quadratic time at tens of thousands of keys.
 *
 * <p>Immutable and thread-safe.
 */
public final class AssetKey {

    private final List<String> path;
    private int hash;

    /**
     * @param path the key's segments, in order; copied
     * @throws IllegalArgumentException when the path is empty or a segment is empty
     * @throws NullPointerException when the path or a segment is {@code null}
     */
    public AssetKey(List<String> path) {
        this.path = List.copyOf(Objects.requireNonNull(path, "path is null"));
        if (this.path.isEmpty()) {
            throw new IllegalArgumentException("an asset key needs at least one segment");
        }
        for (int i = 0, n = this.path.size(); i < n; i++) { // indexed: no iterator per key (a graph makes one key per asset)
            if (this.path.get(i).isEmpty()) {
                throw new IllegalArgumentException("asset key " + this.path + " has an empty segment");
            }
        }
    }

    /**
     * A path this class made from a checked key's segments: taken as it is, immutable and checked
     * ({@code trusted} only tells this constructor from the public one).
     */
    private AssetKey(List<String> checkedPath, boolean trusted) {
        this.path = checkedPath;
    }

    /**
     * The key of a sibling: this key's segments but the last, then {@code leaf}; as the default
     * translator keys the next table of a source ({@code ["duckdb", "orders", "orders"]} with leaf
     * {@code "customers"} gives {@code ["duckdb", "orders", "customers"]}). Equal to
     * {@code new AssetKey(path)} of those segments, without copying them again or checking the
     * segments this key checked.
     *
     * @param leaf the new last segment
     * @return the sibling key
     * @throws IllegalArgumentException when {@code leaf} is empty
     * @throws NullPointerException when {@code leaf} is {@code null}
     */
    public AssetKey withLeaf(String leaf) {
        if (leaf.isEmpty()) {
            throw new IllegalArgumentException("asset key " + path.subList(0, path.size() - 1) + " + '' has an empty segment");
        }
        List<String> p = path;
        List<String> sibling = switch (p.size()) { // the fixed-arity List.of keeps the array it is given
            case 1 -> List.of(leaf);
            case 2 -> List.of(p.get(0), leaf);
            case 3 -> List.of(p.get(0), p.get(1), leaf);
            case 4 -> List.of(p.get(0), p.get(1), p.get(2), leaf);
            default -> {
                String[] segments = p.toArray(new String[0]);
                segments[segments.length - 1] = leaf;
                yield List.of(segments);
            }
        };
        return new AssetKey(sibling, true);
    }

    /**
     * @param segments the key's segments, in order
     * @return the key
     */
    public static AssetKey of(String... segments) {
        return new AssetKey(List.of(segments));
    }

    /** @return the key's segments, in order; unmodifiable */
    public List<String> path() {
        return path;
    }

    /** @return the last segment, e.g. the table name for a discovered table */
    public String leaf() {
        return path.get(path.size() - 1);
    }

    /** @return the segments joined with {@code /}, as Dagster shows keys, e.g. {@code duckdb/orders/orders} */
    public String toUserString() {
        return String.join("/", path);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 0x2545F491;
            for (int i = 0, n = path.size(); i < n; i++) {
                h = Integer.rotateLeft(h ^ mix(path.get(i).hashCode()), 13) * 5 + 0xE6546B64;
            }
            h = mix(h ^ path.size());
            if (h == 0) {
                h = 1;
            }
            hash = h;
        }
        return h;
    }

    /** The 32-bit finaliser of MurmurHash3: every input bit affects every output bit. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof AssetKey other && hashCode() == other.hashCode() && path.equals(other.path);
    }

    @Override
    public String toString() {
        return toUserString();
    }
}
