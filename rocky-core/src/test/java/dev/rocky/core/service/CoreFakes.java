package dev.rocky.core.service;

import java.util.LinkedHashMap;
import dev.rocky.core.dag.DagNode;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.spec.AssetNames;
import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.ComponentValue;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.state.RockyOutput;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.run.PlanResult;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.state.DefsState;
import dev.rocky.core.state.StateDraft;
import dev.rocky.core.state.StateSlots;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.WrittenState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Hand-written fakes of the core's ports. */
final class CoreFakes {

    private CoreFakes() {
    }

    static Source source(String id, String type, Map<String, ComponentValue> components, String... tables) {
        List<Table> list = new ArrayList<>();
        for (String t : tables) {
            list.add(new Table(t, OptionalLong.of(10)));
        }
        return new Source(id, components, type, Optional.empty(), list);
    }

    static class Cli implements RockyCli {
        final List<String> calls = new ArrayList<>();
        Supplier<RockyOutput<DiscoverResult>> discover;
        Runnable preflight = () -> { };
        Supplier<RockyOutput<CompileResult>> compile = () -> new RockyOutput<>(new CompileResult("1", List.of(), List.of(), false), "{}".getBytes(), 0);
        Supplier<RockyOutput<OptimizeResult>> optimize = () -> new RockyOutput<>(new OptimizeResult("1", List.of()), "{}".getBytes(), 0);
        Supplier<RockyOutput<DagResult>> dag = () -> new RockyOutput<>(new DagResult("1", "1", List.of(), List.of(), List.of()),
                "{}".getBytes(), 0);

        @Override
        public void preflight() {
            preflight.run();
        }

        @Override
        public RockyOutput<DiscoverResult> discover() {
            calls.add("discover");
            return discover.get();
        }

        @Override
        public RockyOutput<DiscoverResult> discover(java.util.Optional<String> pipeline) {
            if (pipeline.isEmpty()) {
                return discover();
            }
            calls.add("discover --pipeline " + pipeline.get());
            return discover.get();
        }

        @Override
        public RockyOutput<CompileResult> compile(String modelsDir) {
            calls.add("compile " + modelsDir);
            return compile.get();
        }

        @Override
        public RockyOutput<OptimizeResult> optimize(String modelsDir) {
            calls.add("optimize " + modelsDir);
            return optimize.get();
        }

        @Override
        public RockyOutput<DagResult> dag(String modelsDir, boolean columnLineage) {
            calls.add("dag " + modelsDir + (columnLineage ? " --column-lineage" : ""));
            return dag.get();
        }

        final List<RunOptions> runOptions = new ArrayList<>();
        java.util.function.Function<RunOptions, RunResult> run = o -> {
            throw new AssertionError("unexpected run " + o);
        };
        java.util.function.Function<RunOptions, PlanResult> plan = o -> {
            throw new AssertionError("unexpected plan " + o);
        };
        java.util.function.BiFunction<String, RunOptions, RunResult> apply = (id, o) -> {
            throw new AssertionError("unexpected apply " + id);
        };

        java.util.function.Supplier<dev.rocky.core.governance.ComplianceResult> compliance = () -> {
            throw new AssertionError("unexpected compliance");
        };
        java.util.function.Supplier<dev.rocky.core.governance.RetentionStatusResult> retention = () -> {
            throw new AssertionError("unexpected retention-status");
        };
        java.util.function.Function<String, dev.rocky.core.model.ModelLineage> lineage = m -> {
            throw new AssertionError("unexpected lineage " + m);
        };

        @Override
        public RockyOutput<dev.rocky.core.governance.ComplianceResult> compliance(String modelsDir) {
            calls.add("compliance --models " + modelsDir);
            return new RockyOutput<>(compliance.get(), "{}".getBytes(), 0);
        }

        @Override
        public RockyOutput<dev.rocky.core.governance.RetentionStatusResult> retentionStatus(String modelsDir) {
            calls.add("retention-status --models " + modelsDir);
            return new RockyOutput<>(retention.get(), "{}".getBytes(), 0);
        }

        @Override
        public synchronized RockyOutput<dev.rocky.core.model.ModelLineage> lineage(String model, String modelsDir) {
            calls.add("lineage " + model + " --models " + modelsDir);
            return new RockyOutput<>(lineage.apply(model), "{}".getBytes(), 0);
        }

        @Override
        public RockyOutput<RunResult> run(RunOptions options, dev.rocky.core.port.LogSink sink) {
            calls.add("run " + String.join(" ", RunOptions.mask(options.arguments())));
            runOptions.add(options);
            return new RockyOutput<>(run.apply(options), "{}".getBytes(), 0);
        }

        @Override
        public RockyOutput<PlanResult> plan(RunOptions options, dev.rocky.core.port.LogSink sink) {
            calls.add("plan " + String.join(" ", RunOptions.mask(options.arguments())));
            runOptions.add(options);
            return new RockyOutput<>(plan.apply(options), "{}".getBytes(), 0);
        }

        @Override
        public RockyOutput<RunResult> apply(String planId, RunOptions options, dev.rocky.core.port.LogSink sink) {
            calls.add("apply " + planId);
            return new RockyOutput<>(apply.apply(planId, options), "{}".getBytes(), 0);
        }
    }

    static class Store implements DefsStateStore {
        final AtomicReference<byte[]> content = new AtomicReference<>();
        int writes;
        Optional<java.nio.file.Path> file = Optional.of(java.nio.file.Path.of("/mem/state"));

        @Override
        public Optional<StoredState> read() {
            return Optional.ofNullable(content.get()).map(b -> new StoredState(b, "mem"));
        }

        @Override
        public WrittenState write(byte[] bytes) {
            writes++;
            content.set(bytes);
            return new WrittenState("mem", file, Optional.empty());
        }

        @Override
        public String location() {
            return "mem";
        }
    }

    /**
     * Records the draft it was asked to encode, decodes to a fixed state, and gives back the last
     * encoded draft's slots as the previous state's.
     */
    static class Codec implements StateCodec {
        StateDraft lastDraft;
        DefsState decoded;

        @Override
        public byte[] encode(StateDraft draft) {
            lastDraft = draft;
            return ("slots:" + (draft.slots().compile().isPresent() ? "c" : "") + (draft.slots().optimize().isPresent() ? "o" : ""))
                    .getBytes(StandardCharsets.UTF_8);
        }

        RuntimeException refuse;

        @Override
        public DefsState decode(StoredState stored) {
            if (refuse != null) {
                throw refuse;
            }
            return decoded;
        }

        @Override
        public StateSlots slots(StoredState stored) {
            return lastDraft.slots();
        }
    }

    static final class Log implements LogSink {
        final List<String> warnings = new ArrayList<>();
        final List<String> infos = new ArrayList<>();
        final List<String> progress = new ArrayList<>();

        @Override
        public void log(Level level, String message) {
            if (level == Level.WARN) {
                warnings.add(message);
            } else if (level == Level.INFO) {
                infos.add(message);
            }
        }

        @Override
        public void progress(String message) {
            progress.add(message);
        }
    }

    /**
     * A translator whose key is [type, table], to make collisions easy; models and DAG nodes are
     * named as the SPI's defaults name them (the core port has no defaults).
     */
    static class SimpleTranslator implements AssetTranslator {
        @Override
        public AssetKey assetKey(Source source, Table table) {
            return AssetKey.of(source.sourceType(), table.name());
        }

        @Override
        public String groupName(Source source) {
            return source.id();
        }

        @Override
        public Map<String, String> tags(Source source, Table table) {
            return Map.of("rocky/source_type", source.sourceType());
        }

        @Override
        public Map<String, MetadataValue> metadata(Source source, Table table) {
            return Map.of("source_id", MetadataValue.text(source.id()));
        }

        @Override
        public List<AssetKey> assetDeps(Source source, Table table) {
            return List.of();
        }

        /**
         * @param model a compiled model ({@code compile.models_detail[]})
         * @return its asset key; default {@code [catalog, schema, table]} of its target, leaving out a
         *     blank part (rocky reports an empty catalog for adapters without catalogs), and
         *     {@code [model name]} when all three are blank
         */
        @Override
        public AssetKey modelAssetKey(ModelDetail model) {
            return CoreFakes.targetKey(model.target(), model.name());
        }

        /**
         * @param model a compiled model
         * @return its group; default the target schema, or {@code models} when that is blank
         */
        @Override
        public String modelGroupName(ModelDetail model) {
            return model.target().schema().isBlank() ? "models" : model.target().schema();
        }

        /**
         * @param model a compiled model
         * @return its tags, in display order; default: the model's governance tags ({@code [tags]} in
         *     its sidecar) with keys and values passed through {@link #sanitizeTag}, a key that
         *     sanitises to nothing dropped; then {@code rocky/model_name}, {@code rocky/target_catalog},
         *     {@code rocky/target_schema} and {@code rocky/strategy}, sanitised the same way. The
         *     synthesised keys contain a {@code /} and sanitised governance keys never do, so a governance
         *     tag cannot replace one of them.
         */
        @Override
        public Map<String, String> modelTags(ModelDetail model) {
            Map<String, String> tags = new LinkedHashMap<>(model.tags().size() + 4);
            for (Map.Entry<String, String> e : model.tags().entrySet()) {
                String key = AssetNames.sanitizeTag(e.getKey());
                if (!key.isEmpty()) {
                    tags.put(key, AssetNames.sanitizeTag(e.getValue()));
                }
            }
            tags.put("rocky/model_name", AssetNames.sanitizeTag(model.name()));
            tags.put("rocky/target_catalog", AssetNames.sanitizeTag(model.target().catalog()));
            tags.put("rocky/target_schema", AssetNames.sanitizeTag(model.target().schema()));
            if (!model.strategy().type().isBlank()) {
                tags.put("rocky/strategy", AssetNames.sanitizeTag(model.strategy().type()));
            }
            return tags;
        }

        /**
         * @param model a compiled model
         * @return its metadata, as the SPI's default: {@code rocky/target_table}
         *     ({@code catalog.schema.table}) and {@code rocky/strategy}. The load adds optimize
         *     recommendations and compile diagnostics after these.
         */
        @Override
        public Map<String, MetadataValue> modelMetadata(ModelDetail model) {
            Map<String, MetadataValue> metadata = new LinkedHashMap<>(8);
            metadata.put("rocky/target_table", MetadataValue.text(model.target().fullName()));
            metadata.put("rocky/strategy", MetadataValue.text(model.strategy().type()));
            return metadata;
        }

        /**
         * @param node a node of {@code rocky dag}
         * @return its asset key; defaults: transformation {@code [catalog, schema, table]} of its target
         *     (blank parts left out, as for {@link #modelAssetKey});
         *     seed {@code ["seed", label]}; source {@code [pipeline or "default", "source"]}; load
         *     {@code [pipeline or "default", "load"]}; quality {@code ["quality", pipeline or "default"]};
         *     snapshot {@code ["snapshot", pipeline or "default"]}; anything else {@code [id]} with every
         *     character outside {@code [A-Za-z0-9_]} replaced by {@code _}
         */
        @Override
        public AssetKey dagNodeAssetKey(DagNode node) {
            String pipeline = node.pipeline().filter(p -> !p.isBlank()).orElse("default");
            switch (node.kind()) {
                case "transformation":
                    if (node.target().isPresent()) {
                        return CoreFakes.targetKey(node.target().get(), AssetNames.sanitize(node.id()));
                    }
                    return AssetKey.of(AssetNames.sanitize(node.id()));
                case "seed":
                    return AssetKey.of("seed", node.label());
                case "source":
                    return AssetKey.of(pipeline, "source");
                case "load":
                    return AssetKey.of(pipeline, "load");
                case "quality":
                    return AssetKey.of("quality", pipeline);
                case "snapshot":
                    return AssetKey.of("snapshot", pipeline);
                default:
                    return AssetKey.of(AssetNames.sanitize(node.id()));
            }
        }

        /**
         * @param node a node of {@code rocky dag}
         * @return its group; default the target schema for transformations, else the pipeline, else
         *     {@code default}
         */
        @Override
        public String dagGroupName(DagNode node) {
            if (node.kind().equals("transformation") && node.target().isPresent() && !node.target().get().schema().isBlank()) {
                return node.target().get().schema();
            }
            return node.pipeline().filter(p -> !p.isBlank()).orElse("default");
        }
    }

    static final AssetTranslator SIMPLE = new SimpleTranslator();

    /** {@code [catalog, schema, table]} of a target without its blank parts, or {@code [fallback]}. */
    static AssetKey targetKey(dev.rocky.core.model.ModelTarget target, String fallback) {
        List<String> path = new java.util.ArrayList<>(3);
        for (String part : new String[] {target.catalog(), target.schema(), target.table()}) {
            if (!part.isBlank()) {
                path.add(part);
            }
        }
        return path.isEmpty() ? AssetKey.of(fallback) : new AssetKey(path);
    }

    static RockyException failure(dev.rocky.core.error.ErrorCode code) {
        return new RockyException(code, code + " happened");
    }
}
