package dev.rocky.translator;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.translator.spi.RockyTranslator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checks everything a translator returns against {@link TranslatorOutputRules} and turns a bad
 * value, a {@code null} or an exception into a {@code TRANSLATOR_OUTPUT} error that names the
 * translator, the input and the value. Thread-safe if the translator is.
 */
final class ValidatingTranslator implements RockyTranslator {

    private final RockyTranslator delegate;
    private final String who;

    /**
     * @param delegate the translator to check
     * @param who how errors name it, e.g. {@code translator 'tenant' (/srv/plugins/tenant.jar)}
     */
    ValidatingTranslator(RockyTranslator delegate, String who) {
        this.delegate = delegate;
        this.who = who;
    }

    @Override
    public AssetKey assetKey(Source source, Table table) {
        return key(call(() -> delegate.assetKey(source, table), "asset key", () -> table(source, table)), "asset key",
                () -> table(source, table));
    }

    @Override
    public String groupName(Source source) {
        return group(call(() -> delegate.groupName(source), "group", () -> "source " + source.id()), () -> "source " + source.id());
    }

    @Override
    public Map<String, String> tags(Source source, Table table) {
        return tags(call(() -> delegate.tags(source, table), "tags", () -> table(source, table)), () -> table(source, table));
    }

    @Override
    public Map<String, MetadataValue> metadata(Source source, Table table) {
        return metadata(call(() -> delegate.metadata(source, table), "metadata", () -> table(source, table)),
                () -> table(source, table));
    }

    @Override
    public List<AssetKey> assetDeps(Source source, Table table) {
        List<AssetKey> deps = call(() -> delegate.assetDeps(source, table), "asset deps", () -> table(source, table));
        for (AssetKey dep : deps) {
            key(dep, "dependency key", () -> table(source, table));
        }
        return deps;
    }

    @Override
    public Optional<String> partitionKey(Source source) {
        Optional<String> key = call(() -> delegate.partitionKey(source), "partition key", () -> "source " + source.id());
        if (key.isPresent() && key.get().isBlank()) {
            throw invalid("partition key", () -> "source " + source.id(), "'" + key.get() + "'", "it is blank");
        }
        return key;
    }

    @Override
    public AssetKey modelAssetKey(ModelDetail model) {
        return key(call(() -> delegate.modelAssetKey(model), "asset key", () -> model(model)), "asset key", () -> model(model));
    }

    @Override
    public String modelGroupName(ModelDetail model) {
        return group(call(() -> delegate.modelGroupName(model), "group", () -> model(model)), () -> model(model));
    }

    @Override
    public Map<String, String> modelTags(ModelDetail model) {
        return tags(call(() -> delegate.modelTags(model), "tags", () -> model(model)), () -> model(model));
    }

    @Override
    public Map<String, MetadataValue> modelMetadata(ModelDetail model) {
        return metadata(call(() -> delegate.modelMetadata(model), "metadata", () -> model(model)), () -> model(model));
    }

    @Override
    public AssetKey dagNodeAssetKey(DagNode node) {
        return key(call(() -> delegate.dagNodeAssetKey(node), "asset key", () -> node(node)), "asset key", () -> node(node));
    }

    @Override
    public String dagGroupName(DagNode node) {
        return group(call(() -> delegate.dagGroupName(node), "group", () -> node(node)), () -> node(node));
    }

    @Override
    public String toString() {
        return "validated " + delegate;
    }

    private <T> T call(Supplier<T> method, String what, Supplier<String> input) {
        T value;
        try {
            value = method.get();
        } catch (RockyException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new RockyException(ErrorCode.TRANSLATOR_OUTPUT, who + " threw " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " while computing the " + what + " of " + input.get()
                    + "; fix the translator or its configuration", e);
        }
        if (value == null) {
            throw invalid(what, input, "null", "a translator must never return null");
        }
        return value;
    }

    private AssetKey key(AssetKey key, String what, Supplier<String> input) {
        Optional<String> problem = TranslatorOutputRules.keyProblem(key);
        if (problem.isPresent()) {
            throw invalid(what, input, key.path().toString(), problem.get());
        }
        return key;
    }

    private String group(String group, Supplier<String> input) {
        Optional<String> problem = TranslatorOutputRules.groupProblem(group);
        if (problem.isPresent()) {
            throw invalid("group", input, "'" + group + "'", problem.get());
        }
        return group;
    }

    private Map<String, String> tags(Map<String, String> tags, Supplier<String> input) {
        Optional<String> problem = TranslatorOutputRules.tagsProblem(tags);
        if (problem.isPresent()) {
            throw invalid("tags", input, tags.toString(), problem.get());
        }
        return tags;
    }

    private Map<String, MetadataValue> metadata(Map<String, MetadataValue> metadata, Supplier<String> input) {
        for (Map.Entry<String, MetadataValue> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw invalid("metadata", input, String.valueOf(e.getKey()) + "=" + e.getValue(),
                        "metadata needs a non-empty key and a value (MetadataValue.NULL for none)");
            }
        }
        return metadata;
    }

    private RockyException invalid(String what, Supplier<String> input, String value, String problem) {
        return new RockyException(ErrorCode.TRANSLATOR_OUTPUT, who + " returned an invalid " + what + " for " + input.get()
                + ": " + value + " — " + problem + "; fix the translator or its configuration");
    }

    private static String table(Source source, Table table) {
        return "table " + table.name() + " of source " + source.id();
    }

    private static String model(ModelDetail model) {
        return "model " + model.name();
    }

    private static String node(DagNode node) {
        return "DAG node " + node.id() + " (" + node.kind() + ")";
    }
}
