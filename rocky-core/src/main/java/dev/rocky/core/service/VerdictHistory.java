package dev.rocky.core.service;

import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.CheckVerdictStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.RecordedVerdict;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The materialize side of the {@link CheckVerdictStore}: reads the last verdicts of the tables a
 * run pruned, and records the verdicts rocky produced (never a placeholder or a carried-forward
 * result). The store failing is a warning: it never fails a materialization.
 */
final class VerdictHistory {

    private final CheckVerdictStore store;
    private final LogSink log;
    private final Clock clock;
    private final List<Seen> seen = new ArrayList<>();

    VerdictHistory(CheckVerdictStore store, LogSink log, Clock clock) {
        this.store = store;
        this.log = log;
        this.clock = clock;
    }

    /** @return the last verdicts of {@code assets}; empty, with a warning, when the store cannot be read */
    Map<AssetKey, Map<String, RecordedVerdict>> last(Set<AssetKey> assets) {
        if (assets.isEmpty()) {
            return Map.of();
        }
        try {
            return store.last(assets);
        } catch (RockyException e) {
            log.warn("the last check verdicts at " + store.location() + " could not be read (" + e.getMessage() + "); the checks "
                    + "of the " + assets.size() + " pruned table(s) are reported without them");
            return Map.of();
        }
    }

    /**
     * Notes one event a materialization handed on: an engine-produced check result is kept (its
     * asset, name, verdict and severity) for {@link #record()}; a placeholder or a carried-forward
     * result is not.
     */
    void observe(RunEvent event) {
        if (event instanceof RunEvent.AssetCheckResult c && !isPlaceholder(c.metadata())) {
            seen.add(new Seen(c.asset(), c.checkName(), c.passed(), c.severity()));
        }
    }

    /** Records the check results {@link #observe} kept, stamped with the clock's now; a failure to write is a warning. */
    void record() {
        if (seen.isEmpty()) {
            return;
        }
        java.time.Instant now = clock.instant();
        List<RecordedVerdict> real = new ArrayList<>(seen.size());
        for (Seen v : seen) {
            real.add(new RecordedVerdict(v.asset(), v.checkName(), v.passed(), v.severity(), now));
        }
        try {
            store.record(real);
        } catch (RockyException e) {
            log.warn("the " + real.size() + " check verdict(s) of this materialization could not be recorded at "
                    + store.location() + " (" + e.getMessage() + "); a later run that prunes these tables reports their "
                    + "checks without a last verdict");
        }
    }

    /** An engine-produced verdict, before it is stamped. */
    private record Seen(AssetKey asset, String checkName, boolean passed, dev.rocky.core.run.CheckSeverity severity) {
    }

    /** @return whether a result carries {@code rocky/placeholder: true} */
    static boolean isPlaceholder(Map<String, MetadataValue> metadata) {
        return metadata.containsKey(MetadataKeys.ROCKY_PLACEHOLDER);
    }
}
