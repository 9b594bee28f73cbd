package dev.rocky.core.service;

import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.CheckVerdictStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.RecordedVerdict;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import java.time.Clock;
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
    /**
     * The kept results as columns, in chunks of {@link #CHUNK}: nothing per result lives through a
     * materialization but its slot here, and no array grows by copying or is large enough for G1 to
     * allocate it as a humongous object (which a young collection does not reclaim when it holds
     * references on JDK 17: 300,000 results in two growing lists left 12-16 MiB of them per
     * materialization until the next marking, and each young pause took 46-56 ms instead of 3-9).
     */
    private final List<Chunk> chunks = new java.util.ArrayList<>();
    private int kept;
    /** One instance per check name: rocky's output makes a new string for each result. */
    private final Map<String, String> names = new java.util.HashMap<>();

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
            int at = kept & (CHUNK - 1);
            if (at == 0) {
                chunks.add(new Chunk(new AssetKey[CHUNK], new String[CHUNK], new byte[CHUNK]));
            }
            Chunk chunk = chunks.get(chunks.size() - 1);
            chunk.assets[at] = c.asset();
            chunk.checkNames[at] = names.computeIfAbsent(c.checkName(), n -> n);
            chunk.verdicts[at] = (byte) (c.severity().ordinal() << 1 | (c.passed() ? 1 : 0));
            kept++;
        }
    }

    /**
     * Records the check results {@link #observe} kept, stamped with the clock's now; a failure to
     * write is a warning. The store is handed a list that makes each verdict when it is read, so
     * the verdicts of a 100,000-table materialization (300,000 with three checks a table) are not
     * all held at once while the store writes them.
     */
    void record() {
        if (kept == 0) {
            return;
        }
        List<RecordedVerdict> real = new Stamped(clock.instant());
        try {
            store.record(real);
        } catch (RockyException e) {
            log.warn("the " + real.size() + " check verdict(s) of this materialization could not be recorded at "
                    + store.location() + " (" + e.getMessage() + "); a later run that prunes these tables reports their "
                    + "checks without a last verdict");
        }
    }

    /** The kept results, each made a {@link RecordedVerdict} stamped with one instant when read. Read-only. */
    private final class Stamped extends java.util.AbstractList<RecordedVerdict> implements java.util.RandomAccess {
        private static final CheckSeverity[] SEVERITIES = CheckSeverity.values();
        private final java.time.Instant at;

        Stamped(java.time.Instant at) {
            this.at = at;
        }

        @Override
        public RecordedVerdict get(int index) {
            java.util.Objects.checkIndex(index, kept);
            Chunk chunk = chunks.get(index / CHUNK);
            int i = index & (CHUNK - 1);
            byte v = chunk.verdicts[i];
            return new RecordedVerdict(chunk.assets[i], chunk.checkNames[i], (v & 1) != 0, SEVERITIES[v >> 1], at);
        }

        @Override
        public int size() {
            return kept;
        }
    }

    /** Results kept per chunk. */
    private static final int CHUNK = 1024;

    /** {@link #CHUNK} kept results: asset, check name, and in {@code verdicts} bit 0 passed, the rest the severity's ordinal. */
    private record Chunk(AssetKey[] assets, String[] checkNames, byte[] verdicts) {
    }

    /** @return whether a result carries {@code rocky/placeholder: true} */
    static boolean isPlaceholder(Map<String, MetadataValue> metadata) {
        return metadata.containsKey(MetadataKeys.ROCKY_PLACEHOLDER);
    }
}
