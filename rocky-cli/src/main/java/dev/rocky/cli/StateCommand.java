package dev.rocky.cli;

import dev.rocky.component.RockyComponent;
import dev.rocky.core.state.StateVersion;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rocky-component state versions|rollback}: a versioned state's history. */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = {"List or roll back the versions of a versioned state",
            "(defs_state: {management_type: VERSIONED_STATE_STORAGE}). Calls nothing."},
        subcommands = {StateCommand.Versions.class, StateCommand.Rollback.class})
final class StateCommand implements Callable<Integer> {

    @ParentCommand
    RockyComponentCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code state versions}. */
    @Command(name = "versions", mixinStandardHelpOptions = true,
            description = {"List the kept versions, newest first; `*` marks the one loads read."})
    static final class Versions implements Callable<Integer> {
        @ParentCommand
        StateCommand state;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            RockyComponent component = state.parent.component();
            List<StateVersion> versions = component.versions();
            PrintWriter out = spec.commandLine().getOut();
            if (versions.isEmpty()) {
                out.println("no versions in " + component.stateLocation() + "; run `rocky-component refresh`");
            }
            for (StateVersion v : versions) {
                out.println((v.latest() ? "* " : "  ") + v.id() + "  " + v.writtenAt() + "  " + v.bytes() + " bytes");
            }
            out.flush();
            return 0;
        }
    }

    /** {@code state rollback <version>}. */
    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"Make a kept version the one loads read (moves the latest pointer; deletes nothing)."})
    static final class Rollback implements Callable<Integer> {
        @ParentCommand
        StateCommand state;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<version>", description = "A version id from `state versions`.")
        String version;

        @Override
        public Integer call() {
            RockyComponent component = state.parent.component();
            component.rollback(version);
            spec.commandLine().getOut().println("rolled back " + component.stateLocation() + " to version " + version);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
