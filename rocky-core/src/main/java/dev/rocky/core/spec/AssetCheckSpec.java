package dev.rocky.core.spec;

import java.util.List;
import java.util.Objects;

/**
 * A check declared on an asset before anything runs, as Dagster's {@code AssetCheckSpec}. The
 * built-in rocky checks are {@code row_count}, {@code column_match}, {@code freshness} and
 * {@code row_count_anomaly}; their names byte-match the {@code check_results[].name} that
 * {@code rocky run} emits.
 *
 * @param name the check's name, {@code [A-Za-z0-9_]+}
 * @param asset the asset it checks
 * @param description one line saying what the check asserts
 */
public record AssetCheckSpec(String name, AssetKey asset, String description) {

    /**
     * @throws IllegalArgumentException when the name is not {@code [A-Za-z0-9_]+}
     */
    public AssetCheckSpec {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(asset, "asset is null");
        Objects.requireNonNull(description, "description is null");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("check name '" + name + "' on " + asset
                    + " must match [A-Za-z0-9_]+");
        }
    }

    /**
     * The checks of one asset, in order, as an immutable list that holds the key and the two lists
     * (shared by every asset that declares the same checks) and makes each spec when it is read.
     * {@link AssetSpec} keeps such a list as it is.
     *
     * @param asset the asset the checks are on
     * @param names the checks' names, each {@code [A-Za-z0-9_]+}; copied (a list from {@code List.of}
     *     or {@code List.copyOf} is held as is)
     * @param descriptions one description per name, in the same order; copied likewise
     * @return the checks
     * @throws IllegalArgumentException when the lists differ in length or a name is invalid
     */
    public static List<AssetCheckSpec> onAsset(AssetKey asset, List<String> names, List<String> descriptions) {
        return new ChecksOnAsset(asset, names, descriptions);
    }

    /**
     * Whether two assets declare the same checks: the same names with the same descriptions, in
     * the same order, whatever asset each list is on.
     *
     * @param a one asset's checks
     * @param b another's
     * @return whether they agree name by name and description by description
     */
    public static boolean sameNamesAndDescriptions(List<AssetCheckSpec> a, List<AssetCheckSpec> b) {
        if (a instanceof ChecksOnAsset x && b instanceof ChecksOnAsset y) {
            return x.names().equals(y.names()) && x.descriptions().equals(y.descriptions());
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            AssetCheckSpec c = a.get(i);
            AssetCheckSpec d = b.get(i);
            if (!c.name().equals(d.name()) || !c.description().equals(d.description())) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param name a candidate check name
     * @return true when it matches {@code [A-Za-z0-9_]+}
     */
    public static boolean isValidName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
