package dev.rocky.translator.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The translator plugin interface: how rocky objects become assets. It sees rocky's objects
 * through this package's views ({@link SourceView}, {@link TableView}, {@link ModelView},
 * {@link DagNodeView}) and answers with JDK types, so a plugin compiles against this package alone.
 * Every method has a default that is the built-in naming policy, the only one: a plugin overrides
 * only what it changes, can call the default from its override
 * ({@code RockyTranslator.super.assetKey(source, table)}), and a method added in a later SPI
 * version breaks no plugin.
 *
 * <p><b>Discovered tables</b> ({@code rocky discover}'s {@code sources[].tables[]}):
 * <ul>
 *   <li>{@link #assetKey}: {@code [source_type, *component values, table]}, a list-valued component
 *       joined with {@code __}; e.g. {@code ["fivetran", "acme", "us_west__eu", "shopify", "orders"]};
 *       each part through {@link Names#keySegment}, so a name outside the key alphabet
 *       ({@code Order Items}, {@code café}, {@code 日本}) still gives a valid key;</li>
 *   <li>{@link #groupName}: the first single-valued component's value, else the source type,
 *       through {@link Names#groupSegment};</li>
 *   <li>{@link #tags}: {@code rocky/source_type} and {@code rocky/<component>} for each
 *       single-valued component (a list-valued one has no tag, as in the reference), values
 *       through {@link Names#tag};</li>
 *   <li>{@link #metadata}: {@code source_id}, {@code source_type}, and when the engine reports
 *       them {@code last_sync_at} (text) and {@code row_count} (whole number); an absent value is
 *       left out, as in the reference;</li>
 *   <li>{@link #assetDeps}: none.</li>
 * </ul>
 * <b>Compiled models</b> ({@code surface_derived_models}): key {@code [catalog, schema, table]} of
 * the target; group the target schema (else {@code models}); tags the model's governance tags
 * plus {@code rocky/model_name}, {@code rocky/target_catalog}, {@code rocky/target_schema},
 * {@code rocky/strategy}; metadata {@code rocky/target_table} ({@code catalog.schema.table}) and
 * {@code rocky/strategy}, as the reference's. <b>DAG nodes</b> ({@code dag_mode}): see
 * {@link #dagNodeAssetKey} and {@link #dagGroupName}.
 *
 * <p><b>What a method must return.</b> Never {@code null}. Asset keys: at least one segment, each
 * 1–255 characters of {@code [A-Za-z0-9_.-]}. Groups: 1–255 characters of {@code [A-Za-z0-9_]}.
 * Tags: a key of one or two {@code /}-separated parts, each 1–63 characters of
 * {@code [A-Za-z0-9_.-]}, and a value of 0–63 such characters. Metadata values: text, a whole or
 * floating-point number, a boolean, or {@code null} (as Dagster's {@code MetadataValue} infers
 * them). The framework checks every value a translator returns and fails the load with a
 * {@code TRANSLATOR_OUTPUT} error naming the translator, the table, model or node, and the
 * offending value; an exception thrown by a method is reported the same way.
 *
 * <p><b>Thread-safety.</b> One instance serves a whole load and may be called from several threads
 * at once; keep it stateless or make it thread-safe. Methods should be fast and side-effect free:
 * they run once per table on every load (100,000 times for a project with 100,000 tables).
 *
 * <p>A plugin loaded from the {@code plugins/} directory sees this package and the JDK, nothing
 * else of rocky-java. Plugins are created by a {@link RockyTranslatorFactory}.
 */
public interface RockyTranslator {

    /**
     * @param source the discovered source
     * @param table one of its tables
     * @return the table's asset key, as its segments
     */
    default List<String> assetKey(SourceView source, TableView table) {
        List<String> path = new ArrayList<>(source.components().size() + 2);
        path.add(Names.keySegment(source.sourceType()));
        for (SourceView.Component c : source.components()) {
            path.add(Names.keySegment(c.joined()));
        }
        path.add(Names.keySegment(table.name()));
        return path;
    }

    /**
     * The tenant partition key of a source under defs.yaml's {@code tenant} collapse (the
     * reference's {@code get_partition_key}): by default the tenant component's value. Override to
     * canonicalise it (for example upper-case); keep it one-to-one with the component's values, since
     * the materialization filters on the raw value it maps back to.
     *
     * @param source the discovered source
     * @param tenantComponent the tenant component's name ({@code tenant.component})
     * @return the partition key; {@code null} for the default
     */
    default String partitionKey(SourceView source, String tenantComponent) {
        return null;
    }

    /**
     * @param source the discovered source
     * @return the group its tables' assets belong to
     */
    default String groupName(SourceView source) {
        for (SourceView.Component c : source.components()) {
            if (!c.list()) {
                return Names.groupSegment(c.joined());
            }
        }
        return Names.groupSegment(source.sourceType());
    }

    /**
     * @param source the discovered source
     * @param table one of its tables
     * @return string tags for the table's asset, in display order
     */
    default Map<String, String> tags(SourceView source, TableView table) {
        Map<String, String> tags = new LinkedHashMap<>(source.components().size() * 2 + 2);
        tags.put("rocky/source_type", Names.tag(source.sourceType()));
        for (SourceView.Component c : source.components()) {
            if (!c.list()) {
                tags.put("rocky/" + c.name(), Names.tag(c.joined()));
            }
        }
        return tags;
    }

    /**
     * @param source the discovered source
     * @param table one of its tables
     * @return metadata for the table's asset, in display order: text, numbers, booleans or {@code null}.
     *     Default, as the reference's {@code get_metadata}: {@code source_id}, {@code source_type},
     *     {@code last_sync_at} and {@code row_count} when known, then the source's adapter
     *     metadata ({@link SourceView#metadata()}) verbatim
     */
    default Map<String, Object> metadata(SourceView source, TableView table) {
        Map<String, Object> metadata = new LinkedHashMap<>(8);
        metadata.put("source_id", source.id());
        metadata.put("source_type", source.sourceType());
        source.lastSyncAt().ifPresent(t -> metadata.put("last_sync_at", t));
        if (table.rowCount().isPresent()) {
            metadata.put("row_count", table.rowCount().getAsLong());
        }
        metadata.putAll(source.metadata());
        return metadata;
    }

    /**
     * @param source the discovered source
     * @param table one of its tables
     * @return the keys (as segments) of the assets the table's asset depends on
     */
    default List<List<String>> assetDeps(SourceView source, TableView table) {
        return List.of();
    }

    /**
     * @param model a compiled model
     * @return its asset key: {@code [catalog, schema, table]} of its target, leaving out a blank
     *     part; {@code [name]} when all three are blank
     */
    default List<String> modelAssetKey(ModelView model) {
        List<String> path = model.target().path();
        return path.isEmpty() ? List.of(model.name()) : path;
    }

    /**
     * @param model a compiled model
     * @return its group: the target schema, or {@code models} when that is blank
     */
    default String modelGroupName(ModelView model) {
        return model.target().schema().isBlank() ? "models" : model.target().schema();
    }

    /**
     * @param model a compiled model
     * @return its tags, in display order: its governance tags (each key and value through
     *     {@link Names#tag}, an empty key left out), then {@code rocky/model_name},
     *     {@code rocky/target_catalog}, {@code rocky/target_schema} and, when known, {@code rocky/strategy}
     */
    default Map<String, String> modelTags(ModelView model) {
        Map<String, String> tags = new LinkedHashMap<>(model.tags().size() + 4);
        for (Map.Entry<String, String> e : model.tags().entrySet()) {
            String key = Names.tag(e.getKey());
            if (!key.isEmpty()) {
                tags.put(key, Names.tag(e.getValue()));
            }
        }
        tags.put("rocky/model_name", Names.tag(model.name()));
        tags.put("rocky/target_catalog", Names.tag(model.target().catalog()));
        tags.put("rocky/target_schema", Names.tag(model.target().schema()));
        if (!model.strategy().isBlank()) {
            tags.put("rocky/strategy", Names.tag(model.strategy()));
        }
        return tags;
    }

    /**
     * @param model a compiled model
     * @return its metadata, in display order: {@code rocky/target_table} ({@code catalog.schema.table})
     *     and {@code rocky/strategy}, the reference's keys
     */
    default Map<String, Object> modelMetadata(ModelView model) {
        Map<String, Object> metadata = new LinkedHashMap<>(4);
        metadata.put("rocky/target_table", model.target().fullName());
        metadata.put("rocky/strategy", model.strategy());
        return metadata;
    }

    /**
     * @param node a node of {@code rocky dag}
     * @return its asset key: transformation {@code [catalog, schema, table]} of its target (else
     *     {@code [id]}); seed {@code ["seed", label]}; source {@code [pipeline, "source"]}; load
     *     {@code [pipeline, "load"]}; quality {@code ["quality", pipeline]}; snapshot
     *     {@code ["snapshot", pipeline]}; anything else {@code [id]}; the pipeline is
     *     {@code default} when the node has none; a label or pipeline goes through
     *     {@link Names#keySegment} (a seed labelled {@code seed:countries} gets
     *     {@code ["seed", "seed_countries"]}) and an id has every character outside
     *     {@code [A-Za-z0-9_]} replaced by {@code _}
     */
    default List<String> dagNodeAssetKey(DagNodeView node) {
        String pipeline = Names.keySegment(node.pipeline().filter(p -> !p.isBlank()).orElse("default"));
        String id = Names.identifier(node.id());
        switch (node.kind()) {
            case "transformation":
                if (node.target().isPresent()) {
                    List<String> path = node.target().get().path();
                    return path.isEmpty() ? List.of(id) : path;
                }
                return List.of(id);
            case "seed":
                return List.of("seed", Names.keySegment(node.label()));
            case "source":
                return List.of(pipeline, "source");
            case "load":
                return List.of(pipeline, "load");
            case "quality":
                return List.of("quality", pipeline);
            case "snapshot":
                return List.of("snapshot", pipeline);
            default:
                return List.of(id);
        }
    }

    /**
     * @param node a node of {@code rocky dag}
     * @return its group: the target schema for a transformation that has one, else the pipeline,
     *     else {@code default}
     */
    default String dagGroupName(DagNodeView node) {
        if (node.kind().equals("transformation") && node.target().isPresent() && !node.target().get().schema().isBlank()) {
            return node.target().get().schema();
        }
        return node.pipeline().filter(p -> !p.isBlank()).orElse("default");
    }
}
