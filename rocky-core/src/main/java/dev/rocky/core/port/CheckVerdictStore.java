package dev.rocky.core.port;

import dev.rocky.core.run.RecordedVerdict;
import dev.rocky.core.spec.AssetKey;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Where each asset check's last real verdict is kept between materializations, so a check on a
 * table rocky pruned ({@code excluded_tables} with reason {@code unchanged_since_last_copy}) can
 * carry its last verdict forward instead of a placeholder. The default wiring keeps a JSON file
 * beside the state; {@link #NONE} remembers nothing.
 *
 * <p>Errors are {@link dev.rocky.core.error.StateException}s ({@code STATE_IO},
 * {@code STATE_CORRUPT}); a materialization reports them as warnings and never fails on them.
 * Thread-safe.
 */
public interface CheckVerdictStore {

    /** A store that remembers nothing: every pruned table's checks are reported without a last verdict. */
    CheckVerdictStore NONE = new CheckVerdictStore() {
        @Override
        public Map<AssetKey, Map<String, RecordedVerdict>> last(Set<AssetKey> assets) {
            return Map.of();
        }

        @Override
        public void record(Collection<RecordedVerdict> verdicts) {
        }

        @Override
        public String location() {
            return "nowhere (no check-verdict store)";
        }
    };

    /**
     * @param assets the assets whose verdicts are wanted
     * @return per asset (only those with any), per check name, its last recorded verdict
     * @throws dev.rocky.core.error.StateException when the store cannot be read
     */
    Map<AssetKey, Map<String, RecordedVerdict>> last(Set<AssetKey> assets);

    /**
     * Records verdicts, replacing the earlier verdict of each asset check they name; the others stay.
     *
     * @param verdicts the new verdicts, in the order produced; nothing is written when empty. A
     *     materialization hands a read-only list that makes each verdict as it is read (equal each
     *     time): a store that keeps them past the call copies them
     * @throws dev.rocky.core.error.StateException when the store cannot be written; the earlier
     *     verdicts are then intact
     */
    void record(Collection<RecordedVerdict> verdicts);

    /** @return where the verdicts live, for messages */
    String location();
}
