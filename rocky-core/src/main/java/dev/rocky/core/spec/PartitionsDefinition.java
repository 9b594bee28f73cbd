package dev.rocky.core.spec;

import java.time.LocalDate;
import java.time.LocalDateTime;
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

        /**
         * @return the first partition's window start: the first window of the grain that starts on
         *     or after {@link #start()} (midnight UTC), as Dagster's time-window partitions have it
         */
        public LocalDateTime firstWindow() {
            LocalDateTime at = start.atStartOfDay();
            LocalDateTime floor = grain.floor(at);
            return floor.equals(at) ? at : grain.next(floor);
        }

        /**
         * @param now the current time
         * @return the last partition's window start: the last window that has ended by {@code now}
         *     (UTC; Dagster's default {@code end_offset=0}), or empty when none has ended yet
         */
        public java.util.Optional<LocalDateTime> lastWindow(java.time.Instant now) {
            LocalDateTime current = grain.floor(LocalDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
            LocalDateTime last = switch (grain) {
                case HOUR -> current.minusHours(1);
                case DAY -> current.minusDays(1);
                case MONTH -> current.minusMonths(1);
                case YEAR -> current.minusYears(1);
            };
            return last.isBefore(firstWindow()) ? java.util.Optional.empty() : java.util.Optional.of(last);
        }

        /**
         * Checks that a key names one of these partitions: of the grain's form, not before the
         * first partition, and not a window that has not ended yet.
         *
         * @param key a partition key in the orchestrator's form, e.g. {@code 2026-04-08}
         * @param now the current time
         * @return the window's start
         * @throws IllegalArgumentException naming the key, the valid range and the expected form
         */
        public LocalDateTime check(String key, java.time.Instant now) {
            LocalDateTime window = grain.windowStart(key);
            LocalDateTime first = firstWindow();
            java.util.Optional<LocalDateTime> last = lastWindow(now);
            String range = last.isEmpty() ? "none has ended yet (the first, " + grain.orchestratorKey(first) + ", ends at "
                    + grain.next(first) + "Z)" : "the partitions are " + grain.orchestratorKey(first) + " to "
                    + grain.orchestratorKey(last.get());
            if (window.isBefore(first)) {
                throw new IllegalArgumentException("partition " + key + " is before the first partition (" + describe() + "); "
                        + range);
            }
            if (last.isEmpty() || window.isAfter(last.get())) {
                throw new IllegalArgumentException("partition " + key + " has not ended yet (it ends at " + grain.next(window)
                        + "Z); " + range);
            }
            return window;
        }
    }

    /**
     * A dynamic partitions definition (Dagster's {@code DynamicPartitionsDefinition}): named keys
     * that grow at run time; the tenant-as-partition collapse's ({@link TenantPartitioning}).
     *
     * @param name the definition's name ({@code partitions_name})
     * @param keys the keys known at load (the discovered tenants), sorted; copied
     */
    record Dynamic(String name, java.util.List<String> keys) implements PartitionsDefinition {
        /** Copies the keys; rejects {@code null}. */
        public Dynamic {
            Objects.requireNonNull(name, "name is null");
            keys = java.util.List.copyOf(keys);
        }

        @Override
        public String describe() {
            return "dynamic " + name + " (" + keys.size() + (keys.size() == 1 ? " key" : " keys") + ")";
        }
    }
}
