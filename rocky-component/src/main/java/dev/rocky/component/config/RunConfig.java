package dev.rocky.component.config;

/**
 * How materializations report.
 *
 * @param satisfyEmptyOutputs {@code satisfy_empty_outputs} (default false): a zero-row
 *     materialization for each selected asset the runs neither materialized nor failed
 */
public record RunConfig(boolean satisfyEmptyOutputs) {
}
