package dev.rocky.cli;

import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code rocky-component defs --format text}: the assets grouped by group, one line each
 * with key, kinds, checks, deps and freshness, then a summary line.
 */
public final class DefinitionsTextWriter {

    /**
     * @param defs the asset graph
     * @param stateLocation where the state was read from, for the summary line
     * @param out where to write
     */
    public void write(Definitions defs, String stateLocation, PrintWriter out) {
        Map<String, List<AssetSpec>> byGroup = new LinkedHashMap<>();
        for (AssetSpec spec : defs.assets()) {
            byGroup.computeIfAbsent(spec.group(), g -> new ArrayList<>()).add(spec);
        }
        int width = 0;
        for (AssetSpec spec : defs.assets()) {
            width = Math.max(width, spec.key().toUserString().length());
        }
        for (Map.Entry<String, List<AssetSpec>> group : byGroup.entrySet()) {
            int n = group.getValue().size();
            out.println("group " + group.getKey() + " (" + n + (n == 1 ? " asset)" : " assets)"));
            for (AssetSpec spec : group.getValue()) {
                StringBuilder line = new StringBuilder("  ");
                String key = spec.key().toUserString();
                line.append(key).append(" ".repeat(width - key.length() + 2));
                line.append("kinds: ").append(String.join(", ", spec.kinds()));
                if (!spec.checks().isEmpty()) {
                    line.append("  checks: ").append(String.join(", ", spec.checkNames()));
                }
                if (!spec.deps().isEmpty()) {
                    line.append("  deps: ").append(String.join(", ", spec.deps().stream().map(AssetKey::toUserString).toList()));
                }
                spec.freshness().ifPresent(f -> line.append("  freshness: ").append(f.maximumLag().toSeconds()).append(" s"));
                spec.partitions().ifPresent(p -> line.append("  partitions: ").append(p.describe()));
                out.println(line);
            }
        }
        int assets = defs.assets().size();
        out.println(assets + (assets == 1 ? " asset" : " assets") + " in " + byGroup.size()
                + (byGroup.size() == 1 ? " group" : " groups") + ", " + defs.checkCount() + " checks (state: " + stateLocation + ")");
        out.flush();
    }
}
