package dev.rocky.core.port;

import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import java.util.List;
import java.util.Map;

/**
 * How rocky objects become assets: the key, group, tags, metadata and dependencies of the asset
 * for one discovered table. {@code rocky-translator} provides the default and the plugin SPI
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
}
