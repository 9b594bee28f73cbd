package dev.rocky.testkit;

import dev.rocky.contract.RockyContract;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Stdout recorded from the real rocky 1.71.0 binary in the bundled playground projects (see
 * {@code rocky-contract} MANIFEST.md for each recording's project and argv), as cassettes.
 */
public final class RecordedProjects {

    /** The plan id of the recorded {@code plan --filter source=orders} in 01-replication-basics. */
    public static final String PLAN_ID = "a44c8485d91a4a8b7fe5060d3b1320aac389de6cb3ddc8a958162c850cfe3fca";

    /**
     * One recorded call.
     *
     * @param project the bundled project it was recorded in
     * @param args the subcommand arguments (after {@code rocky --output json})
     * @param fixture the bundled fixture holding its stdout
     * @param exitCode the exit code it had
     */
    public record RecordedCall(String project, List<String> args, String fixture, int exitCode) {

        /** Copies the list. */
        public RecordedCall {
            args = List.copyOf(args);
        }

        /** @return the call as a cassette recording */
        public Recording recording() {
            return new Recording(args, RockyContract.read(fixture).getBytes(StandardCharsets.UTF_8), new byte[0], exitCode,
                    "recorded: rocky 1.71.0 stdout in " + project + ", rocky-contract " + fixture);
        }
    }

    private static final List<RecordedCall> CALLS = List.of(
            call("01-replication-basics", "discover", "fixtures/discover.json", 0),
            call("01-replication-basics", "plan --filter source=orders", "fixtures/plan.json", 0),
            call("01-replication-basics", "run --filter source=orders", "fixtures/run.json", 0),
            call("01-replication-basics", "apply " + PLAN_ID, "fixtures/apply.json", 0),
            call("01-replication-basics", "review " + PLAN_ID + " --status", "fixtures/review_status.json", 0),
            call("01-replication-basics", "state", "fixtures/state.json", 0),
            call("01-replication-basics", "compile", "fixtures/compile.json", 0),
            call("01-replication-basics", "test", "fixtures/test.json", 0),
            call("01-replication-basics", "ci --models models --contracts contracts", "fixtures/ci.json", 0),
            call("01-replication-basics", "lineage revenue_summary --models models", "fixtures/lineage.json", 0),
            call("01-replication-basics", "doctor", "fixtures/doctor.json", 0),
            call("01-replication-basics", "history", "fixtures/history.json", 0),
            call("01-replication-basics", "cost latest", "fixtures/cost.json", 0),
            call("01-replication-basics", "optimize", "fixtures/optimize.json", 0),
            call("01-replication-basics", "metrics revenue_summary", "fixtures/metrics.json", 0),
            call("01-replication-basics", "dag --models models", "fixtures/dag.json", 0),
            call("03-partition-checksum", "compile --models models", "fixtures/partition/compile.json", 0),
            call("03-partition-checksum", "run --filter source=orders --models models --partition 2026-04-07",
                    "fixtures/partition/run_single.json", 0),
            call("03-partition-checksum", "run --filter source=orders --models models --from 2026-04-04 --to 2026-04-08",
                    "fixtures/partition/run_backfill.json", 0),
            call("01-data-contracts-strict", "compile --contracts contracts", "fixtures/contracts/compile.json", 1),
            call("01-lineage-column-level", "compile", "fixtures/lineage/compile.json", 0),
            call("01-lineage-column-level", "test", "fixtures/lineage/test.json", 0),
            call("01-lineage-column-level", "lineage fct_revenue --models models", "fixtures/lineage/lineage_model.json", 0),
            call("01-lineage-column-level", "lineage fct_revenue --models models --column total",
                    "fixtures/lineage/lineage_column.json", 0));

    private RecordedProjects() {
    }

    private static RecordedCall call(String project, String args, String fixture, int exit) {
        return new RecordedCall(project, Arrays.asList(args.split(" ")), fixture, exit);
    }

    /** @return every recorded call of a bundled project, in MANIFEST order */
    public static List<RecordedCall> calls() {
        return CALLS;
    }

    /**
     * @param project a bundled project name, e.g. {@code 03-partition-checksum}
     * @return its recordings as a cassette (empty for a project nothing was recorded in)
     */
    public static Cassette cassette(String project) {
        Cassette.Builder b = Cassette.builder().version(Cassette.DEFAULT_VERSION);
        CALLS.stream().filter(c -> c.project().equals(project)).forEach(c -> b.answer(c.recording()));
        return b.build();
    }

    /**
     * The {@code 01-replication-basics} playground's recordings, the example project's.
     *
     * @return the cassette
     */
    public static Cassette replicationBasics() {
        return cassette("01-replication-basics");
    }

    /**
     * @param args the subcommand arguments to answer
     * @param fixture a bundled fixture path, e.g. {@code fixtures/discover.json}
     * @return a recording that prints the fixture and exits 0
     */
    public static Recording recorded(List<String> args, String fixture) {
        return new Recording(args, RockyContract.read(fixture).getBytes(StandardCharsets.UTF_8), new byte[0], 0,
                "recorded: rocky 1.71.0 stdout, rocky-contract " + fixture);
    }
}
