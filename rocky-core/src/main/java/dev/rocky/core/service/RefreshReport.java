package dev.rocky.core.service;

import java.util.List;
import java.util.Objects;

/**
 * What a refresh wrote.
 *
 * @param location where the state was written, e.g. a file path
 * @param sources the number of discovered sources
 * @param tables the number of discovered tables
 * @param slots the slots written, in order, e.g. {@code [discover, compile, optimize]}
 * @param bytes the state document's size in bytes
 * @param warnings what went wrong but did not stop the refresh, one line each
 */
public record RefreshReport(String location, int sources, int tables, List<String> slots, long bytes, List<String> warnings) {

    /** Copies the lists. */
    public RefreshReport {
        Objects.requireNonNull(location, "location is null");
        slots = List.copyOf(slots);
        warnings = List.copyOf(warnings);
    }
}
