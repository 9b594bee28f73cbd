package dev.rocky.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What {@code rocky compile --output json} reports (schema {@code CompileOutput}). A compile with
 * errors exits 1 but still prints this document, with {@code hasErrors} true.
 *
 * @param version the engine version that printed it
 * @param models the compiled models; copied
 * @param diagnostics the compiler's diagnostics; copied
 * @param hasErrors true when any diagnostic is an error
 */
public record CompileResult(String version, List<ModelDetail> models, List<Diagnostic> diagnostics, boolean hasErrors) {

    /** Copies the lists. */
    public CompileResult {
        Objects.requireNonNull(version, "version is null");
        models = List.copyOf(models);
        diagnostics = List.copyOf(diagnostics);
    }
}
