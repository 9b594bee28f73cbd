package dev.rocky.core.spec;

import java.util.List;
import java.util.Objects;

/**
 * The identity of an asset: a non-empty path of non-empty strings, as Dagster's {@code AssetKey}.
 * For a discovered table the default translator gives {@code [source_type, *components, table]},
 * e.g. {@code ["duckdb", "orders", "orders"]}.
 *
 * @param path the key's segments, in order; copied
 */
public record AssetKey(List<String> path) {

    /**
     * @throws IllegalArgumentException when the path is empty or a segment is empty
     * @throws NullPointerException when the path or a segment is {@code null}
     */
    public AssetKey {
        path = List.copyOf(Objects.requireNonNull(path, "path is null"));
        if (path.isEmpty()) {
            throw new IllegalArgumentException("an asset key needs at least one segment");
        }
        for (String segment : path) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("asset key " + path + " has an empty segment");
            }
        }
    }

    /**
     * @param segments the key's segments, in order
     * @return the key
     */
    public static AssetKey of(String... segments) {
        return new AssetKey(List.of(segments));
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
    public String toString() {
        return toUserString();
    }
}
