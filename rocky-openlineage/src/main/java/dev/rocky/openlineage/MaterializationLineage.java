package dev.rocky.openlineage;

import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.RockyCall;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunEventListener;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.spec.AssetKey;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One materialization as OpenLineage runs: a parent run (job {@code <project>.materialize}) that
 * starts when the session is opened and ends COMPLETE, or FAIL with the error-message facet, when
 * {@link #finished} or {@link #aborted} is called; and a child run per rocky call (job named from
 * the call's model, pipeline and filter) with the parent facet, START when the call starts and
 * COMPLETE or FAIL when it returns. A child's outputs are the tables its assets wrote (schema,
 * column lineage, output statistics) and its inputs the tables they read, plus each checked table
 * with the checks rocky ran as its data-quality assertions;
 * a served partition is the {@code rocky_partition} run facet. Events only go to the
 * {@link LineageEmitter}'s queue, so nothing here blocks or throws into the materialization.
 *
 * <p>Used on the materializing thread, as a {@link RunEventListener}.
 */
public final class MaterializationLineage implements RunEventListener {

    private final OpenLineage ol;
    private final LineageEmitter emitter;
    private final LineageNaming naming;
    private final LineageDatasets datasets;
    private final Clock clock;
    private final URI producer;
    private final UUID parentRun = UUID.randomUUID();
    private final OpenLineage.RunFacet partitionFacet;
    private UUID callRun;
    private RockyCall call;
    private final List<RunEvent> callEvents = new ArrayList<>();
    private final List<AssetFailure> callFailures = new ArrayList<>();
    private boolean ended;

    MaterializationLineage(OpenLineage ol, URI producer, LineageEmitter emitter, LineageNaming naming, LineageDatasets datasets,
            Clock clock, Optional<String> partition, Optional<String> from, Optional<String> to) {
        this.ol = ol;
        this.emitter = emitter;
        this.naming = naming;
        this.datasets = datasets;
        this.clock = clock;
        this.producer = producer;
        this.partitionFacet = partition.isPresent() || from.isPresent() ? new RockyPartitionRunFacet(producer, partition, from, to) : null;
        emitter.submit(ol.newRunEvent(now(), OpenLineage.RunEvent.EventType.START,
                ol.newRun(parentRun, runFacets(null, Optional.empty())), job(naming.materializeJob(), "JOB"), List.of(), List.of()));
    }

    /** @return the parent run's id */
    public UUID runId() {
        return parentRun;
    }

    @Override
    public void callStarted(RockyCall call) {
        callRun = UUID.randomUUID();
        this.call = call;
        callEvents.clear();
        callFailures.clear();
        List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
        for (AssetKey key : call.serves()) {
            datasets.declaredOutput(key).ifPresent(outputs::add);
        }
        emitter.submit(ol.newRunEvent(now(), OpenLineage.RunEvent.EventType.START, ol.newRun(callRun, runFacets(call, Optional.empty())),
                job(naming.callJob(call), "TASK"), datasets.inputs(call.serves()), outputs));
    }

    @Override
    public void event(RunEvent event) {
        if (callRun != null) {
            callEvents.add(event);
        }
    }

    @Override
    public void failure(AssetFailure failure) {
        if (callRun != null) {
            callFailures.add(failure);
        }
    }

    @Override
    public void callFinished(RockyCall call, Optional<RunResult> result, Optional<String> error) {
        if (callRun == null) {
            return;
        }
        // The tables written: what rocky printed (every table of a whole pipeline), else what was
        // reported before the call failed (Pipes), each matched to its asset by name for its facets.
        Map<String, AssetKey> assetOf = new LinkedHashMap<>();
        Map<AssetKey, List<RunEvent.AssetCheckResult>> checks = new LinkedHashMap<>();
        for (RunEvent e : callEvents) {
            if (e instanceof RunEvent.MaterializeResult m) {
                naming.outputName(m.asset(), m.metadata()).ifPresent(n -> assetOf.putIfAbsent(n, m.asset()));
            } else if (e instanceof RunEvent.AssetCheckResult c) {
                checks.computeIfAbsent(c.asset(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, OptionalLong> written = new LinkedHashMap<>();
        if (result.isPresent()) {
            for (RunResult.Materialization m : result.get().materializations()) {
                String name = m.targetTableFullName().orElse(String.join(".", m.assetKey()));
                written.merge(name, m.rowsCopied(), MaterializationLineage::sum);
            }
        } else {
            assetOf.keySet().forEach(n -> written.put(n, OptionalLong.empty()));
        }
        List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
        List<OpenLineage.InputDataset> checked = new ArrayList<>();
        java.util.Set<String> sources = new java.util.LinkedHashSet<>();
        for (Map.Entry<String, OptionalLong> table : written.entrySet()) {
            Optional<AssetKey> asset = Optional.ofNullable(assetOf.get(table.getKey()));
            outputs.add(datasets.output(table.getKey(), asset, table.getValue()));
            asset.flatMap(a -> datasets.checked(table.getKey(), checks.getOrDefault(a, List.of()))).ifPresent(checked::add);
            asset.map(List::of).orElse(call.serves()).stream().map(k -> naming.sourceOf(k, table.getKey()))
                    .flatMap(Optional::stream).findFirst().ifPresent(sources::add);
        }
        Optional<String> failed = error.or(() -> callFailures.isEmpty() ? Optional.empty()
                : Optional.of(String.join("; ", callFailures.stream().map(AssetFailure::describe).toList())));
        List<OpenLineage.InputDataset> inputs = new ArrayList<>(datasets.inputs(call.serves()));
        inputs.removeIf(i -> written.containsKey(i.getName()) || sources.contains(i.getName()));
        sources.forEach(name -> inputs.add(datasets.input(name)));
        inputs.addAll(checked);
        emitter.submit(ol.newRunEvent(now(), failed.isPresent() ? OpenLineage.RunEvent.EventType.FAIL : OpenLineage.RunEvent.EventType.COMPLETE,
                ol.newRun(callRun, runFacets(call, failed.map(m -> new Failure(m, error.isPresent() ? "JAVA" : "RUST")))),
                job(naming.callJob(call), "TASK"), inputs, outputs));
        callRun = null;
    }

    private static OptionalLong sum(OptionalLong a, OptionalLong b) {
        return a.isPresent() && b.isPresent() ? OptionalLong.of(a.getAsLong() + b.getAsLong()) : a.isPresent() ? a : b;
    }

    /**
     * Ends the parent run: COMPLETE when nothing failed, else FAIL naming how many assets failed
     * and the first failure.
     *
     * @param report the materialization's report
     */
    public void finished(MaterializationReport report) {
        finished(report.summary());
    }

    /**
     * As {@link #finished(MaterializationReport)}, for a streamed materialization.
     *
     * @param report how the materialization ended
     */
    public void finished(dev.rocky.core.run.MaterializationSummary report) {
        if (ended) {
            return;
        }
        ended = true;
        Optional<Failure> failure = report.failures().isEmpty() ? Optional.empty()
                : Optional.of(new Failure(report.failures().size() + " of the selected assets failed; first: "
                        + report.failures().get(0).describe(), "RUST"));
        endParent(failure);
    }

    /**
     * Ends the parent run as FAIL because the materialization stopped with an exception, and the
     * run of a call the exception cut short.
     *
     * @param error what stopped it
     */
    public void aborted(Throwable error) {
        if (ended) {
            return;
        }
        ended = true;
        Failure failure = new Failure(String.valueOf(error.getMessage()), "JAVA");
        if (callRun != null) {
            // The call the error stopped never returned: its run ends too, so no START is left without an end.
            emitter.submit(ol.newRunEvent(now(), OpenLineage.RunEvent.EventType.FAIL, ol.newRun(callRun, runFacets(call,
                    Optional.of(failure))), job(naming.callJob(call), "TASK"), List.of(), List.of()));
            callRun = null;
        }
        endParent(Optional.of(failure));
    }

    private void endParent(Optional<Failure> failure) {
        emitter.submit(ol.newRunEvent(now(), failure.isPresent() ? OpenLineage.RunEvent.EventType.FAIL : OpenLineage.RunEvent.EventType.COMPLETE,
                ol.newRun(parentRun, runFacets(null, failure)), job(naming.materializeJob(), "JOB"), List.of(), List.of()));
    }

    private record Failure(String message, String language) {
    }

    private OpenLineage.RunFacets runFacets(RockyCall call, Optional<Failure> failure) {
        OpenLineage.RunFacetsBuilder facets = ol.newRunFacetsBuilder();
        if (call != null) {
            facets.parent(ol.newParentRunFacet(ol.newParentRunFacetRun(parentRun),
                    ol.newParentRunFacetJob(naming.jobNamespace, naming.materializeJob()), null));
            if (call.partition().isPresent() || call.options().from().isPresent()) {
                facets.put(RockyPartitionRunFacet.NAME, new RockyPartitionRunFacet(producer, call.partition(),
                        call.partition().isPresent() ? Optional.empty() : call.options().from(),
                        call.partition().isPresent() ? Optional.empty() : call.options().to()));
            }
        } else if (partitionFacet != null) {
            facets.put(RockyPartitionRunFacet.NAME, partitionFacet);
        }
        failure.ifPresent(f -> facets.errorMessage(ol.newErrorMessageRunFacet(f.message(), f.language(), null)));
        return facets.build();
    }

    private OpenLineage.Job job(String name, String jobType) {
        return ol.newJob(naming.jobNamespace, name, ol.newJobFacetsBuilder()
                .jobType(ol.newJobTypeJobFacet("BATCH", "ROCKY", jobType)).build());
    }

    private ZonedDateTime now() {
        return ZonedDateTime.now(clock);
    }
}
