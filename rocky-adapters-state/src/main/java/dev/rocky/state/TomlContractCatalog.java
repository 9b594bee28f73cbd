package dev.rocky.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.model.ContractRules;
import dev.rocky.core.port.ContractCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@link ContractCatalog} over a contracts directory: every {@code <model>.contract.toml}
 * directly in it (the engine's layout), read with Jackson's TOML parser. Which rule kinds a file
 * declares: {@code [rules] required} (non-empty list), {@code [rules] protected} (non-empty list),
 * and column constraints ({@code [[columns]]} with {@code type} or {@code nullable}, or
 * {@code [rules] no_new_nullable = true}). A missing directory has no contracts; a file that is not
 * valid TOML, or whose {@code rules} or {@code columns} have the wrong type, is a
 * {@link ConfigException} naming the file and line.
 *
 * <p>Thread-safe; reads the directory on each {@link #rules()} call.
 */
public final class TomlContractCatalog implements ContractCatalog {

    /** The file-name suffix of a contract. */
    public static final String SUFFIX = ".contract.toml";

    private final Optional<Path> dir;

    /**
     * @param dir the contracts directory ({@code contracts_dir}), or empty for none
     */
    public TomlContractCatalog(Optional<Path> dir) {
        this.dir = Objects.requireNonNull(dir, "dir is null").map(d -> d.toAbsolutePath().normalize());
    }

    @Override
    public Map<String, ContractRules> rules() {
        if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
            return Map.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir.get())) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("cannot list the contracts directory " + dir.get() + " (" + e + ")", e);
        }
        Map<String, ContractRules> out = new LinkedHashMap<>();
        for (Path file : files) {
            String model = file.getFileName().toString();
            model = model.substring(0, model.length() - SUFFIX.length());
            if (model.isEmpty()) {
                continue;
            }
            ContractRules rules = parse(file);
            if (!rules.isEmpty()) {
                out.put(model, rules);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * @param file a {@code .contract.toml}
     * @return the rule kinds it declares
     * @throws ConfigException naming the file and line when it is malformed
     */
    public static ContractRules parse(Path file) {
        JsonNode root = TomlModelCatalog.read(file);
        JsonNode rules = root.path("rules");
        if (!rules.isMissingNode() && !rules.isObject()) {
            throw new ConfigException(file + ": [rules] must be a table");
        }
        JsonNode columns = root.path("columns");
        if (!columns.isMissingNode() && !columns.isArray()) {
            throw new ConfigException(file + ": columns must be an array of tables ([[columns]])");
        }
        boolean required = nonEmptyList(file, rules, "required");
        boolean protectedColumns = nonEmptyList(file, rules, "protected");
        JsonNode noNewNullable = rules.path("no_new_nullable");
        if (!noNewNullable.isMissingNode() && !noNewNullable.isBoolean()) {
            throw new ConfigException(file + ": rules.no_new_nullable must be true or false, got " + noNewNullable);
        }
        boolean constraints = noNewNullable.asBoolean(false);
        for (JsonNode column : columns) {
            if (column.isObject() && (column.has("type") || column.has("nullable"))) {
                constraints = true;
            }
        }
        return new ContractRules(required, protectedColumns, constraints);
    }

    private static boolean nonEmptyList(Path file, JsonNode rules, String name) {
        JsonNode v = rules.path(name);
        if (v.isMissingNode()) {
            return false;
        }
        if (!v.isArray()) {
            throw new ConfigException(file + ": rules." + name + " must be a list of column names, got " + v);
        }
        return !v.isEmpty();
    }
}
