package dev.rocky.core.spec;

import java.time.LocalDate;
import java.util.Objects;

/**
 * How an asset is partitioned, as Dagster's {@code PartitionsDefinition}. Rocky's
 * {@code time_interval} strategy maps to a {@link TimeWindow}.
 */
public sealed interface PartitionsDefinition {

    /** @return a short description for people, e.g. {@code day from 2020-01-01} */
    String describe();

    /**
     * Time-window partitions of one grain starting at a first partition, e.g. daily from 2020-01-01.
     *
     * @param grain the partition width
     * @param start the first partition's start date
     */
    record TimeWindow(TimeGrain grain, LocalDate start) implements PartitionsDefinition {
        /** Validates that both parts are present. */
        public TimeWindow {
            Objects.requireNonNull(grain, "grain is null");
            Objects.requireNonNull(start, "start is null");
        }

        @Override
        public String describe() {
            return grain.wireName() + " from " + start;
        }
    }
}
