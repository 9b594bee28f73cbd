package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code --defer}, {@code --defer-to}, {@code --resume} and {@code --resume-latest} exist on
 * {@code rocky run} only (rocky_sdk client.py {@code _build_plan_args}, #1404): a streaming run
 * that carries one goes straight to {@code rocky run} instead of a plan the engine would refuse.
 */
class RunOnlyFlagsTest {

    @Test
    void aStreamingRunWithARunOnlyFlagIsOneRockyRun() {
        CoreFakes.Cli cli = new CoreFakes.Cli();
        cli.run = o -> new RunResult(RunStatus.SUCCESS, Optional.empty(), "", 1, 0, 0, List.of(), List.of(), List.of(), List.of(), 0, 0,
                List.of(), List.of(), List.of(), false, Optional.empty(), Optional.empty(), 0);
        RockyResource resource = new RockyResource(cli, (level, message) -> { });

        resource.runStreaming((level, message) -> { }, RunOptions.builder().model("fct").models("models", false).defer(true).build());
        resource.runStreaming((level, message) -> { }, RunOptions.builder().resumeLatest(true).build());

        assertThat(cli.calls).containsExactly("run --models models --model fct --defer", "run --resume-latest");
        assertThat(RunOptions.builder().build().runOnlyFlags()).isEmpty();
    }
}
