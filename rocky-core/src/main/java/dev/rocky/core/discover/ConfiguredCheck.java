package dev.rocky.core.discover;

import java.util.Objects;

/**
 * A non-default check a pipeline will emit at run time ({@code checks.configured_checks.<table>[]}
 * in discover's output, schema {@code ResolvedCheckNameOutput}).
 *
 * @param kind {@code custom}, {@code assertion}, {@code null_rate} or {@code cross_source_overlap}
 * @param name the name the run's {@code CheckResult.name} will carry
 * @param candidate true when the check may not be emitted on every run
 */
public record ConfiguredCheck(String kind, String name, boolean candidate) {

    /** Rejects {@code null} parts. */
    public ConfiguredCheck {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(name, "name is null");
    }
}
