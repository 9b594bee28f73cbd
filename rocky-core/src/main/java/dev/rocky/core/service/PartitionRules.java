package dev.rocky.core.service;

import dev.rocky.core.model.ModelStrategy;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.spec.FreshnessPolicy;
import dev.rocky.core.spec.PartitionsDefinition;
import dev.rocky.core.spec.TimeGrain;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The load's rules for time partitions and freshness, shared by every graph stage: a
 * {@code time_interval} model or a DAG node's partition shape becomes a
 * {@link PartitionsDefinition.TimeWindow} starting at its {@code first_partition} (or
 * {@link BuildDefinitions#DEFAULT_FIRST_PARTITION}); a positive lag becomes a freshness policy.
 * Equal definitions are shared, so a 100k-asset graph holds one object per distinct shape.
 * Not thread-safe (one per load).
 */
final class PartitionRules {

    private final LogSink log;
    private final Map<PartitionsDefinition, PartitionsDefinition> shared = new HashMap<>();

    /** @param log where an unknown shape or an unreadable first partition is reported */
    PartitionRules(LogSink log) {
        this.log = log;
    }

    /** @return the partitions of a compiled model: a time window for {@code time_interval} with a granularity */
    Optional<PartitionsDefinition> ofStrategy(ModelStrategy strategy, String model) {
        if (!strategy.type().equals("time_interval") || strategy.granularity().isEmpty()) {
            return Optional.empty();
        }
        return window(strategy.granularity(), strategy.firstPartition(), model);
    }

    /** @return the partitions of a DAG node's {@code partition_shape} ({@code hourly}, {@code day}, …) */
    Optional<PartitionsDefinition> ofShape(String shape, Optional<String> first, String owner) {
        return window(grainOf(shape), first, owner);
    }

    private Optional<PartitionsDefinition> window(Optional<TimeGrain> grain, Optional<String> first, String owner) {
        if (grain.isEmpty()) {
            log.warn(owner + " has a partition shape this build does not know; it is built unpartitioned");
            return Optional.empty();
        }
        LocalDate start = BuildDefinitions.DEFAULT_FIRST_PARTITION;
        if (first.isPresent() && !first.get().isBlank()) {
            try {
                start = firstPartitionDate(first.get());
            } catch (DateTimeParseException e) {
                log.warn(owner + " declares first_partition '" + first.get() + "', which is not a partition key; "
                        + BuildDefinitions.DEFAULT_FIRST_PARTITION + " is used");
            }
        }
        PartitionsDefinition p = new PartitionsDefinition.TimeWindow(grain.get(), start);
        return Optional.of(shared.computeIfAbsent(p, x -> x));
    }

    /**
     * @param key a partition key in rocky's canonical form: {@code 2026}, {@code 2026-04},
     *     {@code 2026-04-08} or {@code 2026-04-08T13}
     * @return the date the partition starts on
     * @throws DateTimeParseException when it is none of those
     */
    static LocalDate firstPartitionDate(String key) {
        String k = key.strip();
        int t = k.indexOf('T');
        String date = t >= 0 ? k.substring(0, t) : k;
        if (date.matches("\\d{4}")) {
            return LocalDate.parse(date + "-01-01");
        }
        if (date.matches("\\d{4}-\\d{2}")) {
            return LocalDate.parse(date + "-01");
        }
        return LocalDate.parse(date);
    }

    private static Optional<TimeGrain> grainOf(String shape) {
        String s = shape.toLowerCase(Locale.ROOT);
        switch (s) {
            case "hourly":
                return Optional.of(TimeGrain.HOUR);
            case "daily":
                return Optional.of(TimeGrain.DAY);
            case "monthly":
                return Optional.of(TimeGrain.MONTH);
            case "yearly":
                return Optional.of(TimeGrain.YEAR);
            default:
                return TimeGrain.fromWireName(s);
        }
    }

    /** @return a freshness policy for a positive lag in seconds, else empty */
    static Optional<FreshnessPolicy> freshness(OptionalLong seconds) {
        return seconds.isPresent() && seconds.getAsLong() > 0
                ? Optional.of(FreshnessPolicy.ofSeconds(seconds.getAsLong())) : Optional.empty();
    }
}
