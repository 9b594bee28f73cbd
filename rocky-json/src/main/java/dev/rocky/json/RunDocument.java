package dev.rocky.json;

import dev.rocky.core.run.RunResult;

/**
 * What {@code rocky run --output json} prints: a run document ({@link RunOutput}), or, when the
 * pipeline it runs is a {@code type = "load"} pipeline, the load document ({@link LoadOutput}),
 * since rocky-cli's run.rs hands such a pipeline to {@code rocky load}. Both become one
 * {@link RunResult}.
 */
public sealed interface RunDocument permits RunOutput, LoadOutput {

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
     *     {@code load}, {@link RunOutput} otherwise (a wrong or missing command is reported by the
     *     run document's own checks)
     */
    static Class<? extends RunDocument> typeOf(byte[] stdout) {
        return "load".equals(RockyJson.leadingCommand(stdout)) ? LoadOutput.class : RunOutput.class;
    }
}
