package dev.rocky.core.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph's assets as runs of one group: where each run starts and its group, in the assets'
 * order. A load adds a source's tables one after the other, and with them their group, so 100,000
 * assets are about a thousand runs; {@link Definitions.Builder} records them as it adds each
 * asset, and {@link #groups} turns them into each group's keys by copying ranges of the key index's
 * array, with no pass over the assets.
 *
 * <p>Not thread-safe while assets are added; safe to share once no more are.
 */
final class GroupRuns {

    private String[] groups = new String[16];
    /** {@code starts[r]}: the position of run {@code r}'s first asset. */
    private int[] starts = new int[16];
    private int runs;
    private int assets;

    /**
     * @param assets a graph's assets
     * @return their runs
     */
    static GroupRuns of(List<AssetSpec> assets) {
        GroupRuns runs = new GroupRuns();
        for (AssetSpec spec : assets) {
            runs.add(spec.group());
        }
        return runs;
    }

    /**
     * Adds the next asset's group (the asset at position {@code size so far}).
     *
     * @param group the asset's group
     */
    void add(String group) {
        if (runs == 0 || (group != groups[runs - 1] && !group.equals(groups[runs - 1]))) {
            if (runs == groups.length) {
                groups = Arrays.copyOf(groups, runs * 2);
                starts = Arrays.copyOf(starts, runs * 2);
            }
            groups[runs] = group;
            starts[runs] = assets;
            runs++;
        }
        assets++;
    }

    /**
     * @param keys the keys of the same assets, by position
     * @return each group, in the order of its first asset, to its assets' keys in the graph's order
     *     (an unmodifiable map of {@link FrozenList}s)
     * @throws IllegalStateException when {@code keys} does not have one key per asset added
     */
    Map<String, List<AssetKey>> groups(KeyIndex keys) {
        if (keys.size() != assets) {
            throw new IllegalStateException(assets + " assets in runs but " + keys.size() + " keys");
        }
        Map<String, List<AssetKey>> out = new LinkedHashMap<>(runs * 4 / 3 + 1);
        for (int r = 0; r < runs; r++) {
            int end = r + 1 < runs ? starts[r + 1] : assets;
            List<AssetKey> run = keys.keys(starts[r], end);
            List<AssetKey> before = out.putIfAbsent(groups[r], run);
            if (before != null) { // a group whose assets are not all together
                List<AssetKey> joined = new ArrayList<>(before.size() + run.size());
                joined.addAll(before);
                joined.addAll(run);
                out.put(groups[r], new FrozenList<>(joined.toArray()));
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
