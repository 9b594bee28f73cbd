package dev.rocky.core.report;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * What a rocky command prints when the engine publishes no JSON Schema for it (the
 * {@code catalog}, {@code branch}, {@code plan promote}, {@code product}, {@code ai*},
 * {@code hooks}, {@code validate-migration} and {@code test-adapter} families): its stdout as the
 * engine wrote it, with the argv that produced it. Read it with any JSON library; for {@code hooks}
 * it is text.
 *
 * @param subcommand the argv after the global flags, e.g. {@code [product, verify, orders_mart]}
 * @param stdout the bytes rocky printed (secrets masked); copied
 * @param exitCode the process exit code (non-zero only for a command whose failure still prints a report)
 */
public record RawReport(List<String> subcommand, byte[] stdout, int exitCode) {

    /** Copies; rejects {@code null}. */
    public RawReport {
        subcommand = List.copyOf(subcommand);
        stdout = Objects.requireNonNull(stdout, "stdout is null").clone();
    }

    /** @return a copy of the bytes */
    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    /** @return the stdout as UTF-8 text */
    public String text() {
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
