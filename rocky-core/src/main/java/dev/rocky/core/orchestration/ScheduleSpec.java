package dev.rocky.core.orchestration;

import dev.rocky.core.spec.AssetKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cron-driven materialization of a selection, as the reference's {@code build_rocky_schedule}
 * (dagster-rocky schedules.py): its tags carry {@code rocky/schedule: <name>}.
 *
 * @param name the schedule's name (unique, {@code [A-Za-z0-9_]+})
 * @param cron a standard five-field cron
 * @param timezone the IANA zone the cron is read in ({@code UTC} by default)
 * @param assets the assets it materializes, resolved from its groups and keys; copied
 * @param tags run tags, {@code rocky/schedule} included; copied
 */
public record ScheduleSpec(String name, String cron, String timezone, List<AssetKey> assets, Map<String, String> tags) {

    /** Copies; rejects {@code null}. */
    public ScheduleSpec {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(cron, "cron is null");
        Objects.requireNonNull(timezone, "timezone is null");
        assets = List.copyOf(assets);
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }
}
