package dev.rocky.core.run;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code rocky plan} reported (plan.schema.json): the plan it persisted under
 * {@code .rocky/plans/<plan_id>.json}, which {@code rocky apply <plan_id>} then executes.
 *
 * @param planId the 64-hex-digit plan id; empty when the engine printed none (engines older than
 *     plan persistence)
 * @param planKind {@code plan_kind}, e.g. {@code run}
 * @param filter the {@code --filter} it was planned with, empty when none
 * @param statementCount how many statements the plan holds
 * @param models the models the plan covers; copied
 */
public record PlanResult(Optional<String> planId, String planKind, String filter, int statementCount, List<String> models) {

    /** Copies the list; rejects {@code null}. */
    public PlanResult {
        Objects.requireNonNull(planId, "planId is null");
        Objects.requireNonNull(planKind, "planKind is null");
        Objects.requireNonNull(filter, "filter is null");
        models = List.copyOf(models);
    }
}
