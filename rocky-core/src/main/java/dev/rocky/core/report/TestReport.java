package dev.rocky.core.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code rocky test [--model <m>]} (schema {@code test.schema.json}, {@code TestOutput}): the
 * project's tests run locally. The engine exits 1 when a test fails and still prints the document;
 * that is a report, not an error.
 *
 * @param version engine version
 * @param total tests run
 * @param passed tests passed
 * @param failed tests failed
 * @param failures each failure; copied
 * @param modelResults each model's outcome; copied
 * @param exitCode the process exit code (0, or 1 with failures)
 */
public record TestReport(String version, long total, long passed, long failed, List<Failure> failures, List<ModelResult> modelResults,
        int exitCode) {

    /** Copies lists; rejects {@code null}. */
    public TestReport {
        Objects.requireNonNull(version, "version is null");
        failures = List.copyOf(failures);
        modelResults = List.copyOf(modelResults);
    }

    /** @return whether every test passed */
    public boolean ok() {
        return failed == 0 && failures.isEmpty();
    }

    /**
     * {@code TestFailure}.
     *
     * @param name the test
     * @param error why it failed
     */
    public record Failure(String name, String error) {
    }

    /**
     * {@code ModelTestResult}.
     *
     * @param model the model
     * @param status its outcome as the engine wrote it
     * @param error why it failed, when it did
     */
    public record ModelResult(String model, String status, Optional<String> error) {
    }
}
