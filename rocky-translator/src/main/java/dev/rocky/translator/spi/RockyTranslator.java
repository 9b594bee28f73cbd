package dev.rocky.translator.spi;

import dev.rocky.core.discover.ComponentValue;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The translator plugin interface: how rocky objects become assets. Every method has a default
 * that gives the built-in behaviour, so a plugin overrides only what it changes, can call the
 * default from its override ({@code RockyTranslator.super.assetKey(source, table)}), and a method
 * added in a later SPI version breaks no plugin.
 *
 * <p><b>Discovered tables</b> ({@code rocky discover}'s {@code sources[].tables[]}):
 * <ul>
 *   <li>{@link #assetKey}: {@code [source_type, *component values, table]}, a list-valued component
 *       joined with {@code __}; e.g. {@code ["fivetran", "acme", "us_west__eu", "shopify", "orders"]};
 *       each part through {@link AssetTranslator#keySegment}, so a name outside the key alphabet
 *       ({@code Order Items}, {@code café}, {@code 日本}) still gives a valid key;</li>
 *   <li>{@link #groupName}: the first single-valued component's value, else the source type,
 *       through {@link AssetTranslator#groupSegment};</li>
 *   <li>{@link #tags}: {@code rocky/source_type} and {@code rocky/<component>} for each component,
 *       values through {@link AssetTranslator#sanitizeTag};</li>
 *   <li>{@link #metadata}: {@code source_id}, {@code source_type}, {@code last_sync_at} (text or
 *       null), {@code row_count} (integer or null);</li>
 *   <li>{@link #assetDeps}: none.</li>
 * </ul>
 * <b>Compiled models</b> ({@code surface_derived_models}): {@link #modelAssetKey},
 * {@link #modelGroupName}, {@link #modelTags}, {@link #modelMetadata}. <b>DAG nodes</b>
 * ({@code dag_mode}): {@link #dagNodeAssetKey}, {@link #dagGroupName}. Their defaults are
 * documented on {@link AssetTranslator}, where they are declared.
 *
 * <p><b>What a method must return.</b> Never {@code null}. Asset keys: at least one segment, each
 * 1–255 characters of {@code [A-Za-z0-9_.-]}. Groups: 1–255 characters of {@code [A-Za-z0-9_]}.
 * Tags: a key of one or two {@code /}-separated parts, each 1–63 characters of
 * {@code [A-Za-z0-9_.-]}, and a value of 0–63 such characters. The framework checks every value a
 * translator returns and fails the load with a {@code TRANSLATOR_OUTPUT} error naming the
 * translator, the table, model or node, and the offending value; an exception thrown by a method
 * is reported the same way.
 *
 * <p><b>Thread-safety.</b> One instance serves a whole load and may be called from several threads
 * at once; keep it stateless or make it thread-safe. Methods should be fast and side-effect free:
 * they run once per table on every load (100,000 times for a project with 100,000 tables).
 *
 * <p>Plugins compile against this package only (plus the rocky-core value types in its signatures:
 * {@code dev.rocky.core.discover}, {@code .spec}, {@code .model}, {@code .dag}, {@code .error} and
 * {@code dev.rocky.core.port.AssetTranslator}); a plugin loaded from the {@code plugins/} directory
 * cannot see any other rocky-java class. Plugins are created by a {@link RockyTranslatorFactory}.
 */
public interface RockyTranslator extends AssetTranslator {

    @Override
    default AssetKey assetKey(Source source, Table table) {
        List<String> path = new ArrayList<>(source.components().size() + 2);
        path.add(AssetTranslator.keySegment(source.sourceType()));
        for (ComponentValue value : source.components().values()) {
            path.add(AssetTranslator.keySegment(value.joined()));
        }
        path.add(AssetTranslator.keySegment(table.name()));
        return new AssetKey(path);
    }

    @Override
    default String groupName(Source source) {
        for (ComponentValue value : source.components().values()) {
            if (value instanceof ComponentValue.Single single) {
                return AssetTranslator.groupSegment(single.value());
            }
        }
        return AssetTranslator.groupSegment(source.sourceType());
    }

    @Override
    default Map<String, String> tags(Source source, Table table) {
        Map<String, String> tags = new LinkedHashMap<>(source.components().size() * 2 + 2);
        tags.put("rocky/source_type", AssetTranslator.sanitizeTag(source.sourceType()));
        for (Map.Entry<String, ComponentValue> e : source.components().entrySet()) {
            tags.put("rocky/" + e.getKey(), AssetTranslator.sanitizeTag(e.getValue().joined()));
        }
        return tags;
    }

    @Override
    default Map<String, MetadataValue> metadata(Source source, Table table) {
        Map<String, MetadataValue> metadata = new LinkedHashMap<>(8);
        metadata.put("source_id", MetadataValue.text(source.id()));
        metadata.put("source_type", MetadataValue.text(source.sourceType()));
        metadata.put("last_sync_at", MetadataValue.textOrNull(source.lastSyncAt().orElse(null)));
        metadata.put("row_count", table.rowCount().isPresent()
                ? MetadataValue.integer(table.rowCount().getAsLong()) : MetadataValue.NULL);
        return metadata;
    }

    @Override
    default List<AssetKey> assetDeps(Source source, Table table) {
        return List.of();
    }
}
