package dev.rocky.json;

import dev.rocky.core.run.RunResult;

/**
 * What {@code rocky run} (or {@code rocky apply}) prints: a run document ({@link RunOutput}); when
 * the pipeline it runs is a {@code type = "load"} pipeline, the load document ({@link LoadOutput}),
 * since rocky-cli's run.rs hands such a pipeline to {@code rocky load}; from an apply, possibly the
 * apply envelope ({@link ApplyOutput}). Each becomes one {@link RunResult}.
 */
public sealed interface RunDocument permits RunOutput, LoadOutput, ApplyOutput {

    /** @return the document's top-level {@code command} ({@code run} or {@code load}) */
    String command();

    /**
     * @param exitCode the process exit code
     * @return the domain value
     * @throws IllegalArgumentException when a value is outside what the schema allows
     */
    RunResult toDomain(int exitCode);

    /**
     * @param stdout what {@code rocky run} printed
     * @return the DTO type to read it as: {@link LoadOutput} when its top-level {@code command} is
     *     {@code load}, {@link ApplyOutput} when it is {@code apply}, {@link RunOutput} otherwise (a wrong or missing command is reported by the
     *     run document's own checks)
     */
    static Class<? extends RunDocument> typeOf(byte[] stdout) {
        String command = RockyJson.leadingCommand(stdout);
        return "load".equals(command) ? LoadOutput.class : "apply".equals(command) ? ApplyOutput.class : RunOutput.class;
    }
}
