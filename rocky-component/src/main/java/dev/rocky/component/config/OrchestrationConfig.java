package dev.rocky.component.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How an orchestrator runs the graph: {@code op_tags}, {@code schedules} and {@code automation}.
 *
 * @param opTags {@code op_tags}: tags on every executable unit (e.g. {@code dagster/pool: rocky});
 *     copied
 * @param schedules {@code schedules}; copied
 * @param automation {@code automation}, when set
 */
public record OrchestrationConfig(Map<String, String> opTags, List<Schedule> schedules, Optional<Automation> automation) {

    /** Nothing set. */
    public static final OrchestrationConfig NONE = new OrchestrationConfig(Map.of(), List.of(), Optional.empty());

    /** Copies; rejects {@code null}. */
    public OrchestrationConfig {
        opTags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(opTags));
        schedules = List.copyOf(schedules);
        Objects.requireNonNull(automation, "automation is null");
    }

    /**
     * One entry of {@code schedules}.
     *
     * @param name unique, {@code [A-Za-z0-9_]+}
     * @param cron a five-field cron (checked)
     * @param timezone an IANA zone (checked), {@code UTC} by default
     * @param groups the groups it selects; copied
     * @param assets the asset keys it selects, as {@code a/b/c}; copied (none with no group either: the whole graph)
     * @param tags run tags; copied
     */
    public record Schedule(String name, String cron, String timezone, List<String> groups, List<String> assets,
            Map<String, String> tags) {
        /** Copies; rejects {@code null}. */
        public Schedule {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(cron, "cron is null");
            Objects.requireNonNull(timezone, "timezone is null");
            groups = List.copyOf(groups);
            assets = List.copyOf(assets);
            tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        }
    }

    /**
     * {@code automation}: the condition assets get.
     *
     * @param condition {@code eager} or {@code on_cron}
     * @param cron with {@code on_cron}
     * @param timezone with {@code on_cron}, {@code UTC} by default
     * @param groups the groups it applies to; copied (empty: every asset)
     */
    public record Automation(String condition, Optional<String> cron, String timezone, List<String> groups) {
        /** Copies; rejects {@code null}. */
        public Automation {
            Objects.requireNonNull(condition, "condition is null");
            Objects.requireNonNull(cron, "cron is null");
            Objects.requireNonNull(timezone, "timezone is null");
            groups = List.copyOf(groups);
        }
    }
}
