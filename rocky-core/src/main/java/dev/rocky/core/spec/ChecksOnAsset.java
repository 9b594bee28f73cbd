package dev.rocky.core.spec;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The checks declared on one asset, as an immutable list whose elements are made when read: the
 * asset's key and two lists of names and descriptions, which every asset declaring the same checks
 * shares (every replicated table declares the four built-in ones). A 100,000-table graph holds
 * 100,000 of these small objects instead of 400,000 {@link AssetCheckSpec}s and their lists.
 */
final class ChecksOnAsset extends AbstractList<AssetCheckSpec> implements RandomAccess {

    /** The last names checked against the check-name alphabet (a benign race: at worst they are checked again). */
    private static volatile List<String> lastValidNames = List.of();

    private final AssetKey asset;
    private final List<String> names;
    private final List<String> descriptions;

    /**
     * @throws IllegalArgumentException when the lists differ in length or a name is not {@code [A-Za-z0-9_]+}
     */
    ChecksOnAsset(AssetKey asset, List<String> names, List<String> descriptions) {
        this.asset = java.util.Objects.requireNonNull(asset, "asset is null");
        this.names = List.copyOf(names);
        this.descriptions = List.copyOf(descriptions);
        if (this.names.size() != this.descriptions.size()) {
            throw new IllegalArgumentException(this.names.size() + " check names but " + this.descriptions.size() + " descriptions");
        }
        if (lastValidNames != this.names) {
            for (String name : this.names) {
                if (!AssetCheckSpec.isValidName(name)) {
                    throw new IllegalArgumentException("check name '" + name + "' on " + asset + " must match [A-Za-z0-9_]+");
                }
            }
            lastValidNames = this.names;
        }
    }

    /** @return the asset every check of the list is on */
    AssetKey asset() {
        return asset;
    }

    /** @return the checks' names, in order (shared by every list built from the same one) */
    List<String> names() {
        return names;
    }

    /** @return one description per name, in the same order */
    List<String> descriptions() {
        return descriptions;
    }

    @Override
    public AssetCheckSpec get(int index) {
        return new AssetCheckSpec(names.get(index), asset, descriptions.get(index));
    }

    @Override
    public int size() {
        return names.size();
    }
}
