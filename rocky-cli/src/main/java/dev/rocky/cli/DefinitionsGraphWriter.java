package dev.rocky.cli;

import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code rocky-component defs --format mermaid|dot}: the asset graph as a picture source,
 * one box per asset (labelled with its key and, for DAG nodes, its kind), one box per group
 * around its assets, one arrow per dependency from upstream to downstream. A dependency on an
 * asset outside the graph is drawn as a dashed box. Mermaid is a {@code flowchart LR}; dot is a
 * Graphviz {@code digraph} with {@code rankdir=LR}.
 */
public final class DefinitionsGraphWriter {

    /**
     * @param defs the asset graph
     * @param out where to write a Mermaid flowchart
     */
    public void mermaid(Definitions defs, PrintWriter out) {
        Graph g = new Graph(defs);
        out.println("flowchart LR");
        g.byGroup.forEach((group, specs) -> {
            out.println("  subgraph " + g.groupId(group) + "[\"" + mermaidText(group) + "\"]");
            for (AssetSpec spec : specs) {
                out.println("    " + g.id(spec.key()) + "[\"" + mermaidText(label(spec)) + "\"]");
            }
            out.println("  end");
        });
        for (AssetKey external : g.external) {
            out.println("  " + g.id(external) + "[\"" + mermaidText(external.toUserString()) + "\"]:::external");
        }
        for (String[] edge : g.edges) {
            out.println("  " + edge[0] + " --> " + edge[1]);
        }
        if (!g.external.isEmpty()) {
            out.println("  classDef external stroke-dasharray: 4 4");
        }
        out.flush();
    }

    /**
     * @param defs the asset graph
     * @param out where to write a Graphviz digraph
     */
    public void dot(Definitions defs, PrintWriter out) {
        Graph g = new Graph(defs);
        out.println("digraph assets {");
        out.println("  rankdir=LR;");
        out.println("  node [shape=box];");
        g.byGroup.forEach((group, specs) -> {
            out.println("  subgraph " + dotText("cluster_" + group) + " {");
            out.println("    label=" + dotText(group) + ";");
            for (AssetSpec spec : specs) {
                out.println("    " + g.id(spec.key()) + " [label=" + dotText(label(spec)) + "];");
            }
            out.println("  }");
        });
        for (AssetKey external : g.external) {
            out.println("  " + g.id(external) + " [label=" + dotText(external.toUserString()) + ", style=dashed];");
        }
        for (String[] edge : g.edges) {
            out.println("  " + edge[0] + " -> " + edge[1] + ";");
        }
        out.println("}");
        out.flush();
    }

    private static String label(AssetSpec spec) {
        String kind = spec.tags().get(MetadataKeys.ROCKY_KIND);
        return kind == null ? spec.key().toUserString() : spec.key().toUserString() + " (" + kind + ")";
    }

    private static String mermaidText(String text) {
        return text.replace("\"", "#quot;");
    }

    private static String dotText(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Node ids ({@code a0}, {@code a1}, …), groups in first-seen order, edges, and keys outside the graph. */
    private static final class Graph {
        final Map<AssetKey, String> ids = new HashMap<>();
        final Map<String, List<AssetSpec>> byGroup = new LinkedHashMap<>();
        final Map<String, String> groupIds = new HashMap<>();
        final List<AssetKey> external = new ArrayList<>();
        final List<String[]> edges = new ArrayList<>();

        Graph(Definitions defs) {
            for (AssetSpec spec : defs.assets()) {
                id(spec.key());
                byGroup.computeIfAbsent(spec.group(), x -> new ArrayList<>()).add(spec);
            }
            for (AssetSpec spec : defs.assets()) {
                for (AssetKey dep : spec.deps()) {
                    if (!ids.containsKey(dep)) {
                        external.add(dep);
                    }
                    edges.add(new String[] {id(dep), id(spec.key())});
                }
            }
        }

        String id(AssetKey key) {
            return ids.computeIfAbsent(key, k -> "a" + ids.size());
        }

        String groupId(String group) {
            return groupIds.computeIfAbsent(group, k -> "g" + groupIds.size());
        }
    }
}
