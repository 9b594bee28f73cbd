package dev.rocky.translator;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.Maps;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.translator.spi.DagNodeView;
import dev.rocky.translator.spi.ModelView;
import dev.rocky.translator.spi.Names;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.SourceView;
import dev.rocky.translator.spi.TableView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A plugin ({@link RockyTranslator}) as the core's {@link AssetTranslator}: it shows the plugin
 * rocky's objects as the SPI's views, checks everything the plugin returns against
 * {@link TranslatorOutputRules}, and turns its answers into the core's values (segments into an
 * {@link AssetKey}, plain metadata values into {@link MetadataValue}s, inferred as Dagster infers
 * them). A bad value, a {@code null} or an exception becomes a {@code TRANSLATOR_OUTPUT} error that
 * names the translator, the input and the value. Thread-safe if the plugin is.
 */
final class ValidatingTranslator implements AssetTranslator {

    /** The key of a table's row count in the default metadata ({@link RockyTranslator#metadata}). */
    private static final String ROW_COUNT = "row_count";

    private final RockyTranslator delegate;
    private final String who;
    /** Whether the plugin keeps {@link RockyTranslator}'s own asset key, tags, metadata or deps (none) (see {@link Scratch}). */
    private final boolean defaultKey;
    private final boolean defaultTags;
    private final boolean defaultMetadata;
    private final boolean defaultDeps;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /**
     * What one thread keeps between calls, since a load asks several questions about each table and
     * the same about each table of a source, one after the other: the last source, table, model and
     * DAG node shown to the plugin with its view; for each method the plugin inherits from
     * {@link RockyTranslator}, its answer for the last source, checked once (the defaults depend on
     * no more than this: the tags on the source; the metadata on the source and whether the table
     * has a row count, which is then its {@code row_count}; the asset key on the source and, for
     * its last segment, the table's name); and the builder of the metadata maps it returns.
     */
    private static final class Scratch {
        Source source;
        SourceView sourceView;
        Table table;
        TableView tableView;
        ModelDetail model;
        ModelView modelView;
        DagNode node;
        DagNodeView nodeView;
        /** The source the memos below are for. */
        Source memoSource;
        Map<String, String> tags;
        /** The key of the source's first table: each next table's key is its sibling. */
        AssetKey firstKey;
        /** The metadata of a table without a row count, and of one with a row count of 0. */
        Map<String, MetadataValue> metadataWithout;
        Map<String, MetadataValue> metadataWith;
        /** Whether {@code metadataWith}'s {@code row_count} is the table's (not an adapter's value of that name). */
        boolean rowCountIsTables;
        final Maps.OrderedBuilder<String, MetadataValue> metadata = new Maps.OrderedBuilder<>();

        /** Forgets the memos when {@code next} is another source. */
        void memoFor(Source next) {
            if (memoSource != next) {
                memoSource = next;
                tags = null;
                firstKey = null;
                metadataWithout = null;
                metadataWith = null;
            }
        }
    }

    /**
     * @param delegate the plugin to check
     * @param who how errors name it, e.g. {@code translator 'tenant' (/srv/plugins/tenant.jar)}
     */
    ValidatingTranslator(RockyTranslator delegate, String who) {
        this.delegate = delegate;
        this.who = who;
        this.defaultKey = inherits(delegate, "assetKey");
        this.defaultTags = inherits(delegate, "tags");
        this.defaultMetadata = inherits(delegate, "metadata");
        this.defaultDeps = inherits(delegate, "assetDeps");
    }

    /** @return whether the plugin's class takes {@code name(SourceView, TableView)} from {@link RockyTranslator} unchanged */
    private static boolean inherits(RockyTranslator delegate, String name) {
        try {
            return delegate.getClass().getMethod(name, SourceView.class, TableView.class).getDeclaringClass() == RockyTranslator.class;
        } catch (NoSuchMethodException | SecurityException e) {
            return false;
        }
    }

    private SourceView view(Source source) {
        Scratch last = scratch.get();
        if (last.source != source) {
            last.source = source;
            last.sourceView = Views.of(source);
        }
        return last.sourceView;
    }

    private TableView view(Table table) {
        Scratch last = scratch.get();
        if (last.table != table) {
            last.table = table;
            last.tableView = Views.of(table);
        }
        return last.tableView;
    }

    private ModelView view(ModelDetail model) {
        Scratch last = scratch.get();
        if (last.model != model) {
            last.model = model;
            last.modelView = Views.of(model);
        }
        return last.modelView;
    }

    private DagNodeView view(DagNode node) {
        Scratch last = scratch.get();
        if (last.node != node) {
            last.node = node;
            last.nodeView = Views.of(node);
        }
        return last.nodeView;
    }

    @Override
    public AssetKey assetKey(Source source, Table table) {
        if (defaultKey) {
            Scratch memo = scratch.get();
            memo.memoFor(source);
            if (memo.firstKey == null) {
                memo.firstKey = checkedAssetKey(source, table);
                return memo.firstKey;
            }
            String leaf = Names.keySegment(table.name());
            if (TranslatorOutputRules.isKeySegment(leaf)) {
                return memo.firstKey.withLeaf(leaf); // the prefix as checked for the first table, the leaf checked here
            }
        }
        return checkedAssetKey(source, table);
    }

    private AssetKey checkedAssetKey(Source source, Table table) {
        List<String> key;
        try {
            key = delegate.assetKey(view(source), view(table));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "asset key", source, table);
        }
        return key(key, "asset key", source, table);
    }

    @Override
    public String partitionKey(Source source, String tenantComponent) {
        String key;
        try {
            key = delegate.partitionKey(view(source), tenantComponent);
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "partition key", source, null);
        }
        if (key == null) {
            return ((dev.rocky.core.discover.ComponentValue.Single) source.components().get(tenantComponent)).value();
        }
        if (key.isBlank() || key.chars().anyMatch(c -> c < 0x20)) {
            throw invalid("partition key", source, null, "'" + dev.rocky.core.run.CliArgument.printable(key) + "'",
                    "a partition key must be non-blank text without control characters");
        }
        return key;
    }

    @Override
    public String groupName(Source source) {
        String group;
        try {
            group = delegate.groupName(view(source));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "group", source, null);
        }
        return group(group, source);
    }

    @Override
    public Map<String, String> tags(Source source, Table table) {
        if (defaultTags) {
            Scratch memo = scratch.get();
            memo.memoFor(source);
            if (memo.tags == null) {
                memo.tags = Maps.orderedCopy(checkedTags(source, table));
            }
            return memo.tags;
        }
        return checkedTags(source, table);
    }

    private Map<String, String> checkedTags(Source source, Table table) {
        Map<String, String> tags;
        try {
            tags = delegate.tags(view(source), view(table));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "tags", source, table);
        }
        return tags(tags, source, table);
    }

    @Override
    public Map<String, MetadataValue> metadata(Source source, Table table) {
        if (defaultMetadata) {
            Scratch memo = scratch.get();
            memo.memoFor(source);
            if (memo.metadataWithout == null) {
                memo.metadataWithout = checkedMetadata(source, new Table(table.name(), OptionalLong.empty()));
                memo.metadataWith = checkedMetadata(source, new Table(table.name(), OptionalLong.of(0)));
                // (no record equals here: its first call links a method handle, a millisecond of a small project's start)
                memo.rowCountIsTables = memo.metadataWith.get(ROW_COUNT) instanceof MetadataValue.IntValue count && count.value() == 0
                        && !memo.metadataWithout.containsKey(ROW_COUNT);
            }
            if (table.rowCount().isEmpty()) {
                return memo.metadataWithout;
            }
            if (!memo.rowCountIsTables) {
                return memo.metadataWith;
            }
            return memo.metadata.putAll(memo.metadataWith).put(ROW_COUNT, MetadataValue.integer(table.rowCount().getAsLong()))
                    .build();
        }
        return checkedMetadata(source, table);
    }

    private Map<String, MetadataValue> checkedMetadata(Source source, Table table) {
        Map<String, Object> metadata;
        try {
            metadata = delegate.metadata(view(source), view(table));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "metadata", source, table);
        }
        return metadata(metadata, source, table);
    }

    @Override
    public List<AssetKey> assetDeps(Source source, Table table) {
        if (defaultDeps) {
            return List.of(); // RockyTranslator's: none, whatever the table
        }
        List<List<String>> deps;
        try {
            deps = delegate.assetDeps(view(source), view(table));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "asset deps", source, table);
        }
        notNull(deps, "asset deps", source, table);
        List<AssetKey> out = new ArrayList<>(deps.size());
        for (List<String> dep : deps) {
            out.add(key(dep, "dependency key", source, table));
        }
        return out;
    }

    @Override
    public AssetKey modelAssetKey(ModelDetail model) {
        List<String> key;
        try {
            key = delegate.modelAssetKey(view(model));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "asset key", model, null);
        }
        return key(key, "asset key", model, null);
    }

    @Override
    public String modelGroupName(ModelDetail model) {
        String group;
        try {
            group = delegate.modelGroupName(view(model));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "group", model, null);
        }
        return group(group, model);
    }

    @Override
    public Map<String, String> modelTags(ModelDetail model) {
        Map<String, String> tags;
        try {
            tags = delegate.modelTags(view(model));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "tags", model, null);
        }
        return tags(tags, model, null);
    }

    @Override
    public Map<String, MetadataValue> modelMetadata(ModelDetail model) {
        Map<String, Object> metadata;
        try {
            metadata = delegate.modelMetadata(view(model));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "metadata", model, null);
        }
        return metadata(metadata, model, null);
    }

    @Override
    public AssetKey dagNodeAssetKey(DagNode node) {
        List<String> key;
        try {
            key = delegate.dagNodeAssetKey(view(node));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "asset key", node, null);
        }
        return key(key, "asset key", node, null);
    }

    @Override
    public String dagGroupName(DagNode node) {
        String group;
        try {
            group = delegate.dagGroupName(view(node));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "group", node, null);
        }
        return group(group, node);
    }

    @Override
    public String toString() {
        return "validated " + delegate;
    }

    private RuntimeException threw(Throwable e, String what, Object subject, Table table) {
        if (e instanceof RockyException rocky) {
            return rocky;
        }
        return new RockyException(ErrorCode.TRANSLATOR_OUTPUT, who + " threw " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " while computing the " + what + " of "
                + describe(subject, table) + "; fix the translator or its configuration", e);
    }

    private void notNull(Object value, String what, Object subject, Table table) {
        if (value == null) {
            throw invalid(what, subject, table, "null", "a translator must never return null");
        }
    }

    private AssetKey key(List<String> segments, String what, Object subject, Table table) {
        notNull(segments, what, subject, table);
        if (segments.isEmpty() || segments.stream().anyMatch(java.util.Objects::isNull)) {
            throw invalid(what, subject, table, String.valueOf(segments), "a key needs at least one segment and no null segment");
        }
        Optional<String> problem = TranslatorOutputRules.keyProblem(segments);
        if (problem.isPresent()) {
            throw invalid(what, subject, table, segments.toString(), problem.get());
        }
        try {
            return new AssetKey(segments);
        } catch (IllegalArgumentException e) {
            throw invalid(what, subject, table, segments.toString(), e.getMessage());
        }
    }

    private String group(String group, Object subject) {
        notNull(group, "group", subject, null);
        Optional<String> problem = TranslatorOutputRules.groupProblem(group);
        if (problem.isPresent()) {
            throw invalid("group", subject, null, "'" + group + "'", problem.get());
        }
        return group;
    }

    private Map<String, String> tags(Map<String, String> tags, Object subject, Table table) {
        notNull(tags, "tags", subject, table);
        Optional<String> problem = TranslatorOutputRules.tagsProblem(tags);
        if (problem.isPresent()) {
            throw invalid("tags", subject, table, tags.toString(), problem.get());
        }
        return tags;
    }

    /**
     * Dagster's inference of a plain value: text, whole number, floating-point number, boolean, or
     * null; the result is immutable and in the plugin's order.
     */
    private Map<String, MetadataValue> metadata(Map<String, Object> metadata, Object subject, Table table) {
        notNull(metadata, "metadata", subject, table);
        Maps.OrderedBuilder<String, MetadataValue> out = scratch.get().metadata;
        out.clear(); // a check that failed part-way may have left entries behind
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) {
                throw invalid("metadata", subject, table, e.getKey() + "=" + e.getValue(), "metadata needs a non-empty key");
            }
            Object v = e.getValue();
            MetadataValue value;
            if (v == null) {
                value = MetadataValue.NULL;
            } else if (v instanceof String text) {
                value = MetadataValue.text(text);
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                value = MetadataValue.integer(((Number) v).longValue());
            } else if (v instanceof Double || v instanceof Float) {
                value = new MetadataValue.FloatValue(((Number) v).doubleValue());
            } else if (v instanceof Boolean flag) {
                value = new MetadataValue.BoolValue(flag);
            } else {
                throw invalid("metadata", subject, table, e.getKey() + "=" + v + " (" + v.getClass().getName() + ")",
                        "a metadata value must be a String, a whole number, a floating-point number, a Boolean or null");
            }
            out.put(e.getKey(), value);
        }
        return out.build();
    }

    private RockyException invalid(String what, Object subject, Table table, String value, String problem) {
        return new RockyException(ErrorCode.TRANSLATOR_OUTPUT, who + " returned an invalid " + what + " for "
                + describe(subject, table) + ": " + value + " — " + problem + "; fix the translator or its configuration");
    }

    /** Names the input of a call: a table of a source, a source, a model or a DAG node. */
    private static String describe(Object subject, Table table) {
        if (subject instanceof Source source) {
            return table != null ? "table " + table.name() + " of source " + source.id() : "source " + source.id();
        }
        if (subject instanceof ModelDetail model) {
            return "model " + model.name();
        }
        DagNode node = (DagNode) subject;
        return "DAG node " + node.id() + " (" + node.kind() + ")";
    }
}
