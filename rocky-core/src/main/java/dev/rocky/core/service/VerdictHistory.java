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

    /** Records each engine-produced check result of {@code events}; a failure to write is a warning. */
    void record(List<RunEvent> events) {
        List<RecordedVerdict> real = new ArrayList<>();
        for (RunEvent e : events) {
            if (e instanceof RunEvent.AssetCheckResult c && !isPlaceholder(c.metadata())) {
                real.add(new RecordedVerdict(c.asset(), c.checkName(), c.passed(), c.severity(), clock.instant()));
            }
        }
        if (real.isEmpty()) {
            return;
        }
        try {
            store.record(real);
        } catch (RockyException e) {
            log.warn("the " + real.size() + " check verdict(s) of this materialization could not be recorded at "
                    + store.location() + " (" + e.getMessage() + "); a later run that prunes these tables reports their "
                    + "checks without a last verdict");
        }
    }

    /** @return whether a result carries {@code rocky/placeholder: true} */
    static boolean isPlaceholder(Map<String, MetadataValue> metadata) {
        return metadata.containsKey(MetadataKeys.ROCKY_PLACEHOLDER);
    }
}
