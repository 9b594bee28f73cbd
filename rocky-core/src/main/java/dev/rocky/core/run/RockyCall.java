package dev.rocky.core.run;

import dev.rocky.core.spec.AssetKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rocky call a materialization makes, as a {@link RunEventListener} is told of it before it
 * starts and after it returned: its flags (those {@code rocky run} gets) and the selected assets
 * it serves.
 *
 * @param index the call's place in the materialization, from 0
 * @param options the call's flags, after the per-call resolvers
 * @param serves the selected assets the call materializes, in plan order; copied
 * @param partition the partition the call serves: the tenant key under the tenant collapse,
 *     else rocky's {@code --partition} key, when there is one
 */
public record RockyCall(int index, RunOptions options, List<AssetKey> serves, Optional<String> partition) {

    /** Copies the list; rejects {@code null} and a negative index. */
    public RockyCall {
        if (index < 0) {
            throw new IllegalArgumentException("index is negative: " + index);
        }
        Objects.requireNonNull(options, "options is null");
        serves = List.copyOf(serves);
        Objects.requireNonNull(partition, "partition is null");
    }

    /** @return {@code rocky run} and its arguments, secrets masked, for messages */
    public String describe() {
        return "rocky run " + String.join(" ", RunOptions.mask(options.arguments()));
    }
}
