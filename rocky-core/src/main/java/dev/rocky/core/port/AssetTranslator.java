package dev.rocky.core.port;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.model.ModelTarget;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How rocky objects become assets: the key, group, tags, metadata and dependencies of the asset
 * for one discovered table ({@code rocky discover}), the key, group, tags and metadata of a compiled
 * model ({@code rocky compile}, with {@code surface_derived_models}) and the key and group of a DAG
 * node ({@code rocky dag}, with {@code dag_mode}). The model, DAG and partition-key methods have
 * defaults here; {@code rocky-translator} gives the discover-side defaults and the plugin SPI
 * ({@code dev.rocky.translator.spi.RockyTranslator}) on top of this port.
 *
 * <p>Implementations are called from several threads and must be thread-safe. None of the methods
 * may return {@code null}.
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
     * @return its asset key; default {@code [catalog, schema, table]} of its target, leaving out a
     *     blank part (rocky reports an empty catalog for adapters without catalogs), and
     *     {@code [model name]} when all three are blank
     */
    default AssetKey modelAssetKey(ModelDetail model) {
        return targetKey(model.target(), model.name());
    }

    /**
     * @param model a compiled model
     * @return its group; default the target schema, or {@code models} when that is blank
     */
    default String modelGroupName(ModelDetail model) {
        return model.target().schema().isBlank() ? "models" : model.target().schema();
    }

    /**
     * @param model a compiled model
     * @return its tags, in display order; default: the model's governance tags ({@code [tags]} in
     *     its sidecar) with keys and values passed through {@link #sanitizeTag}, a key that
     *     sanitises to nothing dropped; then {@code rocky/model_name}, {@code rocky/target_catalog},
     *     {@code rocky/target_schema} and {@code rocky/strategy}, sanitised the same way. The
     *     synthesised keys contain a {@code /} and sanitised governance keys never do, so a governance
     *     tag cannot replace one of them.
     */
    default Map<String, String> modelTags(ModelDetail model) {
        Map<String, String> tags = new LinkedHashMap<>(model.tags().size() + 4);
        for (Map.Entry<String, String> e : model.tags().entrySet()) {
            String key = sanitizeTag(e.getKey());
            if (!key.isEmpty()) {
                tags.put(key, sanitizeTag(e.getValue()));
            }
        }
        tags.put("rocky/model_name", sanitizeTag(model.name()));
        tags.put("rocky/target_catalog", sanitizeTag(model.target().catalog()));
        tags.put("rocky/target_schema", sanitizeTag(model.target().schema()));
        if (!model.strategy().type().isBlank()) {
            tags.put("rocky/strategy", sanitizeTag(model.strategy().type()));
        }
        return tags;
    }

    /**
     * @param model a compiled model
     * @return its metadata, in display order; default {@code rocky/model_name},
     *     {@code dagster-rocky/strategy} (the strategy type) and
     *     {@code dagster-rocky/target_table_full_name} ({@code catalog.schema.table}). The load adds
     *     optimize recommendations and compile diagnostics after these.
     */
    default Map<String, MetadataValue> modelMetadata(ModelDetail model) {
        Map<String, MetadataValue> metadata = new LinkedHashMap<>(8);
        metadata.put("rocky/model_name", MetadataValue.text(model.name()));
        metadata.put("dagster-rocky/strategy", MetadataValue.text(model.strategy().type()));
        metadata.put("dagster-rocky/target_table_full_name", MetadataValue.text(model.target().fullName()));
        return metadata;
    }

    /**
     * @param node a node of {@code rocky dag}
     * @return its asset key; defaults: transformation {@code [catalog, schema, table]} of its target
     *     (blank parts left out, as for {@link #modelAssetKey});
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
                    return targetKey(node.target().get(), sanitize(node.id()));
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
     * @param target a model's target table
     * @param fallback the single segment to use when catalog, schema and table are all blank
     * @return {@code [catalog, schema, table]} without the blank parts
     */
    static AssetKey targetKey(ModelTarget target, String fallback) {
        List<String> path = new ArrayList<>(3);
        for (String part : new String[] {target.catalog(), target.schema(), target.table()}) {
            if (!part.isBlank()) {
                path.add(part);
            }
        }
        return path.isEmpty() ? AssetKey.of(fallback) : new AssetKey(path);
    }

    /**
     * Maps any name rocky reports (a table, a source type, a component value) to a valid asset key
     * segment: 1–255 characters of {@code [A-Za-z0-9_.-]}. Deterministic, and the identity on a
     * valid segment. Accents are dropped ({@code café} → {@code cafe}); any other character
     * outside the alphabet becomes {@code _} ({@code Order Items} → {@code Order_Items}). When a
     * letter or digit of another script was replaced ({@code 日本}), or the name is longer than 255
     * characters, {@code _} and eight hex digits of the name's CRC-32 are appended (the name cut to
     * fit), so distinct names stay distinct.
     *
     * @param name any text
     * @return a valid asset key segment
     */
    static String keySegment(String name) {
        return mapName(name, true);
    }

    /**
     * As {@link #keySegment}, for a group: 1–255 characters of {@code [A-Za-z0-9_]} ({@code 1.5} →
     * {@code 1_5}).
     *
     * @param name any text
     * @return a valid group name
     */
    static String groupSegment(String name) {
        return mapName(name, false);
    }

    /**
     * Coerces text into a valid tag key part or tag value (Dagster's strict tag charset).
     *
     * @param text any text
     * @return the text with every character outside {@code [A-Za-z0-9_.-]} replaced by {@code _},
     *     cut to 63 characters; empty for empty text
     */
    static String sanitizeTag(String text) {
        int length = Math.min(text.length(), 63);
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean ok = allowedInName(c, true);
            if (!ok && out == null) {
                out = new StringBuilder(length).append(text, 0, i);
            }
            if (out != null) {
                out.append(ok ? c : '_');
            }
        }
        return out != null ? out.toString() : text.substring(0, length);
    }

    /**
     * @param text any text
     * @return the text with every character outside {@code [A-Za-z0-9_]} replaced by {@code _}
     */
    static String sanitize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(allowedInName(c, false) ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }

    private static String mapName(String name, boolean dotAndDash) {
        if (validName(name, dotAndDash)) {
            return name;
        }
        String folded = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(Math.min(folded.length(), 255));
        boolean lostLetter = false;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (allowedInName(cp, dotAndDash)) {
                out.append((char) cp);
            } else {
                lostLetter |= Character.isLetterOrDigit(cp);
                out.append('_');
            }
        }
        if (out.length() == 0) {
            out.append('_');
        }
        if (lostLetter || out.length() > 255) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.setLength(Math.min(out.length(), 255 - 9));
            out.append('_').append(String.format("%08x", crc.getValue()));
        }
        return out.toString();
    }

    private static boolean validName(String name, boolean dotAndDash) {
        if (name.isEmpty() || name.length() > 255) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!allowedInName(name.charAt(i), dotAndDash)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowedInName(int c, boolean dotAndDash) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || (dotAndDash && (c == '.' || c == '-'));
    }
}
