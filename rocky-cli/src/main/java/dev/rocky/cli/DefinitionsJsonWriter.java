package dev.rocky.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.rocky.core.orchestration.AutomationCondition;
import dev.rocky.core.orchestration.ExecutableUnit;
import dev.rocky.core.orchestration.Orchestration;
import dev.rocky.core.orchestration.ScheduleSpec;
import dev.rocky.core.spec.AssetCheckSpec;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.PartitionsDefinition;
import dev.rocky.core.spec.TableColumnLineage;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code rocky-component defs --format json}, streaming, in the published format
 * {@link PublishedFormat#DEFS} (schema {@code dev/rocky/cli/schemas/defs.v1.schema.json}):
 * <pre>{@code {"format_version": 1,
 *  "assets": [{"key": [...], "group": "...", "deps": [[...]], "kinds": [...],
 *   "tags": {...}, "metadata": {...}, "checks": [{"name": "row_count", "description": "..."}, ...],
 *   "freshness": {"maximum_lag_seconds": 86400} | null,
 *   "partitions": {"type": "time_window", "grain": "day", "start": "2020-01-01"}
 *     | {"type": "dynamic", "name": "rocky_clients", "keys": ["acme", ...]} | null,
 *   "run_target": {"kind": "source_table", ...} | null,
 *   "description": "..."?, "owners": ["team:x", ...]?, "code_version": "..."?,
 *   "automation_condition": {"type": "eager" | "on_cron", ...}?}],
 *  "executable_units": [{"name", "group", "asset_keys", "can_subset", "op_tags"}],
 *  "schedules": [{"name", "cron", "timezone", "asset_keys", "tags"}]}}</pre>
 * The optional asset fields appear only when set (defs.yaml {@code translation}, {@code automation}).
 * Metadata values are the matching JSON scalars, or the column-lineage object.
 */
public final class DefinitionsJsonWriter {

    /**
     * A character outside the Basic Multilingual Plane is written as its four UTF-8 bytes, not as
     * two {@code \\u} escapes of its surrogates (Jackson's default for bytes): the bytes then read
     * as the text a {@code Writer} gets. A lone surrogate is still escaped.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

    // The names every asset repeats, encoded once.
    private static final SerializedString KEY = new SerializedString("key");
    private static final SerializedString GROUP = new SerializedString("group");
    private static final SerializedString DEPS = new SerializedString("deps");
    private static final SerializedString KINDS = new SerializedString("kinds");
    private static final SerializedString TAGS = new SerializedString("tags");
    private static final SerializedString METADATA = new SerializedString("metadata");
    private static final SerializedString CHECKS = new SerializedString("checks");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString DESCRIPTION = new SerializedString("description");
    private static final SerializedString FRESHNESS = new SerializedString("freshness");
    private static final SerializedString MAXIMUM_LAG_SECONDS = new SerializedString("maximum_lag_seconds");
    private static final SerializedString PARTITIONS = new SerializedString("partitions");
    private static final SerializedString RUN_TARGET = new SerializedString("run_target");
    private static final SerializedString KIND = new SerializedString("kind");
    private static final SerializedString SOURCE_TABLE = new SerializedString("source_table");
    private static final SerializedString SOURCE_ID = new SerializedString("source_id");
    private static final SerializedString PIPELINE = new SerializedString("pipeline");

    /**
     * The strings one document repeats from asset to asset (groups, kinds, tags, metadata keys and
     * texts, check names and descriptions, source ids), each encoded once: a graph shares these
     * string objects between its assets, so they are found by identity. Up to {@link #LIMIT} are
     * kept; past that a string is encoded where it is written, as any other.
     */
    private static final class Repeated {
        private static final int LIMIT = 4096;
        private final java.util.IdentityHashMap<String, SerializedString> encoded = new java.util.IdentityHashMap<>();

        SerializedString of(String text) {
            SerializedString s = encoded.get(text);
            if (s == null) {
                s = new SerializedString(text);
                if (encoded.size() < LIMIT) {
                    encoded.put(text, s);
                }
            }
            return s;
        }
    }

    /**
     * The fields after the {@code key} of the last asset written, encoded, and what they were
     * encoded from. The tables of one source usually differ in their key alone, so a run of them
     * copies these bytes, which the generator would otherwise produce field by field (about a
     * quarter of a large graph's document time). Only a graph's ordinary shapes are kept: no run
     * target, or a source table's; any other asset is written field by field.
     */
    private static final class Tail {
        /** The text a tail is encoded after, cut off again: an object's opening and a first field. */
        private static final int OPENING = "{\"key\":null".length();

        private final AssetSpec spec;
        private final java.util.Optional<RunTarget> target;
        private final AutomationCondition automation;
        /** {@code ,"group":...,"run_target":...} without the closing brace. */
        final SerializedString encoded;

        private Tail(AssetSpec spec, java.util.Optional<RunTarget> target, AutomationCondition automation, SerializedString encoded) {
            this.spec = spec;
            this.target = target;
            this.automation = automation;
            this.encoded = encoded;
        }

        /** @return whether an asset of this run target may be written from a kept tail */
        static boolean keeps(java.util.Optional<RunTarget> target) {
            return target.isEmpty() || target.get() instanceof RunTarget.SourceTable;
        }

        /** @return the fields after the key of {@code spec}, encoded as {@link #tail} writes them */
        static Tail encode(AssetSpec spec, java.util.Optional<RunTarget> target, AutomationCondition automation, Repeated repeated)
                throws IOException {
            com.fasterxml.jackson.core.util.ByteArrayBuilder bytes = new com.fasterxml.jackson.core.util.ByteArrayBuilder(1024);
            try (JsonGenerator t = FACTORY.createGenerator(bytes, com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
                t.writeStartObject();
                t.writeFieldName(KEY);
                t.writeNull();
                tail(t, spec, target, automation, repeated);
                t.writeEndObject();
            }
            byte[] b = bytes.toByteArray();
            String text = new String(b, OPENING, b.length - OPENING - 1, java.nio.charset.StandardCharsets.UTF_8);
            return new Tail(spec, target, automation, new SerializedString(text));
        }

        /**
         * @return whether {@code other} would be written as this tail's asset was, key aside: equal
         *     fields, maps in the same order, the same checks' names and descriptions, and the run
         *     target's written fields
         */
        boolean sameAs(AssetSpec other, java.util.Optional<RunTarget> otherTarget, AutomationCondition otherAutomation) {
            AssetSpec s = spec;
            return s.group().equals(other.group()) && s.deps().equals(other.deps()) && s.kinds().equals(other.kinds())
                    && dev.rocky.core.spec.Maps.equalInOrder(s.tags(), other.tags())
                    && dev.rocky.core.spec.Maps.equalInOrder(s.metadata(), other.metadata())
                    && AssetCheckSpec.sameNamesAndDescriptions(s.checks(), other.checks())
                    && s.freshness().equals(other.freshness()) && s.partitions().equals(other.partitions())
                    && s.description().equals(other.description()) && s.owners().equals(other.owners())
                    && s.codeVersion().equals(other.codeVersion()) && java.util.Objects.equals(automation, otherAutomation)
                    && sameWrittenTarget(target, otherTarget);
        }

        private static boolean sameWrittenTarget(java.util.Optional<RunTarget> a, java.util.Optional<RunTarget> b) {
            if (a.isEmpty() || b.isEmpty()) {
                return a.isEmpty() && b.isEmpty();
            }
            return a.get() instanceof RunTarget.SourceTable x && b.get() instanceof RunTarget.SourceTable y
                    && x.sourceId().equals(y.sourceId()) && x.pipeline().equals(y.pipeline());
        }
    }

    /**
     * The segments before a key's last, encoded, and the key they were encoded from. A large
     * graph's keys share all but their last segment with the key before them (a source's tables:
     * {@code ["duckdb","src0042",<table>]}), and the document writes each key twice (in
     * {@code assets} and in {@code executable_units}); a run of such keys copies the prefix's bytes
     * and encodes only the leaf.
     */
    private static final class KeyPrefix {
        private List<String> path;
        /** {@code "duckdb","src0042",} for the prefix of {@link #path}. */
        private SerializedString encoded;

        /**
         * Writes {@code key} as {@link #key(JsonGenerator, AssetKey)} does. The generator is told
         * of the leaf alone, as the array's first element: the copied prefix ends with its comma.
         */
        void write(JsonGenerator g, AssetKey key) throws IOException {
            List<String> segments = key.path();
            int last = segments.size() - 1;
            g.writeStartArray();
            if (last > 0) {
                if (path == null || !samePrefix(path, segments, last)) {
                    encoded = encode(segments, last);
                    path = segments;
                }
                g.writeRaw(encoded);
            }
            g.writeString(segments.get(last));
            g.writeEndArray();
        }

        /** @return whether the first {@code count} segments of {@code a} and {@code b} are equal (b has that many) */
        private static boolean samePrefix(List<String> a, List<String> b, int count) {
            if (a.size() - 1 != count) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                if (!a.get(i).equals(b.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * @return the first {@code count} segments as the array's elements, each followed by a
         *     comma, encoded as the byte generator writes them (as {@link Tail#encode})
         */
        private static SerializedString encode(List<String> segments, int count) throws IOException {
            com.fasterxml.jackson.core.util.ByteArrayBuilder bytes = new com.fasterxml.jackson.core.util.ByteArrayBuilder(64);
            try (JsonGenerator t = FACTORY.createGenerator(bytes, com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
                t.writeStartArray();
                for (int i = 0; i < count; i++) {
                    t.writeString(segments.get(i));
                }
                t.writeEndArray();
            }
            byte[] b = bytes.toByteArray();
            return new SerializedString(new String(b, 1, b.length - 2, java.nio.charset.StandardCharsets.UTF_8) + ",");
        }
    }

    private final boolean reuseTails;

    /** A writer that copies the encoded fields an asset shares with the one before it. */
    public DefinitionsJsonWriter() {
        this(true);
    }

    /**
     * @param reuseTails whether to copy the encoded fields an asset shares with the one before it,
     *     and the key segments a key shares with the one before it ({@code false}: every field and
     *     segment written afresh; the two documents are the same bytes)
     */
    DefinitionsJsonWriter(boolean reuseTails) {
        this.reuseTails = reuseTails;
    }

    /**
     * @param defs the asset graph
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public void write(Definitions defs, Writer out) throws IOException {
        write(defs, Orchestration.NONE, out);
    }

    /**
     * The graph with how it is run: each asset's {@code automation_condition} ({@code null} when
     * none), then {@code executable_units} ({@code name}, {@code group}, {@code asset_keys},
     * {@code can_subset}, {@code op_tags}) and {@code schedules} ({@code name}, {@code cron},
     * {@code timezone}, {@code asset_keys}, {@code tags}).
     *
     * @param defs the asset graph
     * @param orchestration its units, schedules and automation
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public void write(Definitions defs, Orchestration orchestration, Writer out) throws IOException {
        write(defs, orchestration, FACTORY.createGenerator(out));
    }

    /**
     * As {@link #write(Definitions, Orchestration, Writer)}, straight to bytes: UTF-8, without the
     * character stage a {@code Writer} adds (a third of the time of a large graph's document). The
     * bytes reach {@code out} in blocks of {@value #BLOCK} bytes, not the generator's 8,000: to a
     * file or a pipe, a large graph's document is then a sixteenth of the system calls.
     *
     * @param defs the asset graph
     * @param orchestration its units, schedules and automation
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public void write(Definitions defs, Orchestration orchestration, java.io.OutputStream out) throws IOException {
        java.io.BufferedOutputStream blocks = new java.io.BufferedOutputStream(out, BLOCK);
        write(defs, orchestration, FACTORY.createGenerator(blocks, com.fasterxml.jackson.core.JsonEncoding.UTF8));
        blocks.flush();
    }

    /** Bytes handed to the target of {@link #write(Definitions, Orchestration, java.io.OutputStream)} at a time. */
    private static final int BLOCK = 1 << 17;

    private void write(Definitions defs, Orchestration orchestration, JsonGenerator generator) throws IOException {
        try (JsonGenerator g = generator) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeNumberField("format_version", PublishedFormat.DEFS.version());
            g.writeArrayFieldStart("assets");
            Repeated repeated = new Repeated();
            KeyPrefix prefix = reuseTails ? new KeyPrefix() : null;
            Tail last = null;
            List<AssetSpec> assets = defs.assets();
            for (int i = 0; i < assets.size(); i++) {
                AssetSpec spec = assets.get(i);
                java.util.Optional<RunTarget> target = defs.runTargetAt(i);
                AutomationCondition automation = orchestration.automation().get(spec.key());
                g.writeStartObject();
                g.writeFieldName(KEY);
                key(g, spec.key(), prefix);
                if (!reuseTails || !Tail.keeps(target)) {
                    tail(g, spec, target, automation, repeated);
                } else {
                    if (last == null || !last.sameAs(spec, target, automation)) {
                        last = Tail.encode(spec, target, automation, repeated);
                    }
                    g.writeRaw(last.encoded);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("executable_units");
            for (ExecutableUnit u : orchestration.units()) {
                g.writeStartObject();
                g.writeStringField("name", u.name());
                g.writeStringField("group", u.group());
                g.writeArrayFieldStart("asset_keys");
                List<AssetKey> keys = u.assets();
                for (int i = 0, n = keys.size(); i < n; i++) {
                    key(g, keys.get(i), prefix);
                }
                g.writeEndArray();
                g.writeBooleanField("can_subset", u.canSubset());
                g.writeObjectFieldStart("op_tags");
                for (Map.Entry<String, String> e : u.opTags().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("schedules");
            for (ScheduleSpec sc : orchestration.schedules()) {
                g.writeStartObject();
                g.writeStringField("name", sc.name());
                g.writeStringField("cron", sc.cron());
                g.writeStringField("timezone", sc.timezone());
                g.writeArrayFieldStart("asset_keys");
                List<AssetKey> keys = sc.assets();
                for (int i = 0, n = keys.size(); i < n; i++) {
                    key(g, keys.get(i), prefix);
                }
                g.writeEndArray();
                g.writeObjectFieldStart("tags");
                for (Map.Entry<String, String> e : sc.tags().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
            g.flush(); // and the target's (FLUSH_PASSED_TO_STREAM); the target is left open
        }
    }

    /**
     * Writes every field of an asset after its {@code key}, in the published order.
     */
    private static void tail(JsonGenerator g, AssetSpec spec, java.util.Optional<RunTarget> target, AutomationCondition automation,
            Repeated repeated) throws IOException {
        g.writeFieldName(GROUP);
        g.writeString(repeated.of(spec.group()));
        g.writeFieldName(DEPS);
        g.writeStartArray();
        for (AssetKey dep : spec.deps()) {
            key(g, dep);
        }
        g.writeEndArray();
        g.writeFieldName(KINDS);
        g.writeStartArray();
        for (String kind : spec.kinds()) {
            g.writeString(repeated.of(kind));
        }
        g.writeEndArray();
        g.writeFieldName(TAGS);
        g.writeStartObject();
        for (Map.Entry<String, String> e : spec.tags().entrySet()) {
            g.writeFieldName(repeated.of(e.getKey()));
            g.writeString(repeated.of(e.getValue()));
        }
        g.writeEndObject();
        g.writeFieldName(METADATA);
        g.writeStartObject();
        for (Map.Entry<String, MetadataValue> e : spec.metadata().entrySet()) {
            g.writeFieldName(repeated.of(e.getKey()));
            if (e.getValue() instanceof MetadataValue.Text t) {
                g.writeString(repeated.of(t.value()));
            } else {
                value(g, e.getValue());
            }
        }
        g.writeEndObject();
        g.writeFieldName(CHECKS);
        g.writeStartArray();
        for (AssetCheckSpec check : spec.checks()) {
            g.writeStartObject();
            g.writeFieldName(NAME);
            g.writeString(repeated.of(check.name()));
            g.writeFieldName(DESCRIPTION);
            g.writeString(repeated.of(check.description()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeFieldName(FRESHNESS);
        if (spec.freshness().isPresent()) {
            g.writeStartObject();
            g.writeFieldName(MAXIMUM_LAG_SECONDS);
            g.writeNumber(spec.freshness().get().maximumLag().toSeconds());
            g.writeEndObject();
        } else {
            g.writeNull();
        }
        g.writeFieldName(PARTITIONS);
        if (spec.partitions().isPresent() && spec.partitions().get() instanceof PartitionsDefinition.TimeWindow tw) {
            g.writeStartObject();
            g.writeStringField("type", "time_window");
            g.writeStringField("grain", tw.grain().wireName());
            g.writeStringField("start", tw.start().toString());
            g.writeEndObject();
        } else if (spec.partitions().isPresent() && spec.partitions().get() instanceof PartitionsDefinition.Dynamic d) {
            g.writeStartObject();
            g.writeStringField("type", "dynamic");
            g.writeStringField("name", d.name());
            g.writeArrayFieldStart("keys");
            for (String k : d.keys()) {
                g.writeString(k);
            }
            g.writeEndArray();
            g.writeEndObject();
        } else {
            g.writeNull();
        }
        if (spec.description().isPresent()) {
            g.writeStringField("description", spec.description().get());
        }
        if (!spec.owners().isEmpty()) {
            g.writeArrayFieldStart("owners");
            for (String owner : spec.owners()) {
                g.writeString(owner);
            }
            g.writeEndArray();
        }
        if (spec.codeVersion().isPresent()) {
            g.writeStringField("code_version", spec.codeVersion().get());
        }
        g.writeFieldName(RUN_TARGET);
        runTarget(g, target, repeated);
        if (automation != null) {
            g.writeObjectFieldStart("automation_condition");
            g.writeStringField("type", automation.type());
            if (automation.cron().isPresent()) {
                g.writeStringField("cron", automation.cron().get());
                g.writeStringField("timezone", automation.timezone().orElse("UTC"));
            }
            g.writeEndObject();
        }
    }

    /**
     * How materializing the asset calls rocky: {@code kind} {@code source_table} ({@code source_id},
     * {@code pipeline}), {@code model} ({@code model}, {@code pipeline}), {@code replication_pipeline}
     * ({@code pipeline}, {@code source_ids}), {@code load_pipeline} ({@code pipeline}),
     * {@code tenant_table} ({@code component}, {@code filter_values} by partition key,
     * {@code scope_runs_to_selection}) or
     * {@code placeholder} ({@code node_kind}); {@code null} for an asset nothing runs.
     */
    private static void runTarget(JsonGenerator g, java.util.Optional<RunTarget> target, Repeated repeated) throws IOException {
        if (target.isEmpty()) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        RunTarget t = target.get();
        if (t instanceof RunTarget.SourceTable st) {
            g.writeFieldName(KIND);
            g.writeString(SOURCE_TABLE);
            g.writeFieldName(SOURCE_ID);
            g.writeString(repeated.of(st.sourceId()));
            g.writeFieldName(PIPELINE);
            if (st.pipeline().isPresent()) {
                g.writeString(repeated.of(st.pipeline().get()));
            } else {
                g.writeNull();
            }
        } else if (t instanceof RunTarget.Model m) {
            g.writeStringField("kind", "model");
            g.writeStringField("model", m.name());
            g.writeStringField("pipeline", m.pipeline().orElse(null));
        } else if (t instanceof RunTarget.ReplicationPipeline p) {
            g.writeStringField("kind", "replication_pipeline");
            g.writeStringField("pipeline", p.pipeline());
            g.writeArrayFieldStart("source_ids");
            for (String id : p.sourceIds()) {
                g.writeString(id);
            }
            g.writeEndArray();
        } else if (t instanceof RunTarget.LoadPipeline l) {
            g.writeStringField("kind", "load_pipeline");
            g.writeStringField("pipeline", l.pipeline());
        } else if (t instanceof RunTarget.TenantTable tt) {
            g.writeStringField("kind", "tenant_table");
            g.writeStringField("component", tt.component());
            g.writeObjectFieldStart("filter_values");
            for (java.util.Map.Entry<String, String> e : tt.rawValueByPartitionKey().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeBooleanField("scope_runs_to_selection", tt.scopeRunsToSelection());
        } else if (t instanceof RunTarget.Placeholder ph) {
            g.writeStringField("kind", "placeholder");
            g.writeStringField("node_kind", ph.kind());
        }
        g.writeEndObject();
    }

    /** Writes {@code key}, copying its encoded prefix from {@code prefix} when one is given. */
    private static void key(JsonGenerator g, AssetKey key, KeyPrefix prefix) throws IOException {
        if (prefix == null) {
            key(g, key);
        } else {
            prefix.write(g, key);
        }
    }

    /** Writes {@code key} as an array of its segments. */
    static void key(JsonGenerator g, AssetKey key) throws IOException {
        g.writeStartArray();
        List<String> path = key.path();
        for (int i = 0, n = path.size(); i < n; i++) { // indexed: no iterator per key (a large graph writes each key twice)
            g.writeString(path.get(i));
        }
        g.writeEndArray();
    }

    static void value(JsonGenerator g, MetadataValue v) throws IOException {
        if (v instanceof MetadataValue.Text t) {
            g.writeString(t.value());
        } else if (v instanceof MetadataValue.IntValue i) {
            g.writeNumber(i.value());
        } else if (v instanceof MetadataValue.FloatValue f) {
            g.writeNumber(f.value());
        } else if (v instanceof MetadataValue.BoolValue b) {
            g.writeBoolean(b.value());
        } else if (v instanceof MetadataValue.ColumnLineage c) {
            g.writeStartObject();
            g.writeFieldName("deps_by_column");
            g.writeStartObject();
            for (Map.Entry<String, List<TableColumnLineage.ColumnDep>> e : c.lineage().depsByColumn().entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeStartArray();
                for (TableColumnLineage.ColumnDep dep : e.getValue()) {
                    g.writeStartObject();
                    g.writeFieldName("asset_key");
                    key(g, dep.asset());
                    g.writeStringField("column_name", dep.column());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        } else {
            g.writeNull();
        }
    }
}
