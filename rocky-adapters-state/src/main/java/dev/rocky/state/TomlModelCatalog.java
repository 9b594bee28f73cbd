package dev.rocky.state;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.model.EnvSubstitution;
import dev.rocky.core.model.ModelSidecar;
import dev.rocky.core.model.ModelStrategy;
import dev.rocky.core.model.ModelTarget;
import dev.rocky.core.port.ModelCatalog;
import dev.rocky.core.spec.TimeGrain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Reads model sidecars with Jackson's TOML reader, as the engine loads them (rocky-core
 * {@code models.rs} {@code load_models_from_dir} / {@code resolve_model_config}, {@code dag.rs}
 * {@code load_all_models}): every {@code *.toml} in the models directory and its immediate
 * subdirectories except {@code _*.toml} (directory defaults) and {@code *.contract.toml}
 * (contracts). Each model falls back to its own directory's {@code _defaults.toml} for
 * {@code [strategy]}, {@code [freshness]} and each {@code [target]} catalog and schema;
 * {@code target.table} falls back to the model name. Sidecars and defaults are read after the
 * engine's {@code ${VAR}} / {@code ${VAR:-default}} substitution ({@link EnvSubstitution}).
 * Symbolic links are not followed, so the walk never leaves the models directory.
 *
 * <p>Thread-safe.
 */
public final class TomlModelCatalog implements ModelCatalog {

    /** The largest model sidecar, {@code _defaults.toml} or contract file read: 1 MiB. */
    public static final int MAX_TOML_BYTES = 1024 * 1024;

    private final Map<String, String> environment;

    /** A catalog whose files' placeholders read this process's environment, as rocky run here would. */
    public TomlModelCatalog() {
        this(System.getenv());
    }

    /** @param environment the variables the files' placeholders read; copied */
    public TomlModelCatalog(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public List<ModelSidecar> models(Path modelsDir) {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        Path root = modelsDir.toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root, 2)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(TomlModelCatalog::isModelFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException("cannot walk the models directory " + root + " (" + e + ")", e);
        }
        Map<Path, Defaults> defaultsCache = new HashMap<>();
        List<ModelSidecar> out = new ArrayList<>(files.size());
        for (Path file : files) {
            JsonNode model = readSubstituted(file);
            Defaults defaults = defaultsFor(file.getParent(), defaultsCache);
            out.add(toSidecar(file, model, defaults));
        }
        out.sort(Comparator.comparing(ModelSidecar::name));
        return List.copyOf(out);
    }

    /**
     * @param file a file in a models directory
     * @return true when it is a model sidecar (not {@code _*.toml}, not {@code *.contract.toml})
     */
    public static boolean isModelFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".toml") && !name.startsWith("_") && !name.endsWith(".contract.toml");
    }

    /** A directory's own {@code _defaults.toml}: its file and tree, or none. */
    private record Defaults(Path file, JsonNode tree) {
        static final Defaults NONE = new Defaults(null, com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    private Defaults defaultsFor(Path dir, Map<Path, Defaults> cache) {
        return cache.computeIfAbsent(dir, d -> {
            Path candidate = d.resolve("_defaults.toml");
            return Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS) ? new Defaults(candidate, readSubstituted(candidate))
                    : Defaults.NONE;
        });
    }

    /** {@link #read}, after the engine's environment substitution. */
    private JsonNode readSubstituted(Path file) {
        return read(file, environment);
    }

    /**
     * Reads one TOML file: at most {@link #MAX_TOML_BYTES}, strict UTF-8, then Jackson's TOML parser.
     *
     * @param file a model sidecar, {@code _defaults.toml} or contract
     * @return its tree
     * @throws ConfigException naming the file (and line, when the parser knows it) when it is too
     *     large, not UTF-8, or not TOML
     */
    static JsonNode read(Path file) {
        return read(file, null);
    }

    /** As {@link #read(Path)}; with an environment, its placeholders are substituted first. */
    private static JsonNode read(Path file, Map<String, String> environment) {
        try {
            long size = Files.size(file);
            if (size > MAX_TOML_BYTES) {
                throw new ConfigException(file + ": " + size + " bytes, larger than the " + MAX_TOML_BYTES
                        + " a model or contract file may be");
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            } catch (CharacterCodingException e) {
                throw new ConfigException(file + ": not UTF-8 text (" + e.getMessage() + "); TOML files are UTF-8", e);
            }
            if (environment != null && text.contains("${")) {
                text = EnvSubstitution.substituteModelFile(text, environment, file.toString()).text();
            }
            return TomlTrees.read(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String line = at == null || at.getLineNr() < 0 ? "" : ", line " + at.getLineNr();
            throw new ConfigException("invalid TOML in " + file + line + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read the model sidecar " + file + " (" + e + ")", e);
        }
    }

    private static ModelSidecar toSidecar(Path file, JsonNode model, Defaults defaults) {
        String stem = file.getFileName().toString();
        stem = stem.substring(0, stem.length() - ".toml".length());
        String name = text(file, "name", model.path("name")).orElse(stem);

        boolean ownStrategy = model.path("strategy").isObject();
        Path strategyFile = ownStrategy ? file : defaults.file();
        JsonNode strategyNode = ownStrategy ? model.path("strategy") : defaults.tree().path("strategy");
        ModelStrategy strategy = new ModelStrategy(text(strategyFile, "strategy.type", strategyNode.path("type")).orElse("full_refresh"),
                text(strategyFile, "strategy.granularity", strategyNode.path("granularity")).flatMap(TimeGrain::fromWireName),
                text(strategyFile, "strategy.time_column", strategyNode.path("time_column")),
                text(strategyFile, "strategy.first_partition", strategyNode.path("first_partition")));

        JsonNode target = model.path("target");
        JsonNode defaultTarget = defaults.tree().path("target");
        Optional<String> catalog = text(file, "target.catalog", target.path("catalog"))
                .or(() -> text(defaults.file(), "target.catalog", defaultTarget.path("catalog")));
        Optional<String> schema = text(file, "target.schema", target.path("schema"))
                .or(() -> text(defaults.file(), "target.schema", defaultTarget.path("schema")));
        String table = text(file, "target.table", target.path("table")).orElse(name);
        Optional<ModelTarget> resolved = catalog.isPresent() && schema.isPresent()
                ? Optional.of(new ModelTarget(catalog.get(), schema.get(), table)) : Optional.empty();

        List<String> dependsOn = new ArrayList<>();
        JsonNode deps = model.path("depends_on");
        if (!deps.isMissingNode() && !deps.isArray()) {
            throw wrongType(file, "depends_on", "a list of model names", deps);
        }
        for (JsonNode d : deps) {
            dependsOn.add(text(file, "depends_on[]", d).orElseThrow());
        }

        JsonNode freshness = model.path("freshness").isMissingNode() ? defaults.tree().path("freshness") : model.path("freshness");
        String lagKey = freshness.has("max_lag_seconds") ? "max_lag_seconds" : "expected_lag_seconds";
        JsonNode lag = freshness.path(lagKey);
        if (!lag.isMissingNode() && !(lag.isIntegralNumber() && lag.canConvertToLong())) {
            throw wrongType(file, "freshness." + lagKey, "a whole number of seconds", lag);
        }
        OptionalLong maxLag = lag.isMissingNode() ? OptionalLong.empty() : OptionalLong.of(lag.asLong());

        return new ModelSidecar(name, file, strategy, resolved, dependsOn, maxLag);
    }

    /** A key we read: absent, or a string; anything else is an error naming the file and key. */
    private static Optional<String> text(Path file, String key, JsonNode node) {
        if (node.isMissingNode()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw wrongType(file, key, "a string", node);
        }
        return Optional.of(node.asText());
    }

    private static ConfigException wrongType(Path file, String key, String expected, JsonNode got) {
        String shown = got.toString();
        return new ConfigException(file + ": " + key + " must be " + expected + ", got " + got.getNodeType().toString()
                .toLowerCase(java.util.Locale.ROOT) + " " + (shown.length() > 80 ? shown.substring(0, 80) + "…" : shown));
    }
}
