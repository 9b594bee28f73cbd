package dev.rocky.testkit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a synthetic Rocky project of a given size that the project-model fake answers from:
 * {@code sources × tablesPerSource} replication tables (schemas {@code raw__src0000…} created in
 * {@code data/seed.sql}), and {@code models} transformation models forming a dependency chain
 * ({@code m00001} reads {@code m00000}) with fan-in (every {@code fanInEvery}-th model also joins
 * {@code fanIn} earlier models, chosen by a seeded {@link Random}) and a {@code time_interval}
 * day-partitioned strategy on every {@code partitionedEvery}-th model. Same settings, same files.
 *
 * <pre>{@code
 * Path dir = ScaleProject.tables(10_000).writeTo(tmp);   // 100 sources × 100 tables, 1 000 models
 * FakeRocky rocky = FakeRocky.forProject(dir).build();
 * }</pre>
 *
 * @param sources number of source schemas
 * @param tablesPerSource tables in each
 * @param models number of transformation models
 * @param fanIn how many extra upstream models a fan-in model joins
 * @param fanInEvery every how many models one is a fan-in model (0: none)
 * @param partitionedEvery every how many models one is {@code time_interval} (0: none)
 * @param seed the generator's seed
 */
public record ScaleProject(int sources, int tablesPerSource, int models, int fanIn, int fanInEvery, int partitionedEvery, long seed) {

    /** Rejects negative sizes. */
    public ScaleProject {
        if (sources < 1 || tablesPerSource < 1 || models < 0 || fanIn < 0 || fanInEvery < 0 || partitionedEvery < 0) {
            throw new IllegalArgumentException("sizes must be positive (sources, tablesPerSource) or non-negative (the rest)");
        }
    }

    /**
     * The benchmark sizes: {@code total} tables as 100 tables per source, one model per ten tables,
     * fan-in of 3 every 10th model, every 5th model partitioned, seed 42.
     *
     * @param total 1 000, 10 000 or 100 000 (any multiple of 100)
     * @return the project settings
     */
    public static ScaleProject tables(int total) {
        if (total < 100 || total % 100 != 0) {
            throw new IllegalArgumentException("total tables must be a positive multiple of 100, got " + total);
        }
        return new ScaleProject(total / 100, 100, total / 10, 3, 10, 5, 42L);
    }

    /** @return a builder starting from 1 source × 1 table, no models */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the total number of replication tables */
    public int totalTables() {
        return sources * tablesPerSource;
    }

    /**
     * Writes the project.
     *
     * @param dir the project directory; created when absent
     * @return {@code dir}
     * @throws UncheckedIOException when a file cannot be written
     */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("models"));
            Files.writeString(dir.resolve("rocky.toml"), "# Synthetic project written by rocky-testkit ScaleProject " + this + "\n"
                    + "[adapter]\ntype = \"duckdb\"\npath = \"scale.duckdb\"\n\n"
                    + "[pipeline.ingest]\nstrategy = \"full_refresh\"\ntimestamp_column = \"updated_at\"\n\n"
                    + "[pipeline.ingest.source.discovery]\nadapter = \"default\"\n\n"
                    + "[pipeline.ingest.source.schema_pattern]\nprefix = \"raw__\"\nseparator = \"__\"\ncomponents = [\"source\"]\n\n"
                    + "[pipeline.ingest.target]\ncatalog_template = \"warehouse\"\nschema_template = \"staging__{source}\"\n\n"
                    + "[pipeline.ingest.target.governance]\nauto_create_schemas = true\n\n"
                    + "[pipeline.ingest.checks.freshness]\nthreshold_seconds = 86400\n"
                    + (models > 0 ? "\n[pipeline.transform]\ntype = \"transformation\"\ndepends_on = [\"ingest\"]\n\n"
                            + "[pipeline.transform.target]\nadapter = \"default\"\n" : ""),
                    StandardCharsets.UTF_8);
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("data").resolve("seed.sql"), StandardCharsets.UTF_8)) {
                for (int s = 0; s < sources; s++) {
                    String schema = String.format("raw__src%04d", s);
                    w.write("CREATE SCHEMA IF NOT EXISTS " + schema + ";\n");
                    for (int t = 0; t < tablesPerSource; t++) {
                        w.write(String.format("CREATE TABLE %s.t%04d (id BIGINT, amount DOUBLE, updated_at TIMESTAMP);%n", schema, t));
                    }
                }
            }
            Files.writeString(dir.resolve("models").resolve("_defaults.toml"),
                    "[strategy]\ntype = \"full_refresh\"\n\n[target]\ncatalog = \"warehouse\"\nschema = \"marts\"\n", StandardCharsets.UTF_8);
            Random random = new Random(seed);
            for (int m = 0; m < models; m++) {
                String name = String.format("m%05d", m);
                StringBuilder sql = new StringBuilder("SELECT\n    a.id AS id,\n    a.amount AS amount,\n    a.updated_at AS updated_at\n");
                if (m == 0) {
                    sql.append("FROM raw__src0000.t0000 a\n");
                } else {
                    sql.append(String.format("FROM m%05d a%n", m - 1));
                    if (fanInEvery > 0 && m % fanInEvery == 0) {
                        for (int j = 0; j < Math.min(fanIn, m - 1); j++) {
                            int upstream = random.nextInt(m - 1);
                            sql.append(String.format("JOIN m%05d j%d ON j%d.id = a.id%n", upstream, j, j));
                        }
                    }
                }
                boolean partitioned = partitionedEvery > 0 && m % partitionedEvery == partitionedEvery - 1;
                if (partitioned) {
                    sql.append("WHERE a.updated_at >= @start_date AND a.updated_at < @end_date\n");
                }
                Files.writeString(dir.resolve("models").resolve(name + ".sql"), sql, StandardCharsets.UTF_8);
                Files.writeString(dir.resolve("models").resolve(name + ".toml"), partitioned
                        ? "[strategy]\ntype = \"time_interval\"\ntime_column = \"updated_at\"\ngranularity = \"day\"\n"
                                + "first_partition = \"2026-01-01\"\n\n[freshness]\nmax_lag_seconds = 86400\n"
                        : "", StandardCharsets.UTF_8);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scale project to " + dir, e);
        }
    }

    /** Builds a {@link ScaleProject}. Not thread-safe. */
    public static final class Builder {
        private int sources = 1;
        private int tablesPerSource = 1;
        private int models;
        private int fanIn = 3;
        private int fanInEvery = 10;
        private int partitionedEvery = 5;
        private long seed = 42L;

        private Builder() {
        }

        /** @param n source schemas @return this builder */
        public Builder sources(int n) {
            sources = n;
            return this;
        }

        /** @param n tables per source @return this builder */
        public Builder tablesPerSource(int n) {
            tablesPerSource = n;
            return this;
        }

        /** @param n transformation models @return this builder */
        public Builder models(int n) {
            models = n;
            return this;
        }

        /** @param n extra upstream models per fan-in model @param every every how many models @return this builder */
        public Builder fanIn(int n, int every) {
            fanIn = n;
            fanInEvery = every;
            return this;
        }

        /** @param every every how many models one is time_interval (0: none) @return this builder */
        public Builder partitionedEvery(int every) {
            partitionedEvery = every;
            return this;
        }

        /** @param s the generator's seed @return this builder */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** @return the settings */
        public ScaleProject build() {
            return new ScaleProject(sources, tablesPerSource, models, fanIn, fanInEvery, partitionedEvery, seed);
        }
    }
}
