package dev.rocky.json;

import dev.rocky.core.run.FailureKind;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code rocky load --output json}, which {@code rocky run --pipeline <p>} also prints when
 * {@code p} is a {@code type = "load"} pipeline (rocky-cli run.rs delegates to load.rs). The engine
 * publishes no JSON Schema for it; the fields are its {@code LoadOutput} and
 * {@code LoadFileOutput} structs (rocky-cli output.rs), all required except a file's
 * {@code error} (and {@code contract}, not bound).
 *
 * @param version engine version
 * @param command {@code "load"}
 * @param sourceDir the directory the files came from
 * @param format the requested format, {@code auto} when none
 * @param filesLoaded files loaded
 * @param filesFailed files that failed
 * @param totalRows rows loaded over all files
 * @param totalBytes bytes read over all files
 * @param files one entry per file
 * @param durationMs wall time in ms
 */
public record LoadOutput(
        @Required String version,
        @Required String command,
        @Required String sourceDir,
        @Required String format,
        @Required Long filesLoaded,
        @Required Long filesFailed,
        @Required Long totalRows,
        @Required Long totalBytes,
        @Required List<FileOutput> files,
        @Required Long durationMs) implements RunDocument {

    /**
     * {@code LoadFileOutput}.
     *
     * @param file the file's path
     * @param target {@code catalog.schema.table}, or {@code schema.table} without a catalog
     * @param rowsLoaded rows loaded
     * @param bytesRead bytes read
     * @param durationMs ms
     * @param error why the file failed, absent when it loaded
     */
    public record FileOutput(@Required String file, @Required String target, @Required Long rowsLoaded, @Required Long bytesRead,
            @Required Long durationMs, String error) {
    }

    /**
     * The load as a run result: each loaded file a materialization keyed by its target's parts
     * (strategy {@code load}, its rows and target table), each failed file an error of kind
     * {@code unknown}; status {@code Success} when no file failed, {@code PartialFailure} when some
     * loaded and some failed, {@code Failure} when every file failed. A load that found no file is a
     * success with nothing materialized.
     *
     * @param exitCode the process exit code
     * @return the domain value
     */
    @Override
    public RunResult toDomain(int exitCode) {
        List<RunResult.Materialization> materializations = new ArrayList<>();
        List<RunResult.TableError> errors = new ArrayList<>();
        for (FileOutput f : files) {
            List<String> key = List.of(f.target().split("\\.", -1));
            if (f.error() == null) {
                materializations.add(new RunResult.Materialization(key, OptionalLong.of(f.rowsLoaded()), f.durationMs(), "",
                        "load", Optional.empty(), Optional.of(f.target()), Optional.empty(), OptionalLong.empty(),
                        OptionalLong.empty(), Optional.empty()));
            } else {
                errors.add(new RunResult.TableError(key, f.file() + ": " + f.error(), FailureKind.UNKNOWN, OptionalLong.empty()));
            }
        }
        RunStatus status = filesFailed == 0 ? RunStatus.SUCCESS : filesLoaded > 0 ? RunStatus.PARTIAL_FAILURE : RunStatus.FAILURE;
        return new RunResult(status, Optional.of("load"), "", durationMs, filesLoaded, filesFailed, materializations, List.of(), errors,
                List.of(), 0, 0, List.of(), List.of(), List.of(), false, Optional.empty(), Optional.empty(), exitCode);
    }
}
