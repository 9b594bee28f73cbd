package dev.rocky.core.service;

import dev.rocky.core.sensor.RunRequest;
import dev.rocky.core.sensor.SensorCursor;
import dev.rocky.core.sensor.SensorTick;

import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.discover.Source;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.RunTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The discover sensor, as the reference's {@code rocky_source_sensor} (dagster-rocky sensor.py):
 * one {@code rocky discover} per tick; a source whose {@code last_sync_at} is newer than its cursor
 * entry (or has none) triggers, one run request per source or per group; sources without a sync
 * time never trigger; a source discover reported as failed keeps its cursor entry (a failure is not
 * a deletion); the backlog cap suppresses a request whose tag already has too many runs in flight
 * while the cursor still advances. rocky-java's additions: a tick before the minimum interval calls
 * nothing; a synced source the graph does not have yet (refresh has not seen it) gets no request
 * and keeps its cursor entry, so it triggers once the graph has it.
 *
 * <p>Stateless apart from its settings: the caller keeps the cursor (see
 * {@code RockyComponent.sensorTick}) and stores the returned one only after handing the requests out.
 */
public final class DiscoverSensor {

    /** {@code sensor_granularity}. */
    public enum Granularity {
        /** {@code per_source}: one request per source. */
        PER_SOURCE,
        /** {@code per_group}: one request per group, bundling its triggered sources. */
        PER_GROUP
    }

    /**
     * Counts the runs an orchestrator has in flight with a tag (queued, starting or started).
     */
    @FunctionalInterface
    public interface InFlightRuns {
        /**
         * @param tagKey the tag
         * @param tagValue its value
         * @return how many runs with it are not finished
         */
        int count(String tagKey, String tagValue);
    }

    /**
     * The reference's {@code BacklogCap}.
     *
     * @param tagKey the tag whose in-flight runs are counted ({@code rocky/source_id}, say)
     * @param maxInFlight the most in flight before a request is suppressed (at least 1)
     * @param inFlight how to count them
     */
    public record BacklogCap(String tagKey, int maxInFlight, InFlightRuns inFlight) {
        /** Rejects {@code null} and a cap below 1. */
        public BacklogCap {
            Objects.requireNonNull(tagKey, "tagKey is null");
            Objects.requireNonNull(inFlight, "inFlight is null");
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
            }
        }
    }

    /**
     * @param granularity per source or per group
     * @param minimumInterval {@code sensor_interval_seconds}: a tick sooner than this after the last
     *     one calls nothing
     * @param pipeline the replication pipeline discover must name, when one must be
     * @param backlogCap the in-flight cap, when set
     * @param hooks the lifecycle hooks
     * @param syncTenantPartitions {@code tenant.sync_partitions_from_discover} (default true): a
     *     synced source of a tenant the graph does not know yet gets a request for its new partition
     *     key (listed in {@link dev.rocky.core.sensor.SensorTick#addedPartitions()}); when false it is
     *     skipped and keeps its cursor
     */
    public record Options(Granularity granularity, Duration minimumInterval, Optional<String> pipeline, Optional<BacklogCap> backlogCap,
            dev.rocky.core.sensor.SensorHooks hooks, boolean syncTenantPartitions) {

        /**
         * Options that add new tenant partitions.
         *
         * @param granularity per source or per group
         * @param minimumInterval the least time between ticks that run discover
         * @param pipeline the replication pipeline discover must name, when one must be
         * @param backlogCap the in-flight cap, when set
         * @param hooks the lifecycle hooks
         */
        public Options(Granularity granularity, Duration minimumInterval, Optional<String> pipeline, Optional<BacklogCap> backlogCap,
                dev.rocky.core.sensor.SensorHooks hooks) {
            this(granularity, minimumInterval, pipeline, backlogCap, hooks, true);
        }

        /**
         * Options without hooks.
         *
         * @param granularity per source or per group
         * @param minimumInterval the least time between ticks that run discover
         * @param pipeline the replication pipeline discover must name, when one must be
         * @param backlogCap the in-flight cap, when set
         */
        public Options(Granularity granularity, Duration minimumInterval, Optional<String> pipeline, Optional<BacklogCap> backlogCap) {
            this(granularity, minimumInterval, pipeline, backlogCap, dev.rocky.core.sensor.SensorHooks.NONE);
        }

        /** Rejects {@code null} and a negative interval. */
        public Options {
            Objects.requireNonNull(hooks, "hooks is null");
            Objects.requireNonNull(granularity, "granularity is null");
            Objects.requireNonNull(minimumInterval, "minimumInterval is null");
            if (minimumInterval.isNegative()) {
                throw new IllegalArgumentException("minimumInterval must not be negative");
            }
            Objects.requireNonNull(pipeline, "pipeline is null");
            Objects.requireNonNull(backlogCap, "backlogCap is null");
        }
    }

    private final RockyCli cli;
    private final LogSink log;
    private final Options options;

    /**
     * @param cli runs {@code rocky discover}
     * @param log warnings (failed sources, suppressed requests)
     * @param options how it ticks
     */
    public DiscoverSensor(RockyCli cli, LogSink log, Options options) {
        this.cli = Objects.requireNonNull(cli, "cli is null");
        this.log = Objects.requireNonNull(log, "log is null");
        this.options = Objects.requireNonNull(options, "options is null");
    }

    /**
     * One tick: 1. honour the minimum interval; 2. discover; 3. find the sources that synced
     * since their cursor entry; 4. turn them into run requests over the graph's assets; 5. apply the
     * backlog cap; 6. return the requests with the advanced cursor.
     *
     * @param defs the graph the requests select from (its discovered tables' run targets)
     * @param cursor the stored cursor
     * @param now the tick's time
     * @return the requests, what was skipped and the new cursor
     * @throws dev.rocky.core.error.RockyException when discover fails
     */
    public SensorTick tick(Definitions defs, SensorCursor cursor, Instant now) {
        // 1. The minimum interval: a tick too soon calls nothing and changes nothing.
        if (cursor.lastTickAt().isPresent() && Duration.between(cursor.lastTickAt().get(), now).compareTo(options.minimumInterval()) < 0) {
            Duration wait = options.minimumInterval().minus(Duration.between(cursor.lastTickAt().get(), now));
            return new SensorTick(List.of(), List.of(), cursor, Optional.of("the last tick was less than "
                    + options.minimumInterval().toSeconds() + " s ago; the next may run in " + Math.max(1, wait.toSeconds()) + " s"), false);
        }
        // 2. Discover.
        DiscoverResult discovered = cli.discover(options.pipeline()).value();
        if (!discovered.failedSources().isEmpty()) {
            log.warn("sensor: rocky discover reported " + discovered.failedSources().size() + " failed source(s); these are not "
                    + "deletions and keep their cursor: " + String.join(", ", discovered.failedSources().stream()
                            .map(f -> f.id()).toList()));
            hook("failedSources", () -> options.hooks().failedSources(discovered.failedSources()));
        }
        // 3. The sources that synced since their cursor entry.
        Map<String, String> next = new LinkedHashMap<>(cursor.syncs());
        Map<String, List<AssetSpec>> assetsBySource = assetsBySource(defs);
        TenantAssets tenants = TenantAssets.of(defs);
        List<Source> triggered = new ArrayList<>();
        List<Emitted> tenantRequests = new ArrayList<>();
        java.util.Set<String> added = new java.util.TreeSet<>();
        List<String> skipped = new ArrayList<>();
        for (Source source : discovered.sources()) {
            if (source.lastSyncAt().isEmpty()) {
                continue;
            }
            String sync = source.lastSyncAt().get();
            String seen = cursor.syncs().get(source.id());
            if (seen != null && !before(seen, sync)) {
                continue;
            }
            Optional<TenantAssets.Match> tenant = tenants.match(source);
            if (tenant.isPresent()) {
                // tenant mode (the reference's tenant sensor): one partitioned request per source, a new tenant a new key
                TenantAssets.Match m = tenant.get();
                if (!m.known() && !options.syncTenantPartitions()) {
                    skipped.add(source.id() + ": tenant " + m.rawValue() + " is not a partition yet and "
                            + "sync_partitions_from_discover is off; it keeps its cursor");
                    continue;
                }
                if (!m.known()) {
                    added.add(m.partitionKey());
                }
                tenantRequests.add(tenantRequest(source, sync, m));
                next.put(source.id(), sync);
                continue;
            }
            if (!assetsBySource.containsKey(source.id())) {
                skipped.add(source.id() + ": synced at " + sync + " but not in the graph yet; run `rocky-component refresh`, "
                        + "then it triggers");
                continue;
            }
            triggered.add(source);
            next.put(source.id(), sync);
        }
        SensorCursor advanced = new SensorCursor(next, Optional.of(now));
        if (triggered.isEmpty() && tenantRequests.isEmpty()) {
            String reason = "no Rocky source has synced since the last tick";
            hook("skipped", () -> options.hooks().skipped(reason, advanced.syncs().size()));
            return new SensorTick(List.of(), skipped, advanced, Optional.of(reason), true);
        }
        // 4. Run requests, per source or per group (tenant sources: one partitioned request each).
        List<Emitted> requests = new ArrayList<>(options.granularity() == Granularity.PER_SOURCE ? perSource(triggered, assetsBySource)
                : perGroup(triggered, assetsBySource, defs));
        requests.addAll(tenantRequests);
        // 5. The backlog cap: suppressed, but the cursor still advances (the run in flight picks the data up).
        List<Emitted> accepted = new ArrayList<>(requests.size());
        for (Emitted e : requests) {
            RunRequest r = e.request();
            Optional<BacklogCap> cap = options.backlogCap();
            String value = cap.map(c -> r.tags().get(c.tagKey())).orElse(null);
            if (value != null && cap.get().inFlight().count(cap.get().tagKey(), value) >= cap.get().maxInFlight()) {
                skipped.add(r.runKey() + ": suppressed by the backlog cap (" + cap.get().tagKey() + "=" + value + " has "
                        + cap.get().maxInFlight() + " or more runs in flight); the cursor still advances");
                continue;
            }
            accepted.add(e);
        }
        // 6. The hooks see what is handed out; then the requests and the cursor to store once they are.
        for (Emitted e : accepted) {
            hook("runRequestEmitted", () -> options.hooks().runRequestEmitted(e.request(), e.sourceIds()));
        }
        if (accepted.isEmpty()) {
            hook("skipped", () -> options.hooks().skipped("every request was suppressed by the backlog cap", advanced.syncs().size()));
        }
        java.util.Set<String> used = new java.util.HashSet<>();
        accepted.forEach(e -> e.request().partitionKey().ifPresent(used::add));
        added.retainAll(used);
        return new SensorTick(accepted.stream().map(Emitted::request).toList(), skipped, advanced, accepted.isEmpty()
                ? Optional.of("every request was suppressed by the backlog cap") : Optional.empty(), true, List.copyOf(added));
    }

    /** A tenant source's request: its collapsed assets, the tenant filter, the partition key and the tenant tag. */
    private static Emitted tenantRequest(Source source, String sync, TenantAssets.Match m) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("rocky/source_id", source.id());
        tags.put("rocky/sync_at", sync);
        tags.put("rocky/" + m.component(), m.rawValue());
        return new Emitted(new RunRequest(source.id() + "-" + sync, m.assets(), Optional.of(m.component() + "=" + m.rawValue()), tags,
                Optional.of(m.partitionKey())), List.of(source.id()));
    }

    /**
     * The graph's collapsed tenant tables, found from a discovered source by engine key: a known
     * tenant's partition key is the graph's; a new tenant's is its raw value (the key the
     * materialization filters on until the next refresh maps it).
     */
    private static final class TenantAssets {
        /** A source's collapsed assets and its tenant. */
        record Match(String component, String rawValue, String partitionKey, boolean known, List<AssetKey> assets) {
        }

        private final List<Map.Entry<AssetKey, RunTarget.TenantTable>> tables;

        private TenantAssets(List<Map.Entry<AssetKey, RunTarget.TenantTable>> tables) {
            this.tables = tables;
        }

        static TenantAssets of(Definitions defs) {
            List<Map.Entry<AssetKey, RunTarget.TenantTable>> out = new ArrayList<>();
            for (AssetSpec spec : defs.assets()) {
                if (defs.runTarget(spec.key()).orElse(null) instanceof RunTarget.TenantTable t) {
                    out.add(Map.entry(spec.key(), t));
                }
            }
            return new TenantAssets(out);
        }

        Optional<Match> match(Source source) {
            if (tables.isEmpty()) {
                return Optional.empty();
            }
            String component = tables.get(0).getValue().component();
            if (!(source.components().get(component) instanceof dev.rocky.core.discover.ComponentValue.Single single)) {
                return Optional.empty();
            }
            String raw = single.value();
            java.util.Set<List<String>> engineKeys = new java.util.HashSet<>();
            List<String> prefix = new ArrayList<>();
            prefix.add(source.sourceType());
            source.components().values().forEach(v -> {
                if (v instanceof dev.rocky.core.discover.ComponentValue.Multi multi) {
                    prefix.addAll(multi.values());
                } else {
                    prefix.add(((dev.rocky.core.discover.ComponentValue.Single) v).value());
                }
            });
            for (dev.rocky.core.discover.Table t : source.tables()) {
                List<String> k = new ArrayList<>(prefix);
                k.add(t.name());
                engineKeys.add(k);
            }
            List<AssetKey> assets = new ArrayList<>();
            String partitionKey = null;
            for (Map.Entry<AssetKey, RunTarget.TenantTable> e : tables) {
                RunTarget.TenantTable t = e.getValue();
                if (engineKeys.contains(t.engineKey(raw))) {
                    assets.add(e.getKey());
                    for (Map.Entry<String, String> kv : t.rawValueByPartitionKey().entrySet()) {
                        if (kv.getValue().equals(raw)) {
                            partitionKey = kv.getKey();
                        }
                    }
                }
            }
            if (assets.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Match(component, raw, partitionKey == null ? raw : partitionKey, partitionKey != null, assets));
        }
    }

    /** A hook's exception is a warning, never a failed tick. */
    private void hook(String name, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("sensor: the " + name + " hook threw " + e + "; the tick goes on");
        }
    }

    private static Map<String, List<AssetSpec>> assetsBySource(Definitions defs) {
        Map<String, List<AssetSpec>> out = new LinkedHashMap<>();
        for (AssetSpec spec : defs.assets()) {
            if (defs.runTarget(spec.key()).orElse(null) instanceof RunTarget.SourceTable t) {
                out.computeIfAbsent(t.sourceId(), k -> new ArrayList<>()).add(spec);
            }
        }
        return out;
    }

    /** A request and the sources it runs. */
    private record Emitted(RunRequest request, List<String> sourceIds) {
    }

    private static List<Emitted> perSource(List<Source> triggered, Map<String, List<AssetSpec>> assets) {
        List<Emitted> out = new ArrayList<>(triggered.size());
        for (Source s : triggered) {
            String sync = s.lastSyncAt().orElseThrow();
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("rocky/source_id", s.id());
            tags.put("rocky/sync_at", sync);
            out.add(new Emitted(new RunRequest(s.id() + "-" + sync, assets.get(s.id()).stream().map(AssetSpec::key).toList(),
                    Optional.of("id=" + s.id()), tags, Optional.empty()), List.of(s.id())));
        }
        return out;
    }

    private static List<Emitted> perGroup(List<Source> triggered, Map<String, List<AssetSpec>> assets, Definitions defs) {
        Map<String, List<Source>> byGroup = new LinkedHashMap<>();
        for (Source s : triggered) {
            byGroup.computeIfAbsent(assets.get(s.id()).get(0).group(), g -> new ArrayList<>()).add(s);
        }
        List<Emitted> out = new ArrayList<>(byGroup.size());
        byGroup.forEach((group, sources) -> {
            String latest = sources.stream().map(s -> s.lastSyncAt().orElseThrow()).reduce((a, b) -> before(a, b) ? b : a).orElseThrow();
            List<AssetKey> keys = new ArrayList<>();
            sources.forEach(s -> assets.get(s.id()).forEach(a -> keys.add(a.key())));
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("rocky/group", group);
            tags.put("rocky/sync_at", latest);
            out.add(new Emitted(new RunRequest(group + "-" + latest, keys, groupFilter(sources, assets, defs), tags, Optional.empty()),
                    sources.stream().map(Source::id).toList()));
        });
        return out;
    }

    /**
     * A group's {@code --filter}: {@code id=<source>} for one source; for several, a component
     * value all of them share and no other source of the graph has; none otherwise (materialize
     * then runs each source by id).
     */
    private static Optional<String> groupFilter(List<Source> sources, Map<String, List<AssetSpec>> assets, Definitions defs) {
        if (sources.size() == 1) {
            return Optional.of("id=" + sources.get(0).id());
        }
        Map<String, String> shared = null;
        for (Source s : sources) {
            Map<String, String> c = ((RunTarget.SourceTable) defs.runTarget(assets.get(s.id()).get(0).key()).orElseThrow()).components();
            if (shared == null) {
                shared = new LinkedHashMap<>(c);
            } else {
                shared.entrySet().removeIf(e -> !e.getValue().equals(c.get(e.getKey())));
            }
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        sources.forEach(s -> ids.add(s.id()));
        for (Map.Entry<String, String> e : shared.entrySet()) {
            boolean exact = assets.entrySet().stream().filter(a -> !ids.contains(a.getKey())).noneMatch(a ->
                    e.getValue().equals(((RunTarget.SourceTable) defs.runTarget(a.getValue().get(0).key()).orElseThrow()).components()
                            .get(e.getKey())));
            if (exact) {
                return Optional.of(e.getKey() + "=" + e.getValue());
            }
        }
        return Optional.empty();
    }

    /** Whether {@code earlier} is a strictly earlier instant (both RFC 3339; compared as text when either is not). */
    static boolean before(String earlier, String later) {
        try {
            return OffsetDateTime.parse(earlier).toInstant().isBefore(OffsetDateTime.parse(later).toInstant());
        } catch (DateTimeParseException e) {
            return earlier.compareTo(later) < 0;
        }
    }
}
