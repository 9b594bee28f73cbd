package dev.rocky.state;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.model.ModelSidecar;
import dev.rocky.core.model.ModelStrategy;
import dev.rocky.core.model.ModelTarget;
import dev.rocky.core.port.ModelCatalog;
import dev.rocky.core.spec.TimeGrain;
import java.io.IOException;
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
 * Reads model sidecars with Jackson's TOML reader: every {@code *.toml} below the models directory
 * except {@code _*.toml} (directory defaults) and {@code *.contract.toml} (contracts). Each model
 * is merged over the nearest {@code _defaults.toml} in its directory or an ancestor up to the
 * models directory: {@code [strategy]} and each {@code [target]} key fall back to the defaults;
 * {@code target.table} falls back to the model name. Symbolic links are not followed, so the walk
 * never leaves the models directory.
 *
 * <p>Thread-safe.
 */
public final class TomlModelCatalog implements ModelCatalog {

    private static final TomlMapper TOML = new TomlMapper();

    @Override
    public List<ModelSidecar> models(Path modelsDir) {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        Path root = modelsDir.toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root, 32)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(TomlModelCatalog::isModelFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException("cannot walk the models directory " + root + " (" + e + ")", e);
        }
        Map<Path, JsonNode> defaultsCache = new HashMap<>();
        List<ModelSidecar> out = new ArrayList<>(files.size());
        for (Path file : files) {
            JsonNode model = read(file);
            JsonNode defaults = defaultsFor(file.getParent(), root, defaultsCache);
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

    private static JsonNode defaultsFor(Path dir, Path root, Map<Path, JsonNode> cache) {
        Path d = dir;
        while (d != null && d.startsWith(root)) {
            JsonNode cached = cache.get(d);
            if (cached == null) {
                Path candidate = d.resolve("_defaults.toml");
                cached = Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)
                        ? read(candidate) : TOML.missingNode();
                cache.put(d, cached);
            }
            if (!cached.isMissingNode()) {
                return cached;
            }
            d = d.getParent();
        }
        return TOML.missingNode();
    }

    static JsonNode read(Path file) {
        try {
            return TOML.readTree(file.toFile());
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String line = at == null || at.getLineNr() < 0 ? "" : ", line " + at.getLineNr();
            throw new ConfigException("invalid TOML in " + file + line + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read the model sidecar " + file + " (" + e + ")", e);
        }
    }

    private static ModelSidecar toSidecar(Path file, JsonNode model, JsonNode defaults) {
        String stem = file.getFileName().toString();
        stem = stem.substring(0, stem.length() - ".toml".length());
        String name = text(model.path("name")).orElse(stem);

        JsonNode strategyNode = model.path("strategy").isObject() ? model.path("strategy") : defaults.path("strategy");
        ModelStrategy strategy = new ModelStrategy(text(strategyNode.path("type")).orElse("full_refresh"),
                text(strategyNode.path("granularity")).flatMap(TimeGrain::fromWireName),
                text(strategyNode.path("time_column")), text(strategyNode.path("first_partition")));

        JsonNode target = model.path("target");
        JsonNode defaultTarget = defaults.path("target");
        Optional<String> catalog = text(target.path("catalog")).or(() -> text(defaultTarget.path("catalog")));
        Optional<String> schema = text(target.path("schema")).or(() -> text(defaultTarget.path("schema")));
        String table = text(target.path("table")).orElse(name);
        Optional<ModelTarget> resolved = catalog.isPresent() && schema.isPresent()
                ? Optional.of(new ModelTarget(catalog.get(), schema.get(), table)) : Optional.empty();

        List<String> dependsOn = new ArrayList<>();
        JsonNode deps = model.path("depends_on");
        if (deps.isArray()) {
            deps.forEach(d -> dependsOn.add(d.asText()));
        }

        JsonNode freshness = model.path("freshness");
        JsonNode lag = freshness.has("max_lag_seconds") ? freshness.path("max_lag_seconds") : freshness.path("expected_lag_seconds");
        OptionalLong maxLag = lag.canConvertToLong() ? OptionalLong.of(lag.asLong()) : OptionalLong.empty();

        return new ModelSidecar(name, file, strategy, resolved, dependsOn, maxLag);
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }
}
