package dev.rocky.openlineage;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenLineage dataset namespace of a Rocky adapter, following OpenLineage's naming
 * conventions ({@code spec/Naming.md}): the warehouse instance the tables live in, as
 * {@code scheme://authority}.
 *
 * <table>
 *   <caption>Namespaces by adapter type</caption>
 *   <tr><th>{@code [adapter] type}</th><th>namespace</th></tr>
 *   <tr><td>{@code duckdb}</td><td>{@code duckdb://<absolute path of the database file>}, or
 *       {@code duckdb://memory} without a path</td></tr>
 *   <tr><td>{@code databricks}</td><td>{@code databricks://<host>}</td></tr>
 *   <tr><td>{@code snowflake}</td><td>{@code snowflake://<account>}</td></tr>
 *   <tr><td>{@code bigquery}</td><td>{@code bigquery}</td></tr>
 *   <tr><td>{@code postgres}</td><td>{@code postgres://<host>:<port>} (port 5432 by default)</td></tr>
 *   <tr><td>any other</td><td>{@code <type>://<host, account or path>}, or {@code <type>://default}</td></tr>
 * </table>
 *
 * A name (the path part) is {@code catalog.schema.table}, as rocky prints a target's full name.
 */
public final class DatasetNamespaces {

    private DatasetNamespaces() {
    }

    /**
     * @param adapter the adapter's scalar fields from {@code rocky.toml} (after environment
     *     substitution): {@code type}, {@code path}, {@code host}, {@code port}, {@code account}
     * @param projectDir the directory {@code rocky.toml} is in, against which a relative DuckDB path is resolved
     * @return the namespace
     * @throws IllegalArgumentException when the adapter has no {@code type}
     */
    public static String of(Map<String, String> adapter, Path projectDir) {
        String type = adapter.getOrDefault("type", "").trim().toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            throw new IllegalArgumentException("the adapter in rocky.toml has no type, so its datasets have no namespace; "
                    + "set openlineage.dataset_namespace");
        }
        String host = stripScheme(adapter.getOrDefault("host", adapter.getOrDefault("server_hostname", "")));
        return switch (type) {
            case "duckdb" -> {
                String path = adapter.getOrDefault("path", "");
                yield path.isBlank() || path.equals(":memory:") ? "duckdb://memory"
                        : "duckdb://" + projectDir.resolve(path).toAbsolutePath().normalize().toString().replace('\\', '/');
            }
            case "databricks" -> "databricks://" + (host.isEmpty() ? "default" : host);
            case "snowflake" -> "snowflake://" + adapter.getOrDefault("account", "default");
            case "bigquery" -> "bigquery";
            case "postgres", "postgresql" -> "postgres://" + (host.isEmpty() ? "localhost" : host) + ":"
                    + adapter.getOrDefault("port", "5432");
            default -> type + "://" + firstNonBlank(host, adapter.getOrDefault("account", ""), adapter.getOrDefault("path", ""), "default");
        };
    }

    private static String stripScheme(String host) {
        int at = host.indexOf("://");
        String h = at >= 0 ? host.substring(at + 3) : host;
        return h.endsWith("/") ? h.substring(0, h.length() - 1) : h.trim();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (!v.isBlank()) {
                return v;
            }
        }
        return "";
    }
}
