package dev.rocky.core.service;

import dev.rocky.core.error.RockyException;
import dev.rocky.core.model.ModelLineage;
import dev.rocky.core.model.ModelSidecar;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.ModelCatalog;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.state.RockyOutput;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code surface_column_lineage}: calls {@code rocky lineage <model> --models <dir>} for every model
 * sidecar of the models directory (the {@link ModelCatalog}'s rule: {@code *.toml} except
 * {@code _*.toml} and {@code *.contract.toml}, symbolic links not followed), at most
 * {@code concurrency} at a time. A model whose lineage fails is skipped with a warning. With
 * {@code column_lineage_at: refresh} the result is kept in the state's {@code lineage} slot so loads
 * stay call-free; with {@code load} (the reference's behaviour) it runs on every load.
 *
 * <p>Thread-safe when its ports are.
 */
public final class ColumnLineageCollector {

    /** How many {@code rocky lineage} processes run at once unless configured: 8. */
    public static final int DEFAULT_CONCURRENCY = 8;

    private final RockyCli cli;
    private final ModelCatalog catalog;
    private final LogSink log;
    private final int concurrency;

    /**
     * @param cli the rocky engine
     * @param catalog lists the model sidecars
     * @param log where skipped models are reported
     * @param concurrency the most {@code rocky lineage} calls at once (≥ 1)
     */
    public ColumnLineageCollector(RockyCli cli, ModelCatalog catalog, LogSink log, int concurrency) {
        this.cli = Objects.requireNonNull(cli, "cli is null");
        this.catalog = Objects.requireNonNull(catalog, "catalog is null");
        this.log = Objects.requireNonNull(log, "log is null");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be ≥ 1, got " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /**
     * @param modelsDir the models directory on disk
     * @param modelsDirArg the models directory as rocky takes it ({@code --models})
     * @return the lineage of every model that answered, in model-name order, with the JSON array of
     *     their documents as the slot's bytes
     * @throws dev.rocky.core.error.ConfigException when a sidecar cannot be read
     */
    public RockyOutput<List<ModelLineage>> collect(Path modelsDir, String modelsDirArg) {
        return collect(modelsDir, modelsDirArg, log::warn);
    }

    /**
     * As {@link #collect(Path, String)}, sending each model's failure to {@code failures} instead
     * of the log, so a refresh can count it as something not done. Progress ({@code column
     * lineage 120/1000 models}) goes to {@link LogSink#progress}, about twenty times per walk.
     *
     * @param modelsDir the models directory on disk
     * @param modelsDirArg the models directory as rocky takes it ({@code --models})
     * @param failures receives one line per model whose {@code rocky lineage} failed
     * @return as {@link #collect(Path, String)}
     * @throws dev.rocky.core.error.ConfigException when a sidecar cannot be read
     */
    public RockyOutput<List<ModelLineage>> collect(Path modelsDir, String modelsDirArg, java.util.function.Consumer<String> failures) {
        List<ModelSidecar> models = catalog.models(modelsDir);
        List<RockyOutput<ModelLineage>> found = new ArrayList<>(models.size());
        if (!models.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, models.size()), r -> {
                Thread t = new Thread(r, "rocky-lineage");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<RockyOutput<ModelLineage>>> futures = new ArrayList<>(models.size());
                for (ModelSidecar m : models) {
                    futures.add(pool.submit(() -> cli.lineage(m.name(), modelsDirArg)));
                }
                int every = Math.max(1, futures.size() / 20);
                for (int i = 0; i < futures.size(); i++) {
                    if (i % every == 0) {
                        log.progress("column lineage " + i + "/" + futures.size() + " models");
                    }
                    try {
                        found.add(futures.get(i).get());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof RockyException)) {
                            throw new IllegalStateException("rocky lineage " + models.get(i).name() + " failed unexpectedly", e.getCause());
                        }
                        failures.accept("rocky lineage " + models.get(i).name() + " failed, so its column lineage is left out: "
                                + e.getCause().getMessage());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while collecting column lineage", e);
            } finally {
                pool.shutdownNow();
            }
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.write('[');
        for (int i = 0; i < found.size(); i++) {
            if (i > 0) {
                json.write(',');
            }
            json.writeBytes(strip(found.get(i).json()));
        }
        json.write(']');
        return new RockyOutput<>(found.stream().map(RockyOutput::value).toList(), json.toByteArray(), 0);
    }

    private static byte[] strip(byte[] doc) {
        int start = 0;
        int end = doc.length;
        while (start < end && Character.isWhitespace(doc[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(doc[end - 1])) {
            end--;
        }
        return java.util.Arrays.copyOfRange(doc, start, end);
    }
}
