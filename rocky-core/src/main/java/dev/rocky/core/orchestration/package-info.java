/**
 * How the graph is run by an orchestrator, as values: the executable units assets run in (the
 * reference's one multi-asset per group, with its {@code op_tags}), the schedules of defs.yaml and
 * the automation conditions of assets. rocky-java has no scheduler; these say to one what to run and
 * when.
 */
package dev.rocky.core.orchestration;
