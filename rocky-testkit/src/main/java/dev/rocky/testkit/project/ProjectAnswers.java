package dev.rocky.testkit.project;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rocky.testkit.project.RockyProject.ColumnRef;
import dev.rocky.testkit.project.RockyProject.Model;
import dev.rocky.testkit.project.RockyProject.ModelSet;
import dev.rocky.testkit.project.RockyProject.OutputColumn;
import dev.rocky.testkit.project.RockyProject.Pipeline;
import dev.rocky.testkit.project.RockyProject.SeedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Derives rocky's {@code --output json} answers from a {@link RockyProject}'s files, shaped by the
 * engine's published schemas and checked against stdout recorded from rocky 1.71.0 wherever a
 * recording exists (see {@code RockyContract} MANIFEST.md).
 *
 * <p>What is derived, and from what:
 * <ul>
 *   <li>{@code discover}: one source per schema that {@code data/*.sql} creates and the replication
 *       pipeline's {@code schema_pattern} matches; tables from {@code CREATE TABLE schema.table};
 *       {@code checks} from the pipeline's {@code [checks]} ({@code freshness.threshold_seconds}, custom
 *       check names).</li>
 *   <li>{@code dag}: {@code source:}/{@code load:} nodes per replication pipeline, a {@code transformation:}
 *       node per model of a transformation pipeline, {@code quality:}/{@code snapshot:} nodes per such
 *       pipeline, {@code seed:} nodes per {@code seeds/*.csv} / {@code *.tsv}; edges, layers and summary.</li>
 *   <li>{@code compile}: {@code models_detail} (strategy with defaults, target, depends_on, freshness,
 *       tags, the engine's incrementality hint from column names and comparison context, and its
 *       cost propagation: 10 000 rows × 256 bytes per leaf, 0.8 selectivity per hop, Databricks
 *       prices), the {@code SELECT *} diagnostics (I001, P002) and contract diagnostics (E010 required
 *       column missing, E012 non-nullable column, E013 protected column removed). <b>No SQL type
 *       checking</b>: every output column is taken as nullable and of unknown type, so type-dependent
 *       diagnostics are never produced.</li>
 *   <li>{@code compliance}: {@code [classification]} × ({@code [mask]}, {@code [mask.<env>]}), exceptions for
 *       tags with no strategy that are not on {@code allow_unmasked}.</li>
 *   <li>{@code retention-status}: {@code retention = "30d" | "1y"}; the warehouse's days come from
 *       {@code warehouseRetentionDays} (absent: in sync).</li>
 *   <li>{@code run} / {@code plan} / {@code apply} / {@code lineage} / {@code optimize}: derived from the
 *       selection. Two values cannot be derived and are the fake's own: {@code plan_id} (SHA-256 of the
 *       plan's statements) and a model materialization's {@code sql_hash} (first 16 hex digits of the
 *       SHA-256 of the rendered SQL); the engine hashes differently.</li>
 * </ul>
 *
 * <p>Failures follow the CLI's conventions: a hard error is exit 1, empty stdout, {@code Error: …} on
 * stderr; a usage error is exit 2. Thread-safe.
 */
public final class ProjectAnswers {

    /** Rocky's version the derived payloads carry unless told otherwise. */
    public static final String DEFAULT_VERSION = "1.71.0";

    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter PRINTER = printer(JSON);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final double ROW_SCAN_USD = 1.0e-9;
    private static final double ROW_COMPUTE_USD = 5.0e-9;
    private static final double BYTE_IO_USD = 5.0e-12;
    private static final Set<String> TIMESTAMP_EXACT = Set.of("created_at", "updated_at", "inserted_at", "modified_at",
            "loaded_at", "_fivetran_synced", "event_time", "event_timestamp", "ingested_at", "synced_at");
    private static final List<String> TIMESTAMP_SUFFIXES = List.of("_at", "_date", "_timestamp", "_synced");

    private final RockyProject project;
    private final String version;
    private final Clock clock;
    private final Map<String, Long> warehouseRetentionDays;

    /**
     * @param project the project to answer from
     * @param version the {@code version} the payloads carry, e.g. {@code 1.71.0}
     * @param clock where {@code started_at} / {@code created_at} come from
     * @param warehouseRetentionDays model name to the retention the warehouse reports, for
     *     {@code retention-status}; a model not listed is in sync
     */
    public ProjectAnswers(RockyProject project, String version, Clock clock, Map<String, Long> warehouseRetentionDays) {
        this.project = Objects.requireNonNull(project, "project is null");
        this.version = Objects.requireNonNull(version, "version is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.warehouseRetentionDays = Map.copyOf(warehouseRetentionDays);
    }

    /**
     * @param project the project to answer from
     * @return answers with version {@value #DEFAULT_VERSION}, the system clock, retention in sync
     */
    public static ProjectAnswers of(RockyProject project) {
        return new ProjectAnswers(project, DEFAULT_VERSION, Clock.systemUTC(), Map.of());
    }

    /** @return the project */
    public RockyProject project() {
        return project;
    }

    /**
     * What the fake rocky does for a subcommand's arguments.
     *
     * @param args the subcommand and its arguments (global options removed)
     * @return stdout, stderr and exit code
     */
    public Answer answer(List<String> args) {
        Args a;
        try {
            a = Args.parse(args);
        } catch (IllegalArgumentException e) {
            return Answer.usageError(e.getMessage());
        }
        try {
            return switch (a.command) {
                case "discover" -> Answer.json(discover(a.option("--pipeline")));
                case "dag" -> Answer.json(dag(a.option("--models"), a.flag("--column-lineage")));
                case "compile" -> {
                    ObjectNode out = compile(a.models(), a.option("--contracts"), a.option("--model"));
                    yield out.path("has_errors").asBoolean() ? Answer.jsonWithExit(out, 1, "Error: compilation failed with errors")
                            : Answer.json(out);
                }
                case "compliance" -> {
                    ObjectNode out = compliance(a.models(), a.option("--env"), a.flag("--exceptions-only"));
                    boolean fail = a.flag("--fail-on") || a.option("--fail-on").isPresent();
                    yield fail && out.path("summary").path("total_exceptions").asInt() > 0
                            ? Answer.jsonWithExit(out, 1, "Error: compliance exceptions found") : Answer.json(out);
                }
                case "retention-status" -> Answer.json(retentionStatus(a.models(), a.option("--model"), a.flag("--drift")));
                case "run" -> {
                    RunSelection selection = RunSelection.from(a);
                    Optional<Pipeline> load = loadPipeline(selection.pipeline());
                    yield load.isPresent() ? loadAnswer(load(load.get(), Optional.empty())) : Answer.json(run(selection));
                }
                case "load" -> loadAnswer(load(loadCommandPipeline(a.option("--pipeline")), a.option("--source-dir")));
                case "plan" -> Answer.json(plan(RunSelection.from(a), true));
                case "apply" -> Answer.json(apply(a.positional(0, "apply <plan_id>")));
                case "lineage" -> Answer.json(a.option("--column").isPresent()
                        ? columnLineage(a.models(), a.positional(0, "lineage <model>"), a.option("--column").get(), a.flag("--downstream"))
                        : lineage(a.models(), a.positional(0, "lineage <model>")));
                case "optimize" -> Answer.json(optimize(a.models()));
                case "doctor" -> Answer.json(doctor(a.option("--check")));
                case "history" -> Answer.json(history());
                default -> Answer.usageError("unrecognized subcommand '" + a.command + "' (the project-model fake answers discover,"
                        + " dag, compile, compliance, retention-status, run, load, plan, apply, lineage, optimize, doctor and history)");
            };
        } catch (ProjectException | IllegalArgumentException e) {
            return Answer.error(e.getMessage());
        }
    }

    // ---------------------------------------------------------------- discover

    /**
     * {@code rocky discover}.
     *
     * @param pipelineName {@code --pipeline}, when given
     * @return the payload (discover.schema.json)
     * @throws ProjectException when no replication pipeline can be chosen or it has no discovery adapter
     */
    public ObjectNode discover(Optional<String> pipelineName) {
        Pipeline p = project.commandPipeline(pipelineName);
        if (!p.hasDiscovery()) {
            throw new ProjectException("no discovery adapter configured for this pipeline");
        }
        ObjectNode out = header("discover");
        ArrayNode sources = out.putArray("sources");
        List<String> tableNames = new ArrayList<>();
        for (Source s : sources(p)) {
            ObjectNode src = sources.addObject();
            src.put("id", s.schema);
            src.set("components", components(s.components));
            src.put("source_type", p.sourceType());
            src.putNull("last_sync_at");
            ArrayNode tables = src.putArray("tables");
            for (SeedTable t : s.tables) {
                tables.addObject().put("name", t.name());
                tableNames.add(t.name());
            }
        }
        JsonNode checks = p.node().path("checks");
        ObjectNode checksOut = F.objectNode();
        JsonNode threshold = checks.path("freshness").path("threshold_seconds");
        if (threshold.canConvertToLong()) {
            checksOut.putObject("freshness").put("threshold_seconds", threshold.asLong());
        }
        List<String> custom = new ArrayList<>();
        checks.path("custom").forEach(c -> custom.add(c.path("name").asText()));
        if (!custom.isEmpty()) {
            ObjectNode configured = checksOut.putObject("configured_checks");
            for (String table : new LinkedHashSet<>(tableNames)) {
                ArrayNode list = configured.putArray(table);
                custom.forEach(n -> list.addObject().put("name", n).put("kind", "custom"));
            }
        }
        if (!checksOut.isEmpty()) {
            out.set("checks", checksOut);
        }
        return out;
    }

    private record Source(String schema, Map<String, Object> components, List<SeedTable> tables) {
    }

    private List<Source> sources(Pipeline p) {
        List<Source> out = new ArrayList<>();
        new TreeMap<>(project.seedTables()).forEach((schema, tables) -> p.parseSchema(schema).ifPresent(c -> {
            List<SeedTable> sorted = new ArrayList<>(tables);
            sorted.sort((x, y) -> x.name().compareTo(y.name()));
            out.add(new Source(schema, c, sorted));
        }));
        return out;
    }

    private static ObjectNode components(Map<String, Object> components) {
        ObjectNode out = F.objectNode();
        components.forEach((k, v) -> {
            if (v instanceof List<?> l) {
                ArrayNode a = out.putArray(k);
                l.forEach(x -> a.add(x.toString()));
            } else {
                out.put(k, v.toString());
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- dag

    /**
     * {@code rocky dag}, with or without {@code --models}. Without it, as rocky 1.68 and later, each
     * transformation pipeline reads the models under the root of its own {@code models} glob
     * ({@code models/**} by default: {@code models}); with it, every transformation pipeline reads
     * that directory.
     *
     * @param modelsDir {@code --models}, when given
     * @param columnLineage {@code --column-lineage}
     * @return the payload (dag.schema.json)
     */
    public ObjectNode dag(Optional<String> modelsDir, boolean columnLineage) {
        return modelsDir.isPresent() ? dag(modelsDir.get(), columnLineage) : dag(ProjectAnswers::modelsRoot, "models", columnLineage);
    }

    /** @return the directory part of a transformation pipeline's {@code models} glob ({@code models/**} by default) */
    static String modelsRoot(Pipeline p) {
        String glob = p.node().path("models").asText("models/**");
        List<String> fixed = new ArrayList<>();
        for (String part : glob.split("/")) {
            if (part.contains("*") || part.contains("?") || part.contains("[")) {
                break;
            }
            fixed.add(part);
        }
        return fixed.isEmpty() ? "." : String.join("/", fixed);
    }

    /**
     * {@code rocky dag --models <modelsDir>}: every transformation pipeline reads that directory, so
     * two transformation pipelines would claim the same models; that is refused naming both (the
     * wording is the fake's: no recording shows the engine's).
     *
     * @param modelsDir {@code --models}
     * @param columnLineage {@code --column-lineage}
     * @return the payload (dag.schema.json)
     * @throws ProjectException when two or more transformation pipelines would read the directory
     */
    public ObjectNode dag(String modelsDir, boolean columnLineage) {
        List<String> claimants = project.pipelines().stream().filter(p -> p.type().equals("transformation")).map(Pipeline::name)
                .toList();
        if (claimants.size() > 1) {
            throw new ProjectException("--models " + modelsDir + " gives every transformation pipeline the same models, so "
                    + String.join(" and ", claimants.stream().map(n -> "'" + n + "'").toList()) + " would each claim them; "
                    + "run `rocky dag` without --models so each pipeline reads its own models root");
        }
        return dag(p -> modelsDir, modelsDir, columnLineage);
    }

    private ObjectNode dag(java.util.function.Function<Pipeline, String> rootOf, String fallbackRoot, boolean columnLineage) {
        Set<ModelSet> read = new LinkedHashSet<>();
        // As the engine's build_unified_dag (rocky-core unified_dag.rs): nodes per pipeline with their
        // intra-pipeline edges, then models' cross-step depends_on, then inter-pipeline depends_on.
        Map<String, ObjectNode> nodes = new LinkedHashMap<>();
        Map<String, List<String>> deps = new LinkedHashMap<>();
        Map<String, List<String>> pipelineNodes = new LinkedHashMap<>();
        Map<String, String> nameToNode = new LinkedHashMap<>();
        Map<String, List<String>> declaredByModel = new LinkedHashMap<>();
        for (ObjectNode seed : seedNodes()) {
            String id = seed.get("id").asText();
            nodes.put(id, seed);
            nameToNode.put(seed.get("label").asText(), id);
        }
        for (Pipeline p : project.pipelines()) {
            List<String> own = pipelineNodes.computeIfAbsent(p.name(), k -> new ArrayList<>());
            switch (p.type()) {
                case "replication" -> {
                    String source = "source:" + p.name();
                    String load = "load:" + p.name();
                    nodes.put(source, node(source, "source", p.name() + " (source)", p.name()));
                    nodes.put(load, node(load, "load", p.name() + " (load)", p.name()));
                    edge(deps, source, load);
                    nameToNode.put(p.name(), load);
                    own.addAll(List.of(source, load));
                }
                case "transformation" -> {
                    ModelSet models = project.models(rootOf.apply(p));
                    read.add(models);
                    for (Model m : models.models()) {
                        String id = "transformation:" + m.name();
                        if (nodes.containsKey(id)) {
                            throw claimedTwice(m.name(), nodes.get(id).path("pipeline").asText(), p.name());
                        }
                        nodes.put(id, transformationNode(id, m, p.name()));
                        own.add(id);
                        nameToNode.put(m.name(), id);
                        declaredByModel.put(m.name(), m.declaredDependsOn());
                        for (String dep : models.dependsOn().getOrDefault(m.name(), List.of())) {
                            if (models.dependsOn().containsKey(dep)) {
                                edge(deps, "transformation:" + dep, id);
                            }
                        }
                    }
                }
                case "quality", "snapshot", "load" -> {
                    String id = p.type() + ":" + p.name();
                    nodes.put(id, node(id, p.type(), p.name(), p.name()));
                    own.add(id);
                    if (p.type().equals("load")) {
                        nameToNode.put(p.name(), id);
                    }
                }
                default -> {
                    // Pipeline kinds the DAG export does not draw.
                }
            }
        }
        // A model's depends_on naming a seed, a replication or a load pipeline: an edge from that node.
        declaredByModel.forEach((model, declared) -> {
            for (String dep : declared) {
                String from = nameToNode.get(dep);
                if (from != null && !declaredByModel.containsKey(dep)) {
                    edge(deps, from, "transformation:" + model);
                }
            }
        });
        // Pipeline depends_on: from the upstream pipeline's exit nodes to this pipeline's entry nodes.
        for (Pipeline p : project.pipelines()) {
            if (p.dependsOn().isEmpty() || !pipelineNodes.containsKey(p.name())) {
                continue;
            }
            List<String> own = pipelineNodes.get(p.name());
            List<String> entry = own.stream().filter(id -> !id.startsWith("source:")
                    && deps.getOrDefault(id, List.of()).stream().noneMatch(own::contains)).toList();
            for (String upstreamPipeline : p.dependsOn()) {
                List<String> upstream = pipelineNodes.get(upstreamPipeline);
                if (upstream == null) {
                    throw new ProjectException("unknown dependency '" + upstreamPipeline + "' referenced by node '" + p.name() + "'");
                }
                List<String> exit = upstream.stream().filter(id -> !id.startsWith("source:") && upstream.stream()
                        .noneMatch(other -> deps.getOrDefault(other, List.of()).contains(id))).toList();
                for (String from : exit) {
                    for (String to : entry) {
                        edge(deps, from, to);
                    }
                }
            }
        }
        ObjectNode out = F.objectNode();
        out.put("version", version);
        out.put("schema_version", "1");
        out.put("command", "dag");
        ArrayNode nodeArray = out.putArray("nodes");
        ArrayNode edges = out.putArray("edges");
        Map<String, Integer> kinds = new TreeMap<>();
        int edgeCount = 0;
        for (Map.Entry<String, ObjectNode> e : nodes.entrySet()) {
            ObjectNode n = e.getValue();
            List<String> d = deps.getOrDefault(e.getKey(), List.of());
            if (!d.isEmpty()) {
                ArrayNode on = n.putArray("depends_on");
                d.forEach(on::add);
            }
            nodeArray.add(n);
            kinds.merge(n.get("kind").asText(), 1, Integer::sum);
        }
        for (Map.Entry<String, ObjectNode> e : nodes.entrySet()) {
            for (String from : deps.getOrDefault(e.getKey(), List.of())) {
                edges.addObject().put("from", from).put("to", e.getKey()).put("edge_type", "data");
                edgeCount++;
            }
        }
        List<List<String>> layers = layers(new ArrayList<>(nodes.keySet()), deps);
        ArrayNode layerArray = out.putArray("execution_layers");
        layers.forEach(l -> {
            ArrayNode a = layerArray.addArray();
            l.forEach(a::add);
        });
        if (columnLineage) {
            ArrayNode lineage = out.putArray("column_lineage");
            if (read.isEmpty()) {
                read.add(project.models(fallbackRoot));
            }
            for (ModelSet models : read) {
                for (Model m : models.models()) {
                    for (OutputColumn c : models.columns().getOrDefault(m.name(), List.of())) {
                        for (ColumnRef ref : c.sources()) {
                            lineage.add(edge(ref, m.name(), c));
                        }
                    }
                }
            }
        }
        ObjectNode summary = out.putObject("summary");
        summary.put("total_nodes", nodes.size());
        summary.put("total_edges", edgeCount);
        summary.put("execution_layers", layers.size());
        ObjectNode counts = summary.putObject("counts_by_kind");
        kinds.forEach(counts::put);
        return out;
    }

    /**
     * A model two transformation pipelines claim (their models roots overlap). The engine's
     * {@code build_unified_dag} adds one node per pipeline and model, so the id repeats; its
     * validator calls that {@code duplicate node ID: '<id>'} (rocky-core unified_dag.rs,
     * {@code UnifiedDagError::DuplicateNodeId}), while {@code rocky dag} itself only trips over it when
     * it computes execution phases (a cycle error naming no node). The fake refuses it up front,
     * naming the model and both pipelines, so a test sees why.
     */
    private static ProjectException claimedTwice(String model, String first, String second) {
        return new ProjectException("duplicate node ID: 'transformation:" + model + "': model '" + model
                + "' is claimed by transformation pipelines '" + first + "' and '" + second + "'; narrow one pipeline's "
                + "models glob so each model belongs to one pipeline");
    }

    /** Adds the edge {@code from → to} once. */
    private static void edge(Map<String, List<String>> deps, String from, String to) {
        List<String> into = deps.computeIfAbsent(to, k -> new ArrayList<>());
        if (!into.contains(from)) {
            into.add(from);
        }
    }

    private ObjectNode transformationNode(String id, Model m, String pipeline) {
        ObjectNode n = node(id, "transformation", m.name(), pipeline);
        n.set("target", m.target());
        n.set("strategy", m.strategy());
        freshness(m).ifPresent(f -> n.set("freshness", f));
        if (m.strategyType().equals("time_interval") || m.strategyType().equals("microbatch")) {
            ObjectNode shape = n.putObject("partition_shape");
            shape.put("granularity", grainAdjective(m.strategy().path("granularity").asText()));
            JsonNode first = m.strategy().path("first_partition");
            if (first.isTextual()) {
                shape.put("first_partition", first.asText());
            } else {
                shape.putNull("first_partition");
            }
        }
        return n;
    }

    /**
     * The seeds, as the engine's {@code discover_seeds} (rocky-core {@code seeds.rs}) finds them:
     * {@code seeds/*.csv} and {@code *.tsv} beside the config, top level only, in file-name order,
     * each named by its {@code <stem>.toml} sidecar's {@code name} or its stem; the node's target,
     * as {@code dag.rs} fills it, is the sidecar's {@code target} catalog and schema (empty when
     * unset) and table (else the seed's name).
     */
    private List<ObjectNode> seedNodes() {
        Path seeds = project.configFile().getParent().resolve("seeds");
        if (!Files.isDirectory(seeds)) {
            return List.of();
        }
        List<Path> files;
        try (var s = Files.list(seeds)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".csv") || n.endsWith(".tsv");
            }).sorted(java.util.Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ObjectNode> out = new ArrayList<>(files.size());
        for (Path f : files) {
            String file = f.getFileName().toString();
            String stem = file.substring(0, file.lastIndexOf('.'));
            Path sidecar = seeds.resolve(stem + ".toml");
            JsonNode config = Files.isRegularFile(sidecar) ? RockyProject.readToml(sidecar) : F.objectNode();
            String name = config.path("name").asText(stem);
            ObjectNode n = node("seed:" + name, "seed", name, null);
            JsonNode target = config.path("target");
            n.putObject("target").put("catalog", target.path("catalog").asText("")).put("schema", target.path("schema").asText(""))
                    .put("table", target.path("table").asText(name));
            out.add(n);
        }
        return out;
    }

    private static ObjectNode node(String id, String kind, String label, String pipeline) {
        ObjectNode n = F.objectNode().put("id", id).put("kind", kind).put("label", label);
        if (pipeline != null) {
            n.put("pipeline", pipeline);
        }
        return n;
    }

    private static String grainAdjective(String grain) {
        return switch (grain) {
            case "hour" -> "hourly";
            case "day" -> "daily";
            case "month" -> "monthly";
            case "year" -> "yearly";
            default -> grain;
        };
    }

    private static List<List<String>> layers(List<String> ids, Map<String, List<String>> deps) {
        // the engine prints the node list with Rust's Debug format: ["a", "b"]
        return Layers.of(ids, deps, "circular dependency detected involving: [%s]", id -> "\"" + id + "\"");
    }

    // ---------------------------------------------------------------- compile

    /**
     * {@code rocky compile}.
     *
     * @param modelsDir {@code --models}
     * @param contractsDir {@code --contracts}, when given
     * @param only {@code --model}, when given
     * @return the payload (compile.schema.json); {@code has_errors} when a contract is broken
     * @throws ProjectException when {@code --model} names no model
     */
    public ObjectNode compile(String modelsDir, Optional<String> contractsDir, Optional<String> only) {
        ModelSet models = project.models(modelsDir);
        only.ifPresent(models::require);
        List<ObjectNode> diagnostics = new ArrayList<>();
        for (Model m : models.models()) {
            diagnostics.addAll(starDiagnostics(models, m));
        }
        if (contractsDir.isPresent()) {
            for (Model m : models.models()) {
                Path contract = project.dir().resolve(contractsDir.get()).resolve(m.name() + ".contract.toml");
                if (Files.isRegularFile(contract)) {
                    diagnostics.addAll(contractDiagnostics(m, models.columns().get(m.name()), RockyProject.readToml(contract)));
                }
            }
        }
        Map<String, Cost> costs = costs(models);
        ObjectNode out = header("compile");
        List<Model> inScope = models.models().stream().filter(m -> only.isEmpty() || m.name().equals(only.get())).toList();
        out.put("models", inScope.size());
        out.put("execution_layers", only.isEmpty() ? models.layers().size()
                : (int) models.layers().stream().filter(l -> l.contains(only.get())).count());
        ArrayNode diags = out.putArray("diagnostics");
        boolean errors = false;
        for (ObjectNode d : diagnostics) {
            if (only.isEmpty() || d.path("model").asText().equals(only.get())) {
                diags.add(d);
                errors |= d.path("severity").asText().equals("Error");
            }
        }
        out.put("has_errors", errors);
        ObjectNode timings = out.putObject("compile_timings");
        for (String t : List.of("project_load_ms", "semantic_graph_ms", "typecheck_ms", "typecheck_join_keys_ms", "contracts_ms", "total_ms")) {
            timings.put(t, 0);
        }
        ArrayNode detail = out.putArray("models_detail");
        for (Model m : inScope) {
            ObjectNode d = detail.addObject();
            d.put("name", m.name());
            d.set("strategy", m.strategy());
            d.set("target", m.target());
            List<String> declared = m.declaredDependsOn();
            if (!declared.isEmpty()) {
                ArrayNode a = d.putArray("depends_on");
                declared.forEach(a::add);
            }
            freshness(m).ifPresent(f -> d.set("freshness", f));
            if (!m.tags().isEmpty()) {
                ObjectNode tags = d.putObject("tags");
                m.tags().forEach(tags::put);
            }
            incrementalityHint(m, models.columns().get(m.name())).ifPresent(h -> d.set("incrementality_hint", h));
            Cost c = costs.get(m.name());
            if (c != null) {
                d.putObject("cost_hint").put("estimated_rows", c.rows).put("estimated_bytes", c.bytes)
                        .put("estimated_cost_usd", c.usd).put("confidence", c.confidence);
            }
        }
        return out;
    }

    /** The model's {@code [freshness]}, else the project's {@code [freshness]} (the last rung of the engine's chain). */
    private Optional<ObjectNode> freshness(Model m) {
        return m.freshness().or(() -> RockyProject.freshnessOf(project.config().path("freshness")));
    }

    private List<ObjectNode> starDiagnostics(ModelSet models, Model m) {
        if (!m.query().star()) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>();
        String file = m.file();
        out.add(diagnostic("Info", "I001", "SELECT * used \u2014 consider explicit column list for stability", m.name(), null)
                .set("span", span(file)));
        Map<String, List<String>> consumers = new LinkedHashMap<>();
        for (OutputColumn c : models.columns().getOrDefault(m.name(), List.of())) {
            for (String down : models.downstream(m.name())) {
                boolean reads = models.columns().getOrDefault(down, List.of()).stream()
                        .anyMatch(dc -> !dc.fromStar() && dc.sources().contains(new ColumnRef(m.name(), c.name())));
                if (reads) {
                    consumers.computeIfAbsent(down, k -> new ArrayList<>()).add(c.name());
                }
            }
        }
        if (!consumers.isEmpty()) {
            List<String> parts = new ArrayList<>();
            consumers.forEach((down, cols) -> {
                String preview = String.join(", ", cols.subList(0, Math.min(3, cols.size())));
                if (cols.size() > 3) {
                    preview += ", +" + (cols.size() - 3) + " more";
                }
                parts.add("`" + down + "` (" + preview + ")");
            });
            String message = "SELECT * silently propagates upstream schema changes to " + consumers.size() + " downstream "
                    + (consumers.size() == 1 ? "consumer" : "consumers") + ": " + String.join(", ", parts);
            ObjectNode d = diagnostic("Warning", "P002", message, m.name(),
                    "replace SELECT * with an explicit column list to make schema dependencies visible");
            d.set("span", span(file));
            out.add(d);
        }
        return out;
    }

    private static ObjectNode span(String file) {
        return F.objectNode().put("file", file.startsWith("./") ? file.substring(2) : file).put("line", 1).put("col", 1);
    }

    private static List<ObjectNode> contractDiagnostics(Model m, List<OutputColumn> columns, JsonNode contract) {
        Set<String> present = new LinkedHashSet<>();
        columns.forEach(c -> present.add(c.name()));
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : contract.path("rules").path("required")) {
            String c = r.asText();
            if (!present.contains(c)) {
                out.add(diagnostic("Error", "E010", "required column '" + c + "' missing from model output", m.name(),
                        "add `" + c + "` to the SELECT, or remove it from `[rules] required`"));
            }
        }
        for (JsonNode col : contract.path("columns")) {
            String c = col.path("name").asText();
            if (present.contains(c) && !col.path("nullable").asBoolean(true)) {
                out.add(diagnostic("Error", "E012", "column '" + c + "' must be non-nullable per contract, but is nullable", m.name(),
                        "filter out NULLs (e.g. `WHERE " + c + " IS NOT NULL`) or COALESCE `" + c
                                + "` to a default, or relax `nullable = true` in the contract"));
            }
        }
        for (JsonNode r : contract.path("rules").path("protected")) {
            String c = r.asText();
            if (!present.contains(c)) {
                out.add(diagnostic("Error", "E013", "protected column '" + c + "' has been removed", m.name(),
                        "restore `" + c + "` in the SELECT, or remove it from `[rules] protected`"));
            }
        }
        return out;
    }

    private static ObjectNode diagnostic(String severity, String code, String message, String model, String suggestion) {
        ObjectNode d = F.objectNode().put("severity", severity).put("code", code).put("message", message);
        d.putNull("span");
        d.put("model", model);
        if (suggestion == null) {
            d.putNull("suggestion");
        } else {
            d.put("suggestion", suggestion);
        }
        return d;
    }

    private static Optional<ObjectNode> incrementalityHint(Model m, List<OutputColumn> columns) {
        if (!m.strategyType().equals("full_refresh")) {
            return Optional.empty();
        }
        String best = null;
        int bestScore = 0;
        int bestPriority = Integer.MAX_VALUE;
        List<String> bestSignals = List.of();
        for (OutputColumn c : columns) {
            String col = c.name().toLowerCase(Locale.ROOT);
            int score = 0;
            List<String> signals = new ArrayList<>();
            namePattern(col).ifPresent(s -> signals.add(s));
            if (!signals.isEmpty()) {
                score += 2;
            }
            Optional<String> context = sqlContext(col, m.query().lowerText());
            if (context.isPresent()) {
                score += 1;
                signals.add(context.get());
            }
            int priority = wellKnownPriority(col);
            if (score > 0 && (score > bestScore || score == bestScore && priority < bestPriority)) {
                best = c.name();
                bestScore = score;
                bestPriority = priority;
                bestSignals = signals;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        ObjectNode hint = F.objectNode().put("is_candidate", true).put("recommended_column", best)
                .put("confidence", bestScore >= 4 ? "high" : bestScore >= 2 ? "medium" : "low");
        ArrayNode s = hint.putArray("signals");
        bestSignals.forEach(s::add);
        return Optional.of(hint);
    }

    private static Optional<String> namePattern(String col) {
        if (TIMESTAMP_EXACT.contains(col)) {
            return Optional.of("column name '" + col + "' is a well-known monotonic column");
        }
        for (String suffix : TIMESTAMP_SUFFIXES) {
            if (col.endsWith(suffix)) {
                return Optional.of("column name '" + col + "' ends with '" + suffix + "' (timestamp pattern)");
            }
        }
        if (col.equals("id") || col.endsWith("_id")) {
            return Optional.of("column name '" + col + "' matches auto-increment ID pattern");
        }
        return Optional.empty();
    }

    private static Optional<String> sqlContext(String col, String sql) {
        if (sql.contains("order by " + col) || sql.contains("order by\n" + col)) {
            return Optional.of("column '" + col + "' appears in ORDER BY (suggests monotonic ordering)");
        }
        for (String p : List.of(col + " >", col + " <", "> " + col, "< " + col, ">= " + col, "<= " + col)) {
            if (sql.contains(p)) {
                return Optional.of("column '" + col + "' used with comparison operator in SQL (suggests range filtering)");
            }
        }
        return Optional.empty();
    }

    private static int wellKnownPriority(String col) {
        return switch (col) {
            case "_fivetran_synced" -> 0;
            case "updated_at" -> 1;
            case "modified_at" -> 2;
            case "created_at" -> 3;
            case "inserted_at" -> 4;
            case "loaded_at", "ingested_at", "synced_at" -> 5;
            case "event_time", "event_timestamp" -> 6;
            default -> col.endsWith("_at") || col.endsWith("_timestamp") ? 7
                    : col.endsWith("_date") || col.endsWith("_synced") ? 8 : 10;
        };
    }

    private record Cost(long rows, long bytes, double usd, String confidence) {
    }

    private static Map<String, Cost> costs(ModelSet models) {
        Map<String, Cost> out = new LinkedHashMap<>();
        for (List<String> layer : models.layers()) {
            for (String name : layer) {
                List<String> deps = models.dependsOn().getOrDefault(name, List.of()).stream().filter(out::containsKey).toList();
                boolean leaf = models.dependsOn().getOrDefault(name, List.of()).isEmpty();
                if (leaf) {
                    long rows = 10_000;
                    long bytes = rows * 256;
                    out.put(name, new Cost(rows, bytes, rows * ROW_SCAN_USD + bytes * BYTE_IO_USD, "high"));
                } else if (deps.isEmpty()) {
                    out.put(name, new Cost(0, 0, 0.0, "low"));
                } else {
                    long rows = 0;
                    long bytes = 0;
                    double usd = 0.0;
                    String confidence = "high";
                    for (String d : deps) {
                        Cost c = out.get(d);
                        rows += c.rows;
                        bytes += c.bytes;
                        usd += c.usd;
                        confidence = minConfidence(confidence, c.confidence);
                    }
                    out.put(name, new Cost(Math.round(rows * 0.8), Math.round(bytes * 0.8), usd + rows * ROW_COMPUTE_USD,
                            minConfidence(confidence, "medium")));
                }
            }
        }
        return out;
    }

    private static String minConfidence(String a, String b) {
        if (a.equals("low") || b.equals("low")) {
            return "low";
        }
        return a.equals("medium") || b.equals("medium") ? "medium" : "high";
    }

    // ---------------------------------------------------------------- compliance, retention

    /**
     * {@code rocky compliance}.
     *
     * @param modelsDir {@code --models}
     * @param env {@code --env}, when given: evaluate that environment only
     * @param exceptionsOnly {@code --exceptions-only}
     * @return the payload (compliance.schema.json)
     */
    public ObjectNode compliance(String modelsDir, Optional<String> env, boolean exceptionsOnly) {
        ModelSet models = project.models(modelsDir);
        Map<String, Map<String, String>> masks = project.masks();
        List<String> envs = env.map(List::of).orElseGet(() -> List.copyOf(masks.keySet()));
        Set<String> allow = new LinkedHashSet<>(project.allowUnmasked());
        ObjectNode out = header("compliance");
        ArrayNode perColumn = out.putArray("per_column");
        ArrayNode exceptions = out.putArray("exceptions");
        int classified = 0;
        int masked = 0;
        List<Model> sorted = new ArrayList<>(models.models());
        sorted.sort((x, y) -> x.name().compareTo(y.name()));
        for (Model m : sorted) {
            for (Map.Entry<String, String> c : m.classification().entrySet()) {
                ObjectNode row = F.objectNode().put("model", m.name()).put("column", c.getKey()).put("classification", c.getValue());
                ArrayNode envArray = row.putArray("envs");
                boolean anyException = false;
                for (String e : envs) {
                    String strategy = masks.getOrDefault(e, Map.of()).get(c.getValue());
                    if (strategy == null && !e.equals("default")) {
                        strategy = masks.get("default").get(c.getValue());
                    }
                    String resolved = strategy == null ? "unresolved" : strategy;
                    envArray.addObject().put("env", e).put("masking_strategy", resolved).put("enforced", strategy != null);
                    classified++;
                    if (strategy != null) {
                        masked++;
                    } else if (!allow.contains(c.getValue())) {
                        anyException = true;
                        exceptions.addObject().put("model", m.name()).put("column", c.getKey()).put("env", e)
                                .put("reason", "no masking strategy resolves for classification tag '" + c.getValue() + "'");
                    }
                }
                if (!exceptionsOnly || anyException) {
                    perColumn.add(row);
                }
            }
        }
        out.putObject("summary").put("total_classified", classified).put("total_masked", masked)
                .put("total_exceptions", exceptions.size());
        return out;
    }

    /**
     * {@code rocky retention-status}.
     *
     * @param modelsDir {@code --models}
     * @param only {@code --model}, when given
     * @param drift {@code --drift}: report only the models that declare a retention
     * @return the payload (retention_status.schema.json)
     * @throws ProjectException when {@code --model} names no model, or a retention value is malformed
     */
    public ObjectNode retentionStatus(String modelsDir, Optional<String> only, boolean drift) {
        ModelSet models = project.models(modelsDir);
        only.ifPresent(models::require);
        ObjectNode out = header("retention-status");
        ArrayNode rows = out.putArray("models");
        List<Model> sorted = new ArrayList<>(models.models());
        sorted.sort((x, y) -> x.name().compareTo(y.name()));
        for (Model m : sorted) {
            if (only.isPresent() && !m.name().equals(only.get())) {
                continue;
            }
            Optional<Long> configured = m.retentionDays();
            if (drift && configured.isEmpty()) {
                continue;
            }
            Long warehouse = warehouseRetentionDays.containsKey(m.name()) ? warehouseRetentionDays.get(m.name()) : configured.orElse(null);
            ObjectNode r = rows.addObject().put("model", m.name());
            if (configured.isPresent()) {
                r.put("configured_days", configured.get());
            } else {
                r.putNull("configured_days");
            }
            if (warehouse == null) {
                r.putNull("warehouse_days");
            } else {
                r.put("warehouse_days", warehouse);
            }
            r.put("in_sync", Objects.equals(configured.orElse(null), warehouse));
        }
        if (rows.isEmpty()) {
            out.put("message", only.map(n -> "model '" + n + "' declares no retention policy")
                    .orElse("no model declares a retention policy"));
        }
        return out;
    }

    // ---------------------------------------------------------------- run, plan, apply

    /**
     * What a {@code run} or {@code plan} selects.
     *
     * @param filter {@code --filter k=v}, when given
     * @param pipeline {@code --pipeline}, when given
     * @param modelsDir {@code --models}, when given (models run only then)
     * @param model {@code --model}, when given
     * @param from {@code --from}, the first partition key of a backfill, when given
     * @param to {@code --to}, the last partition key of a backfill (inclusive), when given
     * @param partition {@code --partition}, a single partition key, when given
     */
    public record RunSelection(Optional<String> filter, Optional<String> pipeline, Optional<String> modelsDir, Optional<String> model,
            Optional<String> from, Optional<String> to, Optional<String> partition) {

        static RunSelection from(Args a) {
            return new RunSelection(a.option("--filter"), a.option("--pipeline"), a.option("--models"), a.option("--model"),
                    a.option("--from"), a.option("--to"), a.option("--partition"));
        }

        /**
         * @param filter {@code k=v}
         * @return a selection of the replication tables the filter matches, no models
         */
        public static RunSelection ofFilter(String filter) {
            return new RunSelection(Optional.of(filter), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
    }

    /**
     * {@code rocky run}: a successful run of what the selection names. Replication tables come from
     * the same sources {@code discover} reports; models (with {@code --models}, or with
     * {@code --pipeline} naming a transformation pipeline, which runs that pipeline's
     * {@code models} directory and no replication) run in layer order, one materialization per
     * partition for {@code time_interval} models.
     *
     * @param selection what to run
     * @return the payload (run.schema.json), status {@code Success}
     * @throws ProjectException when the filter is malformed or the partition flags are inconsistent
     */
    public ObjectNode run(RunSelection selection) {
        String now = now();
        ObjectNode out = header("run");
        out.put("status", "Success");
        // As rocky-cli run.rs: --model is a model-only run whatever the pipeline; otherwise the pipeline is resolved
        // (registry.rs resolve_pipeline: the named one, else the only one) and its type picks the path.
        Optional<Pipeline> resolved = selection.model().isPresent()
                ? selection.pipeline().flatMap(n -> project.pipelines().stream().filter(p -> p.name().equals(n)).findFirst())
                : Optional.of(project.resolvePipeline(selection.pipeline()));
        resolved.filter(p -> selection.model().isEmpty() && (p.type().equals("quality") || p.type().equals("snapshot")))
                .ifPresent(p -> {
                    throw new ProjectException("the fake does not answer `rocky run` of a " + p.type() + " pipeline ('" + p.name()
                            + "'): its output is not recorded; rocky-java never runs one");
                });
        boolean transformationOnly = selection.model().isPresent() || !resolved.get().isReplication();
        Optional<String> modelsDir = selection.modelsDir().or(() -> resolved.filter(p -> p.type().equals("transformation"))
                .map(ProjectAnswers::modelsRoot)).or(() -> selection.model().map(m -> "models"));
        out.put("pipeline_type", transformationOnly ? "transformation" : "replication");
        out.put("filter", selection.filter().orElse(""));
        out.put("duration_ms", 0);
        ArrayNode mats = F.arrayNode();
        ArrayNode partitionSummaries = F.arrayNode();
        int tables = 0;
        Set<String> schemas = new LinkedHashSet<>();
        Pipeline pipeline = null;
        if (!transformationOnly) {
            pipeline = resolved.get();
            for (Source s : selectedSources(pipeline, selection.filter())) {
                String catalog = pipeline.fill(pipeline.node().path("target").path("catalog_template").asText(""), s.components);
                String schema = pipeline.fill(pipeline.node().path("target").path("schema_template").asText(""), s.components);
                schemas.add(catalog + "." + schema);
                for (SeedTable t : s.tables) {
                    ObjectNode m = mats.addObject();
                    ArrayNode key = m.putArray("asset_key").add(pipeline.sourceType());
                    s.components.values().forEach(v -> {
                        if (v instanceof List<?> l) {
                            l.forEach(x -> key.add(x.toString()));
                        } else {
                            key.add(v.toString());
                        }
                    });
                    key.add(t.name());
                    m.putNull("rows_copied");
                    m.put("duration_ms", 0);
                    m.put("started_at", now);
                    ObjectNode meta = m.putObject("metadata").put("strategy", pipeline.strategy());
                    meta.put("watermark", now);
                    meta.put("target_table_full_name", catalog + "." + schema + "." + t.name());
                    m.put("cost_usd", 0.0);
                    tables++;
                }
            }
        }
        if (modelsDir.isPresent()) {
            ModelSet models = project.models(modelsDir.get());
            for (Model m : modelsInOrder(models, selection.model())) {
                List<String> keys = partitionKeys(m, selection);
                int planned = 0;
                for (String k : keys.isEmpty() ? List.of("") : keys) {
                    ObjectNode mat = mats.addObject();
                    ObjectNode target = m.target();
                    mat.putArray("asset_key").add(target.get("catalog").asText()).add(target.get("schema").asText())
                            .add(target.get("table").asText());
                    mat.putNull("rows_copied");
                    mat.put("duration_ms", 0);
                    mat.put("started_at", now);
                    String full = target.get("catalog").asText() + "." + target.get("schema").asText() + "." + target.get("table").asText();
                    mat.putObject("metadata").put("strategy", m.strategyType()).put("target_table_full_name", full)
                            .put("sql_hash", sha256(m.file() + "\n" + k).substring(0, 16))
                            .put("column_count", models.columns().getOrDefault(m.name(), List.of()).size()).put("compile_time_ms", 0);
                    if (!k.isEmpty()) {
                        String[] window = window(k, m.strategy().path("granularity").asText("day"));
                        mat.putObject("partition").put("key", k).put("start", window[0]).put("end", window[1]);
                        planned++;
                    }
                    mat.put("cost_usd", 0.0);
                }
                if (planned > 0) {
                    partitionSummaries.addObject().put("model", m.name()).put("partitions_planned", planned)
                            .put("partitions_succeeded", planned).put("partitions_failed", 0);
                }
            }
        }
        out.put("tables_copied", tables);
        out.put("tables_failed", 0);
        out.set("materializations", mats);
        out.putArray("check_results");
        ObjectNode execution = out.putObject("execution");
        Optional<Integer> concurrency = Optional.ofNullable(pipeline).or(() -> project.pipelines().stream().findFirst())
                .flatMap(Pipeline::concurrency);
        execution.put("concurrency", concurrency.orElse(32)).put("tables_processed", tables).put("tables_failed", 0);
        if (concurrency.isEmpty()) {
            execution.put("adaptive_concurrency", true).put("final_concurrency", 32).put("rate_limits_detected", 0);
        }
        ObjectNode metrics = out.putObject("metrics").put("tables_processed", tables).put("tables_failed", 0).put("error_rate_pct", 0.0);
        for (String k : List.of("statements_executed", "retries_attempted", "retries_succeeded", "anomalies_detected",
                "table_duration_p50_ms", "table_duration_p95_ms", "table_duration_max_ms", "query_duration_p50_ms",
                "query_duration_p95_ms", "query_duration_max_ms")) {
            metrics.put(k, 0);
        }
        out.putObject("permissions").put("grants_added", 0).put("grants_revoked", 0).put("catalogs_created", 0)
                .put("schemas_created", pipeline != null && pipeline.autoCreateSchemas() ? schemas.size() : 0);
        out.putObject("drift").put("tables_checked", tables).put("tables_drifted", 0).putArray("actions_taken");
        if (!partitionSummaries.isEmpty()) {
            out.set("partition_summaries", partitionSummaries);
        }
        out.put("interrupted", false);
        ObjectNode cost = out.putObject("cost_summary").put("total_cost_usd", 0.0).put("total_duration_ms", 0);
        ArrayNode perModel = cost.putArray("per_model");
        mats.forEach(m -> perModel.addObject().<ObjectNode>set("asset_key", m.get("asset_key").deepCopy()).put("duration_ms", 0).put("cost_usd", 0.0));
        cost.put("adapter_type", project.adapterTypes().values().stream().findFirst().orElse(""));
        return out;
    }

    // ---------------------------------------------------------------- load pipelines

    /** The file formats {@code rocky load} discovers by extension (rocky-adapter-sdk {@code FileFormat}). */
    private static final Set<String> LOADABLE = Set.of("csv", "parquet", "jsonl");

    /**
     * The {@code load} pipeline a {@code rocky run} names, or the project's only pipeline when none
     * is named and that one is a load pipeline: rocky-cli run.rs hands such a run to
     * {@code rocky load} (its {@code PipelineConfig::Load} arm).
     */
    private Optional<Pipeline> loadPipeline(Optional<String> name) {
        List<Pipeline> all = project.pipelines();
        Optional<Pipeline> chosen = name.isPresent() ? all.stream().filter(p -> p.name().equals(name.get())).findFirst()
                : all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
        return chosen.filter(p -> p.type().equals("load"));
    }

    /** {@code rocky load}'s pipeline (registry.rs {@code resolve_pipeline}: named, or the only one). */
    private Pipeline loadCommandPipeline(Optional<String> name) {
        List<Pipeline> all = project.pipelines();
        if (name.isPresent()) {
            return all.stream().filter(p -> p.name().equals(name.get())).findFirst()
                    .orElseThrow(() -> new ProjectException("failed to resolve pipeline for load: pipeline '" + name.get()
                            + "' not found in config"));
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        throw new ProjectException(all.isEmpty() ? "failed to resolve pipeline for load: no pipelines defined in config"
                : "failed to resolve pipeline for load: multiple pipelines defined (" + String.join(", ",
                        all.stream().map(Pipeline::name).toList()) + "). Use --pipeline <name> to select one.");
    }

    /** Exit 1 with the document when a file failed, as {@code run_load} bails after printing it. */
    private static Answer loadAnswer(ObjectNode out) {
        int failed = out.path("files_failed").asInt();
        return failed > 0 ? Answer.jsonWithExit(out, 1, "Error: " + failed + " file(s) failed to load") : Answer.json(out);
    }

    /**
     * {@code rocky load} (and {@code rocky run --pipeline <load pipeline>}), as rocky-cli load.rs:
     * the files of {@code source_dir} (beside {@code rocky.toml}, not recursive, sorted) whose
     * extension is {@code csv}, {@code parquet} or {@code jsonl} (only the pipeline's
     * {@code format} when it sets one) each load into {@code catalog.schema.table} (schema
     * {@code main} by default, table the pipeline's {@code target.table} or the file's stem). The
     * document has no published schema; its fields are the engine's {@code LoadOutput}
     * (output.rs). Rows are what the fake can count: a CSV's records after its header, a JSONL
     * file's non-blank lines, and none for Parquet, which the fake does not read. A CSV record
     * whose field count differs from its header's fails that file (the fake's wording, labelled
     * synthetic; the engine's depends on its loader).
     *
     * @param p the load pipeline
     * @param sourceDir {@code --source-dir}, overriding the pipeline's
     * @return the payload ({@code LoadOutput})
     * @throws ProjectException as load.rs: the pipeline is not a load pipeline and no directory is
     *     given, or the directory does not exist
     */
    public ObjectNode load(Pipeline p, Optional<String> sourceDir) {
        boolean isLoad = p.type().equals("load");
        if (sourceDir.isEmpty() && !isLoad) {
            throw new ProjectException("no --source-dir provided and the pipeline is not type = \"load\"; either pass "
                    + "--source-dir or configure a load pipeline in rocky.toml");
        }
        JsonNode cfg = p.node();
        Path dir = sourceDir.map(java.nio.file.Paths::get).orElseGet(() -> project.dir().resolve(cfg.path("source_dir").asText()));
        if (!Files.isDirectory(dir)) {
            throw new ProjectException("source directory does not exist: " + dir);
        }
        Optional<String> format = isLoad ? Optional.ofNullable(cfg.path("format").textValue()).map(ProjectAnswers::loadExtension)
                : Optional.empty();
        String catalog = isLoad ? cfg.path("target").path("catalog").asText("") : "";
        String schema = isLoad ? cfg.path("target").path("schema").asText("main") : "main";
        Optional<String> table = isLoad ? Optional.ofNullable(cfg.path("target").path("table").textValue()) : Optional.empty();
        boolean header = cfg.path("options").path("csv_has_header").asBoolean(true);
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).filter(f -> {
                String ext = extension(f);
                return format.map(ext::equalsIgnoreCase).orElse(LOADABLE.contains(ext.toLowerCase(java.util.Locale.ROOT)));
            }).sorted().toList();
        } catch (java.io.IOException e) {
            throw new ProjectException("failed to read source directory " + dir + ": " + e.getMessage());
        }
        ObjectNode out = header("load");
        out.put("source_dir", dir.toString());
        out.put("format", "auto");
        int loaded = 0;
        int failed = 0;
        long rows = 0;
        long bytes = 0;
        ArrayNode results = F.arrayNode();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            String tableName = table.orElse(stem);
            ObjectNode r = results.addObject().put("file", f.toString())
                    .put("target", (catalog.isEmpty() ? "" : catalog + ".") + schema + "." + tableName);
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                text = null;
            }
            long size = f.toFile().length();
            Optional<String> error = Optional.empty();
            long n = 0;
            String ext = extension(f).toLowerCase(java.util.Locale.ROOT);
            if (ext.equals("csv") && text != null) {
                List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
                int width = lines.isEmpty() ? 0 : lines.get(0).split(",", -1).length;
                for (int i = header ? 1 : 0; i < lines.size() && error.isEmpty(); i++) {
                    int fields = lines.get(i).split(",", -1).length;
                    if (fields != width) {
                        error = Optional.of("CSV record " + (i + 1) + " has " + fields + " fields, but the first has " + width
                                + " (the fake's wording)");
                    }
                }
                n = Math.max(0, lines.size() - (header ? 1 : 0));
            } else if (ext.equals("jsonl") && text != null) {
                n = text.lines().filter(l -> !l.isBlank()).count();
            }
            if (error.isPresent()) {
                r.put("rows_loaded", 0).put("bytes_read", 0).put("duration_ms", 0).put("error", error.get());
                failed++;
            } else {
                r.put("rows_loaded", n).put("bytes_read", size).put("duration_ms", 0);
                loaded++;
                rows += n;
                bytes += size;
            }
        }
        out.put("files_loaded", loaded);
        out.put("files_failed", failed);
        out.put("total_rows", rows);
        out.put("total_bytes", bytes);
        out.set("files", results);
        out.put("duration_ms", 0);
        return out;
    }

    /** A load pipeline's {@code format} (csv, parquet, json_lines) as the extension it filters on. */
    private static String loadExtension(String format) {
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "json_lines", "jsonlines", "jsonl", "ndjson" -> "jsonl";
            default -> format.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String extension(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    /**
     * {@code rocky plan}: the statements a run of the selection would execute. With {@code persist},
     * the plan is written to {@code .rocky/plans/<plan_id>.json} in the project, as rocky does, so
     * {@link #apply} can find it.
     *
     * @param selection what to plan
     * @param persist whether to write the plan file
     * @return the payload (plan.schema.json)
     */
    public ObjectNode plan(RunSelection selection, boolean persist) {
        ObjectNode out = header("plan");
        out.put("filter", selection.filter().orElse(""));
        ArrayNode statements = out.putArray("statements");
        // rocky-cli plan.rs plans a replication pipeline only (registry.rs resolve_replication_pipeline), --model or not
        Pipeline p = project.commandPipeline(selection.pipeline());
        {
            Set<String> created = new LinkedHashSet<>();
            for (Source s : selectedSources(p, selection.filter())) {
                String schema = p.fill(p.node().path("target").path("schema_template").asText(""), s.components);
                if (p.autoCreateSchemas() && created.add(schema)) {
                    statements.addObject().put("purpose", "create_schema").put("target", schema)
                            .put("sql", "CREATE SCHEMA IF NOT EXISTS " + schema);
                }
                for (SeedTable t : s.tables) {
                    String target = schema + "." + t.name();
                    String source = s.schema + "." + t.name();
                    boolean incremental = p.strategy().equals("incremental");
                    String column = p.node().path("timestamp_column").asText("_updated_at");
                    statements.addObject().put("purpose", incremental ? "incremental_copy" : "full_refresh_copy").put("target", target)
                            .put("sql", incremental
                                    ? "INSERT INTO " + target + "\nSELECT *\nFROM " + source + "\nWHERE " + column
                                            + " > (SELECT COALESCE(MAX(" + column + "), TIMESTAMP '1970-01-01') FROM " + target + ")"
                                    : "CREATE OR REPLACE TABLE " + target + " AS\nSELECT *\nFROM " + source);
                }
            }
        }
        StringBuilder digest = new StringBuilder(out.get("filter").asText());
        statements.forEach(s -> digest.append('\n').append(s.get("sql").asText()));
        // the selection flags a plan's statements do not show, so two plans of one filter keep apart
        for (Optional<String> extra : List.of(selection.pipeline(), selection.modelsDir(), selection.model(), selection.partition(),
                selection.from(), selection.to())) {
            extra.ifPresent(x -> digest.append('\n').append(x));
        }
        String planId = sha256(digest.toString());
        out.put("plan_id", planId);
        out.put("plan_kind", "run");
        out.put("created_at", now());
        ModelSet models = project.models(selection.modelsDir().orElse("models"));
        ArrayNode names = out.putArray("models");
        models.models().forEach(m -> names.add(m.name()));
        ArrayNode layers = out.putArray("execution_layers");
        models.layers().forEach(l -> {
            ArrayNode a = layers.addArray();
            l.forEach(a::add);
        });
        if (persist) {
            persistPlan(out, selection);
        }
        return out;
    }

    /**
     * Persists a replayed (recorded) plan the way rocky persists every plan it prints, so a later
     * {@code apply <plan_id>} finds it.
     *
     * @param planJson the plan payload that was printed
     * @param args the {@code plan} argv after the global options
     * @throws ProjectException when the plan has no {@code plan_id} or cannot be written
     */
    public void persistRecordedPlan(byte[] planJson, List<String> args) {
        try {
            JsonNode plan = JSON.readTree(planJson);
            if (plan instanceof ObjectNode o && o.hasNonNull("plan_id")) {
                persistPlan(o, RunSelection.from(Args.parse(args)));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ProjectException("cannot persist the recorded plan: " + e.getMessage(), e);
        }
    }

    private void persistPlan(ObjectNode out, RunSelection selection) {
        String planId = out.get("plan_id").asText();
        Path file = project.dir().resolve(".rocky").resolve("plans").resolve(planId + ".json");
        ObjectNode stored = out.deepCopy();
        stored.putObject("selection").put("filter", selection.filter().orElse(""))
                .put("pipeline", selection.pipeline().orElse("")).put("models", selection.modelsDir().orElse(""))
                .put("model", selection.model().orElse("")).put("from", selection.from().orElse(""))
                .put("to", selection.to().orElse("")).put("partition", selection.partition().orElse(""));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, JSON.writeValueAsBytes(stored));
        } catch (IOException e) {
            throw new ProjectException("cannot persist the plan to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code rocky apply <plan_id>}: runs a plan {@code plan} persisted, printing a run payload.
     *
     * @param planId the 64-hex-digit plan id
     * @return the payload (run.schema.json, {@code command: "run"})
     * @throws ProjectException when no such plan was persisted in this project
     */
    public ObjectNode apply(String planId) {
        Path file = project.dir().resolve(".rocky").resolve("plans").resolve(planId + ".json");
        if (!planId.matches("[0-9a-f]{64}") || !Files.isRegularFile(file)) {
            throw new ProjectException("plan '" + planId + "' not found in .rocky/plans; run `rocky plan` first");
        }
        try {
            JsonNode stored = JSON.readTree(file.toFile());
            JsonNode sel = stored.path("selection");
            return run(new RunSelection(stored(sel, "filter"), stored(sel, "pipeline"), stored(sel, "models"), stored(sel, "model"),
                    stored(sel, "from"), stored(sel, "to"), stored(sel, "partition")));
        } catch (IOException e) {
            throw new ProjectException("cannot read the plan " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> stored(JsonNode selection, String field) {
        String v = selection.path(field).asText("");
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private List<Source> selectedSources(Pipeline p, Optional<String> filter) {
        List<Source> all = sources(p);
        if (filter.isEmpty()) {
            return all;
        }
        String f = filter.get();
        int eq = f.indexOf('=');
        if (eq <= 0 || eq == f.length() - 1 || f.indexOf('=', eq + 1) >= 0) {
            throw new IllegalArgumentException("invalid --filter '" + f + "': expected exactly one key=value pair");
        }
        String key = f.substring(0, eq);
        String value = f.substring(eq + 1);
        if (!key.equals("id") && !p.components().stream().map(c -> c.endsWith("...") ? c.substring(0, c.length() - 3) : c).toList().contains(key)) {
            throw new IllegalArgumentException("invalid --filter key '" + key + "': expected id or one of the schema pattern components "
                    + p.components());
        }
        return all.stream().filter(s -> key.equals("id") ? s.schema.equals(value) : matches(s.components.get(key), value)).toList();
    }

    private static boolean matches(Object component, String value) {
        return component instanceof List<?> l ? l.contains(value) : value.equals(String.valueOf(component));
    }

    private static List<Model> modelsInOrder(ModelSet models, Optional<String> only) {
        only.ifPresent(models::require);
        Map<String, Model> byName = new LinkedHashMap<>();
        models.models().forEach(m -> byName.put(m.name(), m));
        List<Model> out = new ArrayList<>();
        for (List<String> layer : models.layers()) {
            for (String n : layer) {
                if (only.isEmpty() || only.get().equals(n)) {
                    out.add(byName.get(n));
                }
            }
        }
        return out;
    }

    private static List<String> partitionKeys(Model m, RunSelection s) {
        if (!m.strategyType().equals("time_interval") && !m.strategyType().equals("microbatch")) {
            return List.of();
        }
        String grain = m.strategy().path("granularity").asText("day");
        if (s.partition().isPresent()) {
            window(s.partition().get(), grain);
            return List.of(s.partition().get());
        }
        if (s.from().isPresent() != s.to().isPresent()) {
            throw new IllegalArgumentException("--from and --to must be given together");
        }
        if (s.from().isEmpty()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        LocalDateTime at = start(s.from().get(), grain);
        LocalDateTime end = start(s.to().get(), grain);
        if (end.isBefore(at)) {
            throw new IllegalArgumentException("--from " + s.from().get() + " is after --to " + s.to().get());
        }
        while (!at.isAfter(end)) {
            keys.add(key(at, grain));
            at = next(at, grain);
        }
        return keys;
    }

    private static String[] window(String key, String grain) {
        LocalDateTime start = start(key, grain);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
        return new String[] {start.format(f), next(start, grain).format(f)};
    }

    private static LocalDateTime start(String key, String grain) {
        try {
            return switch (grain) {
                case "hour" -> LocalDateTime.parse(key + ":00:00");
                case "month" -> LocalDate.parse(key + "-01").atStartOfDay();
                case "year" -> LocalDate.parse(key + "-01-01").atStartOfDay();
                default -> LocalDate.parse(key).atStartOfDay();
            };
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid partition key '" + key + "' for " + grain + " granularity", e);
        }
    }

    private static LocalDateTime next(LocalDateTime t, String grain) {
        return switch (grain) {
            case "hour" -> t.plus(1, ChronoUnit.HOURS);
            case "month" -> t.plusMonths(1);
            case "year" -> t.plusYears(1);
            default -> t.plusDays(1);
        };
    }

    private static String key(LocalDateTime t, String grain) {
        return switch (grain) {
            case "hour" -> t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH"));
            case "month" -> t.format(DateTimeFormatter.ofPattern("yyyy-MM"));
            case "year" -> t.format(DateTimeFormatter.ofPattern("yyyy"));
            default -> t.toLocalDate().toString();
        };
    }

    // ---------------------------------------------------------------- lineage, optimize

    /**
     * {@code rocky lineage <model>}: the model's columns, its upstream and downstream models, the
     * column edges into it, and the nodes involved.
     *
     * @param modelsDir {@code --models}
     * @param model the model
     * @return the payload (lineage.schema.json)
     * @throws ProjectException when the model does not exist
     */
    public ObjectNode lineage(String modelsDir, String model) {
        ModelSet models = project.models(modelsDir);
        Model m = models.require(model);
        ObjectNode out = header("lineage");
        out.put("model", m.name());
        ArrayNode columns = out.putArray("columns");
        List<OutputColumn> cols = models.columns().getOrDefault(m.name(), List.of());
        cols.forEach(c -> columns.addObject().put("name", c.name()));
        ArrayNode upstream = out.putArray("upstream");
        List<String> ups = models.dependsOn().getOrDefault(m.name(), List.of());
        ups.forEach(upstream::add);
        ArrayNode downstream = out.putArray("downstream");
        models.downstream(m.name()).forEach(downstream::add);
        ArrayNode edges = out.putArray("edges");
        for (OutputColumn c : cols) {
            c.sources().forEach(ref -> edges.add(edge(ref, m.name(), c)));
        }
        ArrayNode nodes = out.putArray("nodes");
        nodes.addObject().put("model", m.name()).put("target_schema", m.target().get("schema").asText());
        for (String u : ups) {
            models.model(u).ifPresent(um -> nodes.addObject().put("model", um.name()).put("target_schema", um.target().get("schema").asText()));
        }
        for (String d : models.downstream(m.name())) {
            models.model(d).ifPresent(dm -> nodes.addObject().put("model", dm.name()).put("target_schema", dm.target().get("schema").asText()));
        }
        return out;
    }

    /**
     * {@code rocky lineage <model> --column <c>}: the column's trace, upstream by default, hop by hop
     * back to the external table it comes from.
     *
     * @param modelsDir {@code --models}
     * @param model the model
     * @param column the column
     * @param downstream {@code --downstream}
     * @return the payload (column_lineage.schema.json)
     * @throws ProjectException when the model or column does not exist
     */
    public ObjectNode columnLineage(String modelsDir, String model, String column, boolean downstream) {
        ModelSet models = project.models(modelsDir);
        Model m = models.require(model);
        if (models.columns().getOrDefault(m.name(), List.of()).stream().noneMatch(c -> c.name().equals(column))) {
            throw new ProjectException("column '" + column + "' not found in model '" + model + "' (columns: " + String.join(", ",
                    models.columns().get(m.name()).stream().map(OutputColumn::name).toList()) + "); name one of them");
        }
        ObjectNode out = header("lineage");
        out.put("model", m.name()).put("column", column).put("direction", downstream ? "downstream" : "upstream");
        ArrayNode trace = out.putArray("trace");
        List<ColumnRef> frontier = new ArrayList<>(List.of(new ColumnRef(m.name(), column)));
        Set<ColumnRef> seen = new LinkedHashSet<>(frontier);
        while (!frontier.isEmpty()) {
            List<ColumnRef> next = new ArrayList<>();
            for (ColumnRef at : frontier) {
                if (!downstream) {
                    for (OutputColumn c : models.columns().getOrDefault(at.node(), List.of())) {
                        if (c.name().equals(at.column())) {
                            for (ColumnRef src : c.sources()) {
                                trace.add(edge(src, at.node(), c));
                                if (seen.add(src)) {
                                    next.add(src);
                                }
                            }
                        }
                    }
                } else {
                    for (String d : models.downstream(at.node())) {
                        for (OutputColumn c : models.columns().getOrDefault(d, List.of())) {
                            if (c.sources().contains(at)) {
                                trace.add(edge(at, d, c));
                                ColumnRef ref = new ColumnRef(d, c.name());
                                if (seen.add(ref)) {
                                    next.add(ref);
                                }
                            }
                        }
                    }
                }
            }
            frontier = next;
        }
        return out;
    }

    private static ObjectNode edge(ColumnRef source, String targetModel, OutputColumn target) {
        ObjectNode e = F.objectNode();
        e.putObject("source").put("model", source.node()).put("column", source.column());
        e.putObject("target").put("model", targetModel).put("column", target.name());
        e.put("transform", target.transform().orElse("expression"));
        return e;
    }

    /**
     * {@code rocky optimize}: one recommendation per model. The fake has no run history, so every
     * model keeps its strategy with the engine's "insufficient history" reasoning.
     *
     * @param modelsDir {@code --models}
     * @return the payload (optimize.schema.json)
     */
    public ObjectNode optimize(String modelsDir) {
        ModelSet models = project.models(modelsDir);
        ObjectNode out = header("optimize");
        ArrayNode recs = out.putArray("recommendations");
        for (Model m : models.models()) {
            String strategy = m.strategyType().equals("full_refresh") ? "table" : m.strategyType();
            recs.addObject().put("model_name", m.name()).put("current_strategy", strategy).put("recommended_strategy", strategy)
                    .put("estimated_monthly_savings", 0.0).put("reasoning", "insufficient history: 0 runs (need 5)")
                    .put("compute_cost_per_run", 0.0).put("storage_cost_per_month", 0.0)
                    .put("downstream_references", models.downstream(m.name()).size());
        }
        out.put("total_models_analyzed", models.models().size());
        out.put("incrementality_note", "Run `rocky compile --output json` for inferred incrementality hints on full_refresh models");
        return out;
    }

    /**
     * {@code rocky doctor [--check <name>]}: the checks the fake can answer from files (config,
     * adapters, pipelines) and, for a project whose {@code [state] backend} is local (or unset),
     * {@code state_sync} and {@code state_rw} with the messages the real rocky 1.71.0 printed for a
     * local backend; all healthy. With {@code --check}, only that check.
     *
     * @param check {@code --check}, when given
     * @return the payload (doctor.schema.json; it has no {@code version})
     */
    public ObjectNode doctor(Optional<String> check) {
        ObjectNode out = F.objectNode().put("command", "doctor").put("overall", "healthy");
        ArrayNode all = F.arrayNode();
        all.addObject().put("name", "config").put("status", "healthy").put("message", "Config syntax valid").put("duration_ms", 0);
        all.addObject().put("name", "adapters").put("status", "healthy")
                .put("message", project.adapterTypes().size() + " adapter(s) configured").put("duration_ms", 0);
        all.addObject().put("name", "pipelines").put("status", "healthy")
                .put("message", project.pipelines().size() + " pipeline(s) valid").put("duration_ms", 0);
        if (project.stateBackend().equals("local")) {
            all.addObject().put("name", "state_sync").put("status", "healthy").put("message", "State backend: local")
                    .put("duration_ms", 0);
            all.addObject().put("name", "state_rw").put("status", "healthy").put("message", "Local backend \u2014 no remote probe needed")
                    .put("duration_ms", 0);
        }
        ArrayNode checks = out.putArray("checks");
        all.forEach(c -> {
            if (check.isEmpty() || check.get().equals(c.get("name").asText())) {
                checks.add(c);
            }
        });
        out.putArray("suggestions");
        return out;
    }

    /** @return {@link #doctor(Optional)} of every check */
    public ObjectNode doctor() {
        return doctor(Optional.empty());
    }

    /**
     * {@code rocky history}: the fake keeps no run history, so it lists none (synthetic: the
     * document an engine with an empty state store prints, history.schema.json).
     *
     * @return the payload
     */
    public ObjectNode history() {
        ObjectNode out = header("history");
        out.put("count", 0);
        out.putArray("runs");
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private ObjectNode header(String command) {
        return F.objectNode().put("version", version).put("command", command);
    }

    private String now() {
        return clock.instant().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .replace("+00:00", "Z");
    }

    /**
     * A writer that prints JSON the way rocky does: two-space indents, one array element per line,
     * {@code "key": value}.
     *
     * @param mapper the mapper to write with
     * @return the writer
     */
    public static ObjectWriter printer(ObjectMapper mapper) {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        pp.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        return mapper.writer(pp);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * A fake rocky's answer to one call.
     *
     * @param stdout what it prints on stdout
     * @param stderr what it prints on stderr
     * @param exitCode its exit code
     */
    public record Answer(byte[] stdout, String stderr, int exitCode) {

        /** Rejects {@code null} parts. */
        public Answer {
            Objects.requireNonNull(stdout, "stdout is null");
            Objects.requireNonNull(stderr, "stderr is null");
        }

        static Answer json(JsonNode payload) {
            return jsonWithExit(payload, 0, "");
        }

        static Answer jsonWithExit(JsonNode payload, int exit, String stderrLine) {
            try {
                byte[] body = PRINTER.writeValueAsBytes(payload);
                byte[] out = new byte[body.length + 1];
                System.arraycopy(body, 0, out, 0, body.length);
                out[body.length] = '\n';
                return new Answer(out, stderrLine.isEmpty() ? "" : stderrLine + "\n", exit);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Answer error(String message) {
            return new Answer(new byte[0], "Error: " + message + "\n", 1);
        }

        static Answer usageError(String message) {
            return new Answer(new byte[0], "error: " + message + "\n", 2);
        }
    }

    /** The subcommand's arguments, read the way rocky's clap definitions read them. */
    static final class Args {

        private static final Set<String> VALUED = Set.of("--check", "--source-dir", "--models", "--contracts", "--filter", "--pipeline", "--partition", "--from",
                "--to", "--column", "--env", "--model", "--fail-on", "--output");

        final String command;
        private final Map<String, String> options = new LinkedHashMap<>();
        private final Set<String> flags = new LinkedHashSet<>();
        private final List<String> positionals = new ArrayList<>();

        private Args(String command) {
            this.command = command;
        }

        static Args parse(List<String> args) {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("a subcommand is required");
            }
            Args a = new Args(args.get(0));
            for (int i = 1; i < args.size(); i++) {
                String arg = args.get(i);
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0 && VALUED.contains(arg.substring(0, eq))) {
                    a.options.put(arg.substring(0, eq), arg.substring(eq + 1));
                } else if (VALUED.contains(arg)) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("a value is required for '" + arg + " <VALUE>' but none was supplied");
                    }
                    a.options.put(arg, args.get(++i));
                } else if (arg.startsWith("--")) {
                    a.flags.add(arg);
                } else {
                    a.positionals.add(arg);
                }
            }
            return a;
        }

        Optional<String> option(String name) {
            return Optional.ofNullable(options.get(name));
        }

        boolean flag(String name) {
            return flags.contains(name);
        }

        String models() {
            return options.getOrDefault("--models", "models");
        }

        String positional(int i, String usage) {
            if (positionals.size() <= i) {
                throw new IllegalArgumentException("missing argument; usage: rocky " + usage);
            }
            return positionals.get(i);
        }
    }
}
