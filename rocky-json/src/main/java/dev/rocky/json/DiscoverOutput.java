package dev.rocky.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.core.discover.ChecksConfig;
import dev.rocky.core.discover.ComponentValue;
import dev.rocky.core.discover.ConfiguredCheck;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.discover.FailedSource;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code rocky discover --output json} (schema {@code discover.schema.json}, title
 * {@code DiscoverOutput}). Only the fields the framework reads are mapped; unknown fields are
 * ignored. Field names are the schema's, in snake_case on the wire.
 *
 * @param version engine version (required)
 * @param command {@code "discover"} (required)
 * @param sources discovered sources (required)
 * @param checks pipeline checks configuration, or {@code null}
 * @param failedSources sources that failed to fetch, or {@code null} when omitted
 * @param collisionCandidates {@code CollisionCandidateOutput[]}, or {@code null} when omitted
 * @param newSources source schemas seen for the first time, or {@code null} when omitted
 */
public record DiscoverOutput(
        @Required String version,
        @Required String command,
        @Required List<SourceOutput> sources,
        ChecksConfigOutput checks,
        List<FailedSourceOutput> failedSources,
        List<CollisionCandidateOutput> collisionCandidates,
        List<String> newSources) {

    /**
     * {@code CollisionCandidateOutput}.
     *
     * @param externalObjectId the shared external object id (required)
     * @param sources the distinct source schemas resolving to it (required)
     */
    public record CollisionCandidateOutput(@Required String externalObjectId, @Required List<String> sources) {
    }

    /**
     * {@code SourceOutput}.
     *
     * @param id source id (required)
     * @param components schema-pattern components (required; values are strings or string lists; the
     *     schema allows any value, so a {@code null} one is read and then skipped)
     * @param sourceType adapter type (required)
     * @param lastSyncAt RFC 3339 time or {@code null}
     * @param tables the source's tables (required)
     * @param metadata adapter-namespaced metadata, absent when none
     */
    public record SourceOutput(
            @Required String id,
            @Required @JsonSetter(nulls = Nulls.FAIL, contentNulls = Nulls.SET) Map<String, JsonNode> components,
            @Required String sourceType,
            String lastSyncAt,
            @Required List<TableOutput> tables,
            @JsonSetter(contentNulls = Nulls.SET) Map<String, JsonNode> metadata) {
    }

    /**
     * {@code TableOutput}.
     *
     * @param name table name (required)
     * @param rowCount row count (uint64) or {@code null}
     */
    @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = TableOutputDeserializer.class)
    public record TableOutput(@Required String name, Long rowCount) {
    }

    /**
     * {@code ChecksConfigOutput}.
     *
     * @param freshness freshness config or {@code null}
     * @param configuredChecks non-default checks by table, or {@code null}
     */
    public record ChecksConfigOutput(FreshnessConfigOutput freshness, Map<String, List<ResolvedCheckNameOutput>> configuredChecks) {
    }

    /**
     * {@code FreshnessConfigOutput}.
     *
     * @param thresholdSeconds threshold in seconds (required)
     */
    public record FreshnessConfigOutput(@Required Long thresholdSeconds) {
    }

    /**
     * {@code ResolvedCheckNameOutput}.
     *
     * @param kind check kind (required)
     * @param name check name (required)
     * @param candidate whether it may be absent from a run, or {@code null}
     */
    public record ResolvedCheckNameOutput(@Required String kind, @Required String name, Boolean candidate) {
    }

    /**
     * {@code FailedSourceOutput}.
     *
     * @param id source id (required)
     * @param schema source schema (required)
     * @param sourceType adapter type (required)
     * @param errorClass coarse error class (required)
     * @param message adapter message (required)
     * @param cooldownSeconds retry-after hint or {@code null}
     */
    public record FailedSourceOutput(
            @Required String id,
            @Required String schema,
            @Required String sourceType,
            @Required String errorClass,
            @Required String message,
            Long cooldownSeconds) {
    }

    /** @return the domain value */
    public DiscoverResult toDomain() {
        List<Source> out = new ArrayList<>(sources.size());
        for (SourceOutput s : sources) {
            List<Table> tables = new ArrayList<>(s.tables().size());
            for (TableOutput t : s.tables()) {
                tables.add(table(t.name(), t.rowCount()));
            }
            out.add(source(s.id(), s.components(), s.sourceType(), s.lastSyncAt(), tables, s.metadata()));
        }
        return result(version, out, checks, failedSources, collisionCandidates, newSources);
    }

    /**
     * @return the domain's table of a {@code TableOutput}'s fields ({@link #toDomain()}'s, and
     *     {@link SlotReader#discoverResult}'s, which makes no DTO of the tables)
     */
    static Table table(String name, Long rowCount) {
        return new Table(name, rowCount == null ? OptionalLong.empty() : OptionalLong.of(rowCount));
    }

    /** @return the domain's source of a {@code SourceOutput}'s fields, its tables already the domain's */
    static Source source(String id, Map<String, JsonNode> components, String sourceType, String lastSyncAt, List<Table> tables,
            Map<String, JsonNode> metadata) {
        return new Source(id, components(components), sourceType, Optional.ofNullable(lastSyncAt), tables, metadata(metadata));
    }

    /** @return the domain value of a document's fields, its sources already the domain's */
    static DiscoverResult result(String version, List<Source> sources, ChecksConfigOutput checks, List<FailedSourceOutput> failedSources,
            List<CollisionCandidateOutput> collisionCandidates, List<String> newSources) {
        return new DiscoverResult(version, sources, Optional.ofNullable(checks).map(DiscoverOutput::checks),
                failedSources == null ? List.of() : failedSources.stream().map(DiscoverOutput::failed).toList(),
                collisionCandidates == null ? List.of() : collisionCandidates.stream()
                        .map(c -> new DiscoverResult.CollisionCandidate(c.externalObjectId(), c.sources())).toList(),
                newSources == null ? List.of() : newSources);
    }

    /**
     * The adapter metadata as the reference's {@code get_metadata} forwards it: a string as is, any
     * other value (a JSON {@code null} included) as {@code json.dumps(value, sort_keys=True)} text.
     */
    private static Map<String, String> metadata(Map<String, JsonNode> raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>(raw.size() * 4 / 3 + 1);
        raw.forEach((k, v) -> out.put(k, v != null && v.isTextual() ? v.asText() : PythonJson.dumps(v)));
        return out;
    }

    private static Map<String, ComponentValue> components(Map<String, JsonNode> raw) {
        Map<String, ComponentValue> out = new LinkedHashMap<>(raw.size() * 4 / 3 + 1);
        for (Map.Entry<String, JsonNode> e : raw.entrySet()) {
            JsonNode v = e.getValue();
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.isArray()) {
                List<String> values = new ArrayList<>(v.size());
                for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
                    JsonNode item = it.next();
                    values.add(item.isValueNode() ? item.asText() : item.toString());
                }
                out.put(e.getKey(), new ComponentValue.Multi(values));
            } else {
                out.put(e.getKey(), new ComponentValue.Single(v.isValueNode() ? v.asText() : v.toString()));
            }
        }
        return out;
    }

    private static ChecksConfig checks(ChecksConfigOutput c) {
        OptionalLong threshold = c.freshness() == null ? OptionalLong.empty() : OptionalLong.of(c.freshness().thresholdSeconds());
        Map<String, List<ConfiguredCheck>> configured = new HashMap<>();
        if (c.configuredChecks() != null) {
            for (Map.Entry<String, List<ResolvedCheckNameOutput>> e : c.configuredChecks().entrySet()) {
                List<ConfiguredCheck> list = new ArrayList<>();
                if (e.getValue() != null) {
                    for (ResolvedCheckNameOutput r : e.getValue()) {
                        list.add(new ConfiguredCheck(r.kind(), r.name(), Boolean.TRUE.equals(r.candidate())));
                    }
                }
                configured.put(e.getKey(), list);
            }
        }
        return new ChecksConfig(threshold, configured);
    }

    private static FailedSource failed(FailedSourceOutput f) {
        return new FailedSource(f.id(), f.schema(), f.sourceType(), f.errorClass(), f.message(),
                f.cooldownSeconds() == null ? OptionalLong.empty() : OptionalLong.of(f.cooldownSeconds()));
    }
}
