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

    /**
     * Reads one {@code rocky plan} document as {@link RockyJson#read} does, with the same value and
     * the same refusals, without tokenizing again the {@code models} and {@code execution_layers}
     * the previous plan printed byte for byte ({@link PlanTailReader}: each plan lists every model
     * of the project, so a materialization of 1,000 sources reads the same list 1,000 times).
     *
     * @param json the document (UTF-8)
     * @return the bound document
     * @throws com.fasterxml.jackson.core.JacksonException when the document is not JSON, repeats a
     *     key or does not fit this record
     * @throws java.io.IOException when it cannot be read
     */
    public static PlanOutput read(byte[] json) throws java.io.IOException {
        return PlanTailReader.read(json);
    }

    /** @return the domain value */
    public PlanResult toDomain() {
        return new PlanResult(Optional.ofNullable(planId).filter(s -> !s.isBlank()), planKind == null ? "run" : planKind, filter,
                statements, models == null ? List.of() : models);
    }
}
