package dev.rocky.component;

import dev.rocky.component.config.Crons;
import dev.rocky.component.config.OrchestrationConfig;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.orchestration.AutomationCondition;
import dev.rocky.core.orchestration.ExecutableUnit;
import dev.rocky.core.orchestration.Orchestration;
import dev.rocky.core.orchestration.ScheduleSpec;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns {@code op_tags}, {@code schedules} and {@code automation} into the graph's
 * {@link Orchestration}, and says which runs are due at a time. Stateless apart from its settings.
 */
final class OrchestrationPlanner {

    private final OrchestrationConfig config;

    OrchestrationPlanner(OrchestrationConfig config) {
        this.config = Objects.requireNonNull(config, "config is null");
    }

    /**
     * 1. one executable unit per group, with the op tags; 2. each schedule's selection resolved
     * against the graph; 3. the automation condition of every asset it covers.
     *
     * @param defs the graph
     * @return how it is run
     * @throws RockyException {@code CONFIG_INVALID} when a schedule or the automation names a group
     *     or key the graph does not have
     */
    Orchestration plan(Definitions defs) {
        // the graph's groups, made from the runs of one group its builder recorded: no pass over the assets here
        Map<String, List<AssetKey>> byGroup = defs.groups();
        List<ExecutableUnit> units = new ArrayList<>(byGroup.size());
        Map<String, String> opTags = config.opTags();
        for (Map.Entry<String, List<AssetKey>> group : byGroup.entrySet()) {
            units.add(new ExecutableUnit(unitName(group.getKey()), group.getKey(), group.getValue(), true, opTags));
        }
        List<ScheduleSpec> schedules = new ArrayList<>();
        for (OrchestrationConfig.Schedule s : config.schedules()) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("rocky/schedule", s.name());
            tags.putAll(s.tags());
            schedules.add(new ScheduleSpec(s.name(), s.cron(), s.timezone(), select(defs, byGroup, s.groups(), s.assets(),
                    "schedule " + s.name()), tags));
        }
        Map<AssetKey, AutomationCondition> automation = new LinkedHashMap<>();
        config.automation().ifPresent(a -> {
            AutomationCondition condition = a.condition().equals("eager") ? AutomationCondition.eager()
                    : AutomationCondition.onCron(a.cron().orElseThrow(), a.timezone());
            for (AssetKey key : select(defs, byGroup, a.groups(), List.of(), "automation")) {
                automation.put(key, condition);
            }
        });
        return new Orchestration(units, schedules, automation);
    }

    /**
     * @param group a group's name
     * @return {@code rocky_} and the name with each code point outside {@code [A-Za-z0-9_]} as one
     *     {@code _} (a character outside the Basic Multilingual Plane, or a lone surrogate, is one
     *     code point), as the pattern {@code [^A-Za-z0-9_]} replaces them; without a pattern, since
     *     a large graph names a unit for each of its thousand groups while its code is still cold
     */
    static String unitName(String group) {
        StringBuilder out = new StringBuilder(6 + group.length()).append("rocky_");
        for (int i = 0; i < group.length(); ) {
            int c = group.codePointAt(i);
            boolean kept = c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_');
            out.append(kept ? (char) c : '_');
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static List<AssetKey> select(Definitions defs, Map<String, List<AssetKey>> byGroup, List<String> groups, List<String> keys,
            String who) {
        if (groups.isEmpty() && keys.isEmpty()) {
            return defs.assets().stream().map(AssetSpec::key).toList();
        }
        Set<AssetKey> out = new LinkedHashSet<>();
        for (String g : groups) {
            List<AssetKey> members = byGroup.get(g);
            if (members == null) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, who + " selects group '" + g + "', which the graph does not have; "
                        + "groups: " + String.join(", ", byGroup.keySet()));
            }
            out.addAll(members);
        }
        for (String k : keys) {
            AssetKey key = new AssetKey(List.of(k.split("/", -1)));
            if (defs.asset(key).isEmpty()) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, who + " selects asset '" + k + "', which the graph does not have; "
                        + "`rocky-component defs` lists the keys");
            }
            out.add(key);
        }
        return List.copyOf(out);
    }

    /**
     * A run due at a time.
     *
     * @param source {@code schedule:<name>} or {@code automation:on_cron}
     * @param assets what to materialize
     * @param tags run tags
     */
    record Due(String source, List<AssetKey> assets, Map<String, String> tags) {
    }

    /**
     * The runs due in the minute of {@code at}: each schedule whose cron fires then, in its zone,
     * and the assets whose {@code on_cron} automation fires then (eager assets are never due on a
     * clock: they run when an upstream updates).
     *
     * @param plan the orchestration
     * @param at the time
     * @return the runs due, schedules first
     */
    static List<Due> dueAt(Orchestration plan, Instant at) {
        List<Due> out = new ArrayList<>();
        for (ScheduleSpec s : plan.schedules()) {
            if (Crons.firesAt(s.cron(), at.atZone(ZoneId.of(s.timezone())))) {
                out.add(new Due("schedule:" + s.name(), s.assets(), s.tags()));
            }
        }
        Map<String, List<AssetKey>> byCron = new LinkedHashMap<>();
        plan.automation().forEach((key, c) -> {
            if (c.type().equals("on_cron") && Crons.firesAt(c.cron().orElseThrow(), at.atZone(ZoneId.of(c.timezone().orElseThrow())))) {
                byCron.computeIfAbsent(c.cron().get() + " " + c.timezone().get(), k -> new ArrayList<>()).add(key);
            }
        });
        byCron.forEach((cron, keys) -> out.add(new Due("automation:on_cron", keys, Map.of("rocky/automation", "on_cron"))));
        return out;
    }
}
