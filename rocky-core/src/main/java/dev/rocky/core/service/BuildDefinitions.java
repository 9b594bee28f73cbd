package dev.rocky.core.service;

import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.spec.AssetCheckSpec;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.FreshnessPolicy;
import dev.rocky.core.state.DefsState;
import dev.rocky.core.state.StoredState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The load use case (the Python reference's {@code build_defs_from_state}): read the cached state
 * and build the asset graph. Never calls rocky.
 *
 * <p>Discover mode: one {@link AssetSpec} per discovered table, keyed, grouped, tagged and
 * described by the {@link AssetTranslator}, with kinds {@code ["rocky", <source_type>]}, the four
 * built-in checks ({@link #DEFAULT_CHECKS}), and a freshness policy from discover's
 * {@code checks.freshness.threshold_seconds} when the pipeline declares one. A table whose key was
 * already built is skipped with a warning.
 *
 * <p>Thread-safe if its ports are.
 */
public final class BuildDefinitions {

    /** The checks rocky runs on every replicated table, in declaration order. */
    public static final List<String> DEFAULT_CHECKS = List.of("row_count", "column_match", "freshness", "row_count_anomaly");

    private static final List<String> DEFAULT_CHECK_DESCRIPTIONS = List.of(
            "Rocky row_count check: the target's row count matches the source's",
            "Rocky column_match check: the target's columns match the source's",
            "Rocky freshness check: the table was synced within the pipeline's freshness threshold",
            "Rocky row_count_anomaly check: the row count did not deviate from its history beyond the anomaly threshold");

    private final DefsStateStore store;
    private final StateCodec codec;
    private final AssetTranslator translator;
    private final LogSink log;

    /**
     * @param store where the state is read from
     * @param codec how it is decoded
     * @param translator how tables become assets
     * @param log where warnings go
     */
    public BuildDefinitions(DefsStateStore store, StateCodec codec, AssetTranslator translator, LogSink log) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.codec = Objects.requireNonNull(codec, "codec is null");
        this.translator = Objects.requireNonNull(translator, "translator is null");
        this.log = Objects.requireNonNull(log, "log is null");
    }

    /**
     * Reads the state and builds the graph.
     *
     * @return the asset graph
     * @throws StateException {@code STATE_MISSING} when no state has been written (run
     *     {@code rocky-component refresh}), {@code STATE_CORRUPT} when it cannot be decoded,
     *     {@code STATE_IO} when it cannot be read
     */
    public Definitions load() {
        return build(readState());
    }

    /**
     * Reads and decodes the state without building the graph.
     *
     * @return the decoded state
     * @throws StateException as {@link #load()}
     */
    public DefsState readState() {
        Optional<StoredState> stored = store.read();
        if (stored.isEmpty()) {
            throw new StateException(ErrorCode.STATE_MISSING, "no state at " + store.location()
                    + "; run `rocky-component refresh` to call rocky once and write it", null);
        }
        return codec.decode(stored.get());
    }

    /**
     * Builds the graph from a decoded state. Pure: no I/O but warnings to the log.
     *
     * @param state the decoded state
     * @return the asset graph
     */
    public Definitions build(DefsState state) {
        DiscoverResult discover = state.discover();
        Optional<FreshnessPolicy> freshness = freshnessOf(discover);
        List<AssetSpec> assets = new ArrayList<>(discover.tableCount());
        Set<AssetKey> seen = new HashSet<>(discover.tableCount() * 4 / 3 + 1);
        for (Source source : discover.sources()) {
            String group = translator.groupName(source);
            List<String> kinds = List.of("rocky", source.sourceType());
            for (Table table : source.tables()) {
                AssetKey key = translator.assetKey(source, table);
                if (!seen.add(key)) {
                    log.warn("discover lists table " + table.name() + " of source " + source.id()
                            + " under asset key " + key + " more than once; the repeat is skipped");
                    continue;
                }
                assets.add(new AssetSpec(key, group, translator.assetDeps(source, table), kinds,
                        translator.tags(source, table), translator.metadata(source, table),
                        defaultChecks(key), freshness, Optional.empty()));
            }
        }
        return new Definitions(assets);
    }

    private static List<AssetCheckSpec> defaultChecks(AssetKey key) {
        List<AssetCheckSpec> checks = new ArrayList<>(DEFAULT_CHECKS.size());
        for (int i = 0; i < DEFAULT_CHECKS.size(); i++) {
            checks.add(new AssetCheckSpec(DEFAULT_CHECKS.get(i), key, DEFAULT_CHECK_DESCRIPTIONS.get(i)));
        }
        return checks;
    }

    private static Optional<FreshnessPolicy> freshnessOf(DiscoverResult discover) {
        if (discover.checks().isEmpty()) {
            return Optional.empty();
        }
        OptionalLong seconds = discover.checks().get().freshnessThresholdSeconds();
        if (seconds.isEmpty() || seconds.getAsLong() <= 0) {
            return Optional.empty();
        }
        return Optional.of(FreshnessPolicy.ofSeconds(seconds.getAsLong()));
    }
}
