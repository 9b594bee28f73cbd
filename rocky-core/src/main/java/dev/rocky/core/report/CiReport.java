package dev.rocky.core.report;

import java.util.List;
import java.util.Objects;

/**
 * {@code rocky ci} (schema {@code ci.schema.json}, {@code CiOutput}): compile, then test. The
 * engine exits 1 when either fails and still prints the document.
 *
 * @param version engine version
 * @param compileOk whether every model compiled
 * @param testsOk whether every test passed
 * @param modelsCompiled models compiled
 * @param testsPassed tests passed
 * @param testsFailed tests failed
 * @param reportedExitCode the {@code exit_code} the document reports
 * @param failures each test failure; copied
 * @param diagnostics each compile diagnostic; copied
 * @param exitCode the process exit code
 */
public record CiReport(String version, boolean compileOk, boolean testsOk, long modelsCompiled, long testsPassed, long testsFailed,
        int reportedExitCode, List<TestReport.Failure> failures, List<Diagnostic> diagnostics, int exitCode) {

    /** Copies lists; rejects {@code null}. */
    public CiReport {
        Objects.requireNonNull(version, "version is null");
        failures = List.copyOf(failures);
        diagnostics = List.copyOf(diagnostics);
    }

    /** @return whether compile and tests both passed */
    public boolean ok() {
        return compileOk && testsOk;
    }

    /**
     * {@code Diagnostic}.
     *
     * @param severity {@code Error}, {@code Warning} or {@code Info}
     * @param code the diagnostic code (e.g. {@code E010})
     * @param model the model
     * @param message what it says
     */
    public record Diagnostic(String severity, String code, String model, String message) {
    }
}
