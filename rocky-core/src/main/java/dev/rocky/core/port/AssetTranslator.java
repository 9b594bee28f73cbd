package dev.rocky.core.port;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How rocky objects become assets: the key, group, tags, metadata and dependencies of the asset
 * for one discovered table ({@code rocky discover}), the key, group, tags and metadata of a compiled
 * model ({@code rocky compile}, with {@code surface_derived_models}) and the key and group of a DAG
 * node ({@code rocky dag}, with {@code dag_mode}).
 *
 * <p>A port without defaults: the default naming policy lives in one place, the translator SPI
 * ({@code dev.rocky.translator.spi.RockyTranslator}), and {@code rocky-translator} adapts a plugin
 * to this port, checking everything it returns.
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
     * @param model a compiled model
     * @return its asset key
     */
    AssetKey modelAssetKey(ModelDetail model);

    /**
     * @param model a compiled model
     * @return its group
     */
    String modelGroupName(ModelDetail model);

    /**
     * @param model a compiled model
     * @return its tags, in display order
     */
    Map<String, String> modelTags(ModelDetail model);

    /**
     * @param model a compiled model
     * @return its metadata, in display order
     */
    Map<String, MetadataValue> modelMetadata(ModelDetail model);

    /**
     * @param node a node of {@code rocky dag}
     * @return its asset key
     */
    AssetKey dagNodeAssetKey(DagNode node);

    /**
     * @param node a node of {@code rocky dag}
     * @return its group
     */
    String dagGroupName(DagNode node);

    /**
     * The attributes of a discovered table's asset that only defs.yaml's {@code translation}
     * templates set today (the reference's {@code TranslationFn} over Dagster's {@code AssetSpec});
     * empty means the built-in value.
     *
     * @param kinds the asset's kinds in place of {@code ["rocky", <source_type>]}; at most three
     * @param description its description
     * @param owners its owners: email addresses or {@code team:<name>}
     * @param codeVersion its code version
     */
    record SpecExtras(Optional<List<String>> kinds, Optional<String> description, List<String> owners, Optional<String> codeVersion) {
        /** No extras: every attribute keeps its built-in value. */
        public static final SpecExtras NONE = new SpecExtras(Optional.empty(), Optional.empty(), List.of(), Optional.empty());

        /** Copies lists; rejects {@code null}. */
        public SpecExtras {
            kinds = kinds.map(List::copyOf);
            Objects.requireNonNull(description, "description is null");
            owners = List.copyOf(owners);
            Objects.requireNonNull(codeVersion, "codeVersion is null");
        }
    }

    /**
     * The tenant partition key of a source under the tenant-as-partition collapse (the reference's
     * {@code get_partition_key}, one chokepoint): by default the tenant component's raw value. A
     * translator may canonicalise it; it must stay one-to-one with the raw values (the collapse warns
     * and keeps the first raw value of a key two tenants share).
     *
     * @param source the discovered source; its {@code tenantComponent} is single-valued
     * @param tenantComponent the tenant component ({@code tenant.component})
     * @return the partition key
     */
    default String partitionKey(Source source, String tenantComponent) {
        return ((dev.rocky.core.discover.ComponentValue.Single) source.components().get(tenantComponent)).value();
    }

    /**
     * @param source the discovered source
     * @param table one of its tables
     * @return the extra attributes of the table's asset; {@link SpecExtras#NONE} by default
     */
    default SpecExtras specExtras(Source source, Table table) {
        return SpecExtras.NONE;
    }
}
