package dev.rocky.openlineage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.RunTarget;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.OpenLineageConfig;
import io.openlineage.client.transports.Transport;
import io.openlineage.client.transports.TransportFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a component's lineage goes: the OpenLineage client built from the settings' transport
 * (the client's own {@code transport:} configuration), one {@link LineageEmitter} queue, and the
 * naming of the project's jobs and datasets. Opening checks the transport configuration and fails
 * at once when the client refuses it; after that nothing here fails a refresh or a
 * materialization. Close it when the process is done, so that queued events are sent.
 */
public final class OpenLineageEmission implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenLineageSettings settings;
    private final OpenLineage ol;
    private final URI producer;
    private final LineageEmitter emitter;
    private final String datasetNamespace;
    private final String project;
    private final Clock clock;

    private OpenLineageEmission(OpenLineageSettings settings, URI producer, LineageEmitter emitter, String datasetNamespace,
            String project, Clock clock) {
        this.settings = settings;
        this.producer = producer;
        this.ol = new OpenLineage(producer);
        this.emitter = emitter;
        this.datasetNamespace = datasetNamespace;
        this.project = project;
        this.clock = clock;
    }

    /**
     * Builds the client and starts the sender.
     *
     * @param settings the {@code openlineage:} block
     * @param adapterNamespace the datasets' namespace from the project's adapter ({@link DatasetNamespaces}),
     *     used unless the settings give one
     * @param project the project's name, the first part of every job name (the directory of {@code rocky.toml})
     * @param producerVersion rocky-java's version, in the producer URI {@code urn:dev.rocky:rocky-java:<version>}
     * @param log where the emitter's warnings and summary go
     * @param clock the events' time
     * @return the emission
     * @throws IllegalArgumentException when the OpenLineage client refuses the transport
     *     configuration (an unknown {@code type}, a field of the wrong shape), naming it
     */
    public static OpenLineageEmission open(OpenLineageSettings settings, String adapterNamespace, String project,
            String producerVersion, LogSink log, Clock clock) {
        Objects.requireNonNull(settings, "settings is null");
        OpenLineageClient client = client(settings);
        URI producer = URI.create("urn:dev.rocky:rocky-java:" + producerVersion.replaceAll("[^A-Za-z0-9._-]", "_"));
        return new OpenLineageEmission(settings, producer, new LineageEmitter(client, settings.transportType(),
                settings.queueCapacity(), log), settings.datasetNamespace().orElse(adapterNamespace), project, clock);
    }

    /**
     * Builds the client the settings describe and closes it again, so that a transport the
     * client refuses is an error where it is configured; building contacts nothing.
     *
     * @param settings the settings to check
     * @throws IllegalArgumentException when the client refuses the transport, naming why
     */
    public static void checkTransport(OpenLineageSettings settings) {
        try {
            transport(settings).close();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            // closing a transport that never sent anything: nothing to report
        }
    }

    private static Transport transport(OpenLineageSettings settings) {
        try {
            byte[] config = JSON.writeValueAsBytes(Map.of("transport", settings.transport()));
            OpenLineageConfig<?> parsed = OpenLineageClientUtils.loadOpenLineageConfigJson(new ByteArrayInputStream(config),
                    new TypeReference<OpenLineageConfig<?>>() { });
            return new TransportFactory(parsed.getTransportConfig()).build();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalArgumentException("openlineage.transport (type " + settings.transportType()
                    + ") is refused by the OpenLineage client: " + root.getMessage()
                    + "; write it as the client's openlineage.yml transport: block", e);
        }
    }

    private static OpenLineageClient client(OpenLineageSettings settings) {
        // A private meter registry: the client's gauges are per client, never shared with another in the process.
        return OpenLineageClient.builder().transport(transport(settings)).meterRegistry(new SimpleMeterRegistry()).build();
    }

    /** @return the settings it was opened with */
    public OpenLineageSettings settings() {
        return settings;
    }

    /** @return the datasets' namespace in use */
    public String datasetNamespace() {
        return datasetNamespace;
    }

    /**
     * Opens the lineage of one materialization: sends its parent run's START now.
     *
     * @param defs the graph the selection is made on
     * @param partition the selected partition key, if any
     * @param from the first key of a selected range, if any
     * @param to the last key of a selected range, if any
     * @return the listener to hand the materialization; call {@link MaterializationLineage#finished}
     *     or {@link MaterializationLineage#aborted} when it ends
     */
    public MaterializationLineage materialization(Definitions defs, Optional<String> partition,
            Optional<String> from, Optional<String> to) {
        LineageNaming naming = naming(defs);
        return new MaterializationLineage(ol, producer, emitter, naming, new LineageDatasets(ol, naming, defs), clock,
                partition, from, to);
    }

    /**
     * Sends the graph as it is known before anything runs: a {@code DatasetEvent} per asset that
     * names a table (schema and column lineage), and a {@code JobEvent} per model (job
     * {@code <project>.model.<name>}, its input tables and its output).
     *
     * @param defs the graph a refresh wrote
     * @return how many events were queued
     */
    public int refresh(Definitions defs) {
        LineageNaming naming = naming(defs);
        LineageDatasets datasets = new LineageDatasets(ol, naming, defs);
        ZonedDateTime now = ZonedDateTime.now(clock);
        int queued = 0;
        for (AssetSpec spec : defs.assets()) {
            Optional<OpenLineage.StaticDataset> dataset = datasets.declared(spec.key());
            if (dataset.isEmpty()) {
                continue;
            }
            emitter.submit(ol.newDatasetEvent(now, dataset.get()));
            queued++;
            if (defs.runTarget(spec.key()).orElse(null) instanceof RunTarget.Model model) {
                Optional<OpenLineage.OutputDataset> out = datasets.declaredOutput(spec.key());
                emitter.submit(ol.newJobEvent(now, ol.newJob(naming.jobNamespace, naming.modelJob(model.name()),
                        ol.newJobFacetsBuilder().jobType(ol.newJobTypeJobFacet("BATCH", "ROCKY", "MODEL")).build()),
                        datasets.inputs(List.of(spec.key())), out.map(List::of).orElse(List.of())));
                queued++;
            }
        }
        return queued;
    }

    /** @return what the emitter has done so far */
    public LineageEmitter.Stats stats() {
        return emitter.stats();
    }

    /**
     * Waits up to the settings' {@code close_timeout_seconds} for queued events, then closes the client.
     *
     * @return the final counts
     */
    public LineageEmitter.Stats closeAndReport() {
        return emitter.close(settings.closeTimeout());
    }

    @Override
    public void close() {
        closeAndReport();
    }

    private LineageNaming naming(Definitions defs) {
        return new LineageNaming(settings.namespace(), datasetNamespace, project, defs);
    }
}
