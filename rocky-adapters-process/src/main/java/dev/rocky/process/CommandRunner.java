package dev.rocky.process;

import dev.rocky.core.error.RockyBinaryException;
import java.util.function.Consumer;

/**
 * Runs one process and reports how it ended: the seam below {@link ProcessRockyCli}. The real
 * implementation is {@link CommonsExecCommandRunner}; {@code rocky-testkit} replaces it with a fake
 * that answers from recorded output, so everything above the seam, the argv, the exit-code rules and
 * the JSON parsing, runs unchanged in tests.
 *
 * <p>Implementations are thread-safe.
 */
public interface CommandRunner {

    /**
     * Runs the process to its end, its timeout or its stdout cap.
     *
     * @param request what to run
     * @param stderrLines receives each stderr line as it arrives, without terminator, on a pump thread
     * @return how it ended; a timeout or an overflow is reported in the result, not thrown
     * @throws RockyBinaryException when the program does not exist or cannot be executed
     */
    CommandResult run(CommandRequest request, Consumer<String> stderrLines);

    /**
     * Checks, without starting it, that {@code program} could be started from
     * {@code workingDirectory}. The default accepts every program: a runner that does not start
     * real processes (the testkit's in-process fake) has nothing to check.
     *
     * @param program the program as {@link CommandRequest#argv()} names it
     * @param workingDirectory the directory a relative program path is resolved against
     * @throws RockyBinaryException {@code BINARY_NOT_FOUND} or {@code BINARY_NOT_EXECUTABLE}
     */
    default void checkProgram(String program, java.nio.file.Path workingDirectory) {
    }
}
