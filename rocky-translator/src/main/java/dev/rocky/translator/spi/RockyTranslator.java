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
 * that gives the built-in behaviour, so a plugin overrides only what it changes and a method added
 * later breaks no plugin.
 *
 * <p>Defaults for a discovered table ({@code rocky discover}'s {@code sources[].tables[]}):
 * <ul>
 *   <li>key: {@code [source_type, *component values, table]}, a list-valued component joined with
 *       {@code __}; e.g. {@code ["fivetran", "acme", "us_west__eu", "shopify", "orders"]};</li>
 *   <li>group: the first single-valued component's value, else the source type;</li>
 *   <li>tags: {@code rocky/source_type} and {@code rocky/<component>} for each component;</li>
 *   <li>metadata: {@code source_id}, {@code source_type}, {@code last_sync_at} (text or null),
 *       {@code row_count} (integer or null);</li>
 *   <li>deps: none.</li>
 * </ul>
 *
 * <p>Thread-safety: translators are called from several threads at once; implementations must be
 * stateless or thread-safe.
 */
public interface RockyTranslator extends AssetTranslator {

    @Override
    default AssetKey assetKey(Source source, Table table) {
        List<String> path = new ArrayList<>(source.components().size() + 2);
        path.add(source.sourceType());
        for (ComponentValue value : source.components().values()) {
            path.add(value.joined());
        }
        path.add(table.name());
        return new AssetKey(path);
    }

    @Override
    default String groupName(Source source) {
        for (ComponentValue value : source.components().values()) {
            if (value instanceof ComponentValue.Single single) {
                return single.value();
            }
        }
        return source.sourceType();
    }

    @Override
    default Map<String, String> tags(Source source, Table table) {
        Map<String, String> tags = new LinkedHashMap<>(source.components().size() * 2 + 2);
        tags.put("rocky/source_type", source.sourceType());
        for (Map.Entry<String, ComponentValue> e : source.components().entrySet()) {
            tags.put("rocky/" + e.getKey(), e.getValue().joined());
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
