package dev.rocky.core.port;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import java.util.List;
import java.util.Map;

/**
 * How rocky objects become assets: the key, group, tags, metadata and dependencies of the asset
 * for one discovered table, and the key and group of a compiled model ({@code surface_derived_models})
 * and of a DAG node ({@code dag_mode}). The model and DAG methods have defaults. {@code rocky-translator} provides the default and the plugin SPI
 * ({@code dev.rocky.translator.spi.RockyTranslator}) on top of this port.
 *
 * <p>Implementations are called from several threads and must be thread-safe.
 */
public interface AssetTranslator {

    /**
     * @param source the discovered source
     * @param table one of its tables
     * @return the table's asset key
     */
    AssetKey assetKey(Source source, Table table);

    /**
     * @param source the discovered source
     * @return the group its tables' assets belong to
     */
    String groupName(Source source);

    /**
     * @param source the discovered source
     * @param table one of its tables
     * @return string tags for the table's asset, in display order
     */
    Map<String, String> tags(Source source, Table table);

    /**
     * @param source the discovered source
     * @param table one of its tables
     * @return metadata for the table's asset, in display order
     */
    Map<String, MetadataValue> metadata(Source source, Table table);

    /**
     * @param source the discovered source
     * @param table one of its tables
     * @return the assets the table's asset depends on
     */
    List<AssetKey> assetDeps(Source source, Table table);

    /**
     * @param model a compiled model ({@code compile.models_detail[]})
     * @return its asset key; default {@code [catalog, schema, table]} of its target
     */
    default AssetKey modelAssetKey(ModelDetail model) {
        return AssetKey.of(model.target().catalog(), model.target().schema(), model.target().table());
    }

    /**
     * @param model a compiled model
     * @return its group; default the target schema, or {@code models} when that is blank
     */
    default String modelGroupName(ModelDetail model) {
        return model.target().schema().isBlank() ? "models" : model.target().schema();
    }

    /**
     * @param node a node of {@code rocky dag}
     * @return its asset key; defaults: transformation {@code [catalog, schema, table]} of its target;
     *     seed {@code ["seed", label]}; source {@code [pipeline or "default", "source"]}; load
     *     {@code [pipeline or "default", "load"]}; quality {@code ["quality", pipeline or "default"]};
     *     snapshot {@code ["snapshot", pipeline or "default"]}; anything else {@code [id]} with every
     *     character outside {@code [A-Za-z0-9_]} replaced by {@code _}
     */
    default AssetKey dagNodeAssetKey(DagNode node) {
        String pipeline = node.pipeline().filter(p -> !p.isBlank()).orElse("default");
        switch (node.kind()) {
            case "transformation":
                if (node.target().isPresent()) {
                    return AssetKey.of(node.target().get().catalog(), node.target().get().schema(), node.target().get().table());
                }
                return AssetKey.of(sanitize(node.id()));
            case "seed":
                return AssetKey.of("seed", node.label());
            case "source":
                return AssetKey.of(pipeline, "source");
            case "load":
                return AssetKey.of(pipeline, "load");
            case "quality":
                return AssetKey.of("quality", pipeline);
            case "snapshot":
                return AssetKey.of("snapshot", pipeline);
            default:
                return AssetKey.of(sanitize(node.id()));
        }
    }

    /**
     * @param node a node of {@code rocky dag}
     * @return its group; default the target schema for transformations, else the pipeline, else
     *     {@code default}
     */
    default String dagGroupName(DagNode node) {
        if (node.kind().equals("transformation") && node.target().isPresent() && !node.target().get().schema().isBlank()) {
            return node.target().get().schema();
        }
        return node.pipeline().filter(p -> !p.isBlank()).orElse("default");
    }

    /**
     * @param text any text
     * @return the text with every character outside {@code [A-Za-z0-9_]} replaced by {@code _}
     */
    static String sanitize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            out.append(ok ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }
}
