package dev.rocky.core.service;

import dev.rocky.core.state.DagStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a refresh wrote.
 *
 * @param location where the state was written, e.g. a file path
 * @param sources the number of discovered sources in the written discover slot
 * @param tables the number of discovered tables in it
 * @param slots the command slots written, in order, e.g. {@code [discover, compile, optimize]}
 * @param bytes the state document's size in bytes
 * @param warnings what was asked for and not done, one line each (a failed command, a source
 *     discover could not read, a failed post-write hook); progress and notices go to the log, not
 *     here, so any warning makes the refresh {@link Outcome#PARTIAL}
 * @param version the new version's id in a versioned store, else empty
 * @param dagStatus the DAG slot's status
 * @param failedCommands the commands that failed (their slots were carried forward or left out); copied
 */
public record RefreshReport(String location, int sources, int tables, List<String> slots, long bytes, List<String> warnings,
        Optional<String> version, DagStatus dagStatus, Set<String> failedCommands) {

    /** How a refresh ended, with the CLI's exit code for each. */
    public enum Outcome {
        /** Every command succeeded and every source was read; exit 0. */
        COMPLETE(0),
        /** The state was written, but something asked for was not done (see the warnings); exit 3. */
        PARTIAL(3);

        private final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        /** @return the exit code {@code rocky-component refresh} ends with */
        public int exitCode() {
            return exitCode;
        }
    }

    /** @return {@link Outcome#COMPLETE} when there is no warning, else {@link Outcome#PARTIAL} */
    public Outcome outcome() {
        return warnings.isEmpty() ? Outcome.COMPLETE : Outcome.PARTIAL;
    }

    /** Copies the collections. */
    public RefreshReport {
        Objects.requireNonNull(location, "location is null");
        slots = List.copyOf(slots);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(version, "version is null");
        Objects.requireNonNull(dagStatus, "dagStatus is null");
        failedCommands = java.util.Collections.unmodifiableSet(new TreeSet<>(failedCommands));
    }
}
