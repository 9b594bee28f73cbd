package dev.rocky.json;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.rocky.core.run.PlanResult;
import java.util.List;
import java.util.Optional;

/**
 * {@code rocky plan --output json} (schema {@code plan.schema.json}, title {@code PlanOutput}).
 *
 * @param version engine version (required)
 * @param command {@code "plan"} (required)
 * @param filter the filter (required)
 * @param statements how many statements were planned (required: an array of objects, counted by
 *     {@link ObjectCountDeserializer}; their SQL is the engine's persisted plan, never read here)
 * @param planId 64 hex digits; absent from engines older than plan persistence
 * @param planKind e.g. {@code run}; absent with {@code plan_id}
 * @param models the models covered, absent when none; every plan of a project repeats them, so they
 *     are read with {@link RepeatedNamesDeserializer}
 */
public record PlanOutput(
        @Required String version,
        @Required String command,
        @Required String filter,
        @Required @JsonDeserialize(using = ObjectCountDeserializer.class) Integer statements,
        String planId,
        String planKind,
        @JsonDeserialize(using = RepeatedNamesDeserializer.class) List<String> models) {

    /** @return the domain value */
    public PlanResult toDomain() {
        return new PlanResult(Optional.ofNullable(planId).filter(s -> !s.isBlank()), planKind == null ? "run" : planKind, filter,
                statements, models == null ? List.of() : models);
    }
}
