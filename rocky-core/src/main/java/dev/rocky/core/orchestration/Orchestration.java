package dev.rocky.core.orchestration;

import dev.rocky.core.spec.AssetKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the graph is run: its executable units, schedules and each asset's automation condition.
 *
 * @param units the executable units, one per group; copied
 * @param schedules the schedules; copied
 * @param automation each asset's automation condition, for the assets that have one; copied
 */
public record Orchestration(List<ExecutableUnit> units, List<ScheduleSpec> schedules, Map<AssetKey, AutomationCondition> automation) {

    /** None. */
    public static final Orchestration NONE = new Orchestration(List.of(), List.of(), Map.of());

    /** Copies; rejects {@code null}. */
    public Orchestration {
        units = List.copyOf(units);
        schedules = List.copyOf(schedules);
        automation = Map.copyOf(Objects.requireNonNull(automation, "automation is null"));
    }
}
