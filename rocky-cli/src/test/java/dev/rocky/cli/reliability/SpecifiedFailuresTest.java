package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.cli.CliFixture;
import dev.rocky.contract.RockyContract;
import dev.rocky.testkit.FakeRockyExecutable;
import dev.rocky.testkit.Fault;
import dev.rocky.testkit.Scenario;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failures rocky reports rather than crashes on, through the CLI and the testkit's fake as a
 * real executable: discover's {@code failed_sources} (a warning naming each source, class and
 * retry hint; the refresh succeeds), a quota tripped in discover (the same, with the cooldown)
 * and in a run ({@code QUOTA_EXCEEDED}, exit 1, the retry time), and a post-state-write hook that
 * fails (a warning; the state is written and stays).
 */
class SpecifiedFailuresTest {

    @TempDir
    Path dir;

    private Path project(String name, Scenario scenario) throws IOException {
        Path project = RockyContract.extract("projects/01-replication-basics", dir.resolve(name));
        Path file = dir.resolve(name + ".properties");
        scenario.withVersion("rocky 1.71.0").write(file);
        FakeRockyExecutable.install(project.resolve("bin"), Optional.empty(), Optional.of(project), Optional.of(file));
        Files.writeString(project.resolve("defs.yaml"), "type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: bin/rocky\n");
        return project.resolve("defs.yaml");
    }

    @Test
    void failedSourcesAndADiscoverQuotaAreNamedAndTheRefreshIsPartial() throws IOException {
        Reliability.Tally tally = Reliability.tally("specified: failed_sources, quota, hook failure");
        Path failed = project("failed", Scenario.none().withFault("discover", new Fault.FailedSources(List.of("raw__orders"))));
        CliFixture.Run refresh = CliFixture.cli(failed, "refresh");
        assertThat(refresh.exitCode()).as(refresh.err()).isEqualTo(3);
        assertThat(refresh.err()).contains("rocky discover could not read 1 source: raw__orders (transient)");
        assertThat(CliFixture.cli(failed, "defs").out()).contains("0 assets");
        tally.pass("failed_sources: warning, refresh exit 3");

        Path quota = project("quota", Scenario.none().withFault("discover", new Fault.QuotaExceeded(300)));
        refresh = CliFixture.cli(quota, "refresh");
        assertThat(refresh.exitCode()).as(refresh.err()).isEqualTo(3);
        assertThat(refresh.err()).contains("(rate_limit, retry after 300 s)");
        tally.pass("discover quota: warning with cooldown, refresh exit 3");
    }

    @Test
    void aRunQuotaFailsTheMaterializationWithTheRetryTime() throws IOException {
        Path defs = project("run-quota", Scenario.none().withFault("run", new Fault.QuotaExceeded(90)));
        assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();
        CliFixture.Run run = CliFixture.cli(defs, "materialize");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("failed (quota-exceeded)");
        assertThat(run.errLines().get(run.errLines().size() - 1)).contains("retry after 90 s").endsWith("[QUOTA_EXCEEDED]");
        Reliability.tally("specified: failed_sources, quota, hook failure").pass("run quota: QUOTA_EXCEEDED, exit 1, retry time");
    }

    @Test
    void aFailingPushHookWarnsAndKeepsTheLocalState() throws IOException {
        Path defs = project("hook", Scenario.none());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Files.writeString(defs, Files.readString(defs) + "  post_state_write_hook:\n    push_to: {type: valkey, host: 127.0.0.1, port: "
                + closedPort + "}\n");
        CliFixture.Run refresh = CliFixture.cli(defs, "refresh");
        assertThat(refresh.exitCode()).as(refresh.err()).isEqualTo(3);
        assertThat(refresh.err()).contains("post-state-write hook failed");
        assertThat(CliFixture.cli(defs, "defs").out()).contains("duckdb/orders/orders");
        Reliability.tally("specified: failed_sources, quota, hook failure").pass("hook failure: warning, state kept, exit 3");
    }
}
