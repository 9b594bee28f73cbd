/**
 * What rocky's read-only reporting commands print, as domain values: {@code state},
 * {@code history}, {@code metrics}, {@code cost}, {@code test}, {@code ci} and
 * {@code review --status} (one record per command, each named after the engine's schema it
 * mirrors). The raw document stays available through {@link dev.rocky.core.state.RockyOutput#json()}
 * for the fields not bound here.
 */
package dev.rocky.core.report;
