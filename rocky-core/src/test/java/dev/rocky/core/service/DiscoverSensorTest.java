package dev.rocky.core.service;

import dev.rocky.core.sensor.RunRequest;
import dev.rocky.core.sensor.SensorCursor;
import dev.rocky.core.sensor.SensorTick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.discover.ComponentValue;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.discover.FailedSource;
import dev.rocky.core.discover.Source;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.state.RockyOutput;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The reference's sensor cases (dagster-rocky tests/test_sensor.py): a first sync triggers, an
 * unchanged one does not, a newer one does; no sync time never triggers; per group bundles a
 * group's sources under its latest sync; a failed source keeps its cursor; the backlog cap
 * suppresses but advances. And rocky-java's: the minimum interval calls nothing; a source the graph
 * does not have yet keeps its cursor.
 */
class DiscoverSensorTest {

    private final List<String> calls = new ArrayList<>();
    private DiscoverResult discovered;

    private RockyCli cli() {
        return (RockyCli) Proxy.newProxyInstance(RockyCli.class.getClassLoader(), new Class<?>[] {RockyCli.class}, (p, m, a) -> {
            if (m.getName().equals("discover")) {
                calls.add("discover");
                return new RockyOutput<>(discovered, new byte[0], 0);
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    private static Source source(String id, String tenant, String sync) {
        return new Source(id, Map.of("tenant", new ComponentValue.Single(tenant)), "fivetran", Optional.ofNullable(sync), List.of());
    }

    /** acme: two sources (tenant acme), beta: one. */
    private static Definitions graph() {
        List<AssetSpec> specs = new ArrayList<>();
        Map<AssetKey, RunTarget> targets = new LinkedHashMap<>();
        for (String[] t : new String[][] {{"acme", "raw__acme_shop", "orders"}, {"acme", "raw__acme_erp", "lines"},
                {"beta", "raw__beta_shop", "orders"}}) {
            AssetKey key = AssetKey.of("fivetran", t[0], t[2]);
            specs.add(new AssetSpec(key, t[0], List.of(), List.of(), Map.of(), Map.of(), List.of(), Optional.empty(), Optional.empty()));
            targets.put(key, new RunTarget.SourceTable(t[1], Map.of("tenant", t[0]), List.of("fivetran", t[0], t[2]), Optional.empty()));
        }
        return new Definitions(specs, Optional.empty(), targets);
    }

    private DiscoverSensor sensor(DiscoverSensor.Granularity g, Optional<DiscoverSensor.BacklogCap> cap) {
        return new DiscoverSensor(cli(), (level, message) -> { }, new DiscoverSensor.Options(g, Duration.ofSeconds(60), Optional.empty(), cap));
    }

    private void discover(Source... sources) {
        discovered = new DiscoverResult("1.71.0", List.of(sources), Optional.empty(), List.of());
    }

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aFirstSyncTriggersAnUnchangedOneDoesNotANewerOneDoes() {
        DiscoverSensor s = sensor(DiscoverSensor.Granularity.PER_SOURCE, Optional.empty());
        discover(source("raw__acme_shop", "acme", "2026-12-01T10:00:00Z"), source("raw__beta_shop", "beta", null));

        SensorTick first = s.tick(graph(), SensorCursor.EMPTY, T0);
        assertThat(first.runRequests()).extracting(RunRequest::runKey).containsExactly("raw__acme_shop-2026-12-01T10:00:00Z");
        assertThat(first.runRequests().get(0).assetKeys()).containsExactly(AssetKey.of("fivetran", "acme", "orders"));
        assertThat(first.cursor().syncs()).containsOnlyKeys("raw__acme_shop");

        SensorTick same = s.tick(graph(), first.cursor(), T0.plusSeconds(61));
        assertThat(same.runRequests()).isEmpty();
        assertThat(same.skipReason()).contains("no Rocky source has synced since the last tick");

        discover(source("raw__acme_shop", "acme", "2026-12-01T10:00:00.5+00:00"));
        assertThat(s.tick(graph(), same.cursor(), T0.plusSeconds(122)).runRequests()).as("newer as an instant, another offset form")
                .hasSize(1);
    }

    @Test
    void perGroupBundlesAGroupUnderItsLatestSyncWithItsOwnFilter() {
        discover(source("raw__acme_shop", "acme", "2026-12-01T10:00:00Z"), source("raw__acme_erp", "acme", "2026-12-01T11:00:00Z"),
                source("raw__beta_shop", "beta", "2026-12-01T09:00:00Z"));

        SensorTick tick = sensor(DiscoverSensor.Granularity.PER_GROUP, Optional.empty()).tick(graph(), SensorCursor.EMPTY, T0);

        assertThat(tick.runRequests()).extracting(RunRequest::runKey).containsExactly("acme-2026-12-01T11:00:00Z",
                "beta-2026-12-01T09:00:00Z");
        assertThat(tick.runRequests().get(0).filter()).contains("tenant=acme");
        assertThat(tick.runRequests().get(0).assetKeys()).hasSize(2);
        assertThat(tick.runRequests().get(1).filter()).contains("id=raw__beta_shop");
        assertThat(tick.runRequests().get(0).tags()).containsEntry("rocky/group", "acme").containsEntry("rocky/sync_at",
                "2026-12-01T11:00:00Z");
    }

    @Test
    void aFailedSourceKeepsItsCursorAndASourceNotInTheGraphWaitsForARefresh() {
        SensorCursor cursor = new SensorCursor(Map.of("raw__beta_shop", "2026-12-01T08:00:00Z"), Optional.empty());
        discovered = new DiscoverResult("1.71.0", List.of(source("raw__new_one", "gamma", "2026-12-01T10:00:00Z")), Optional.empty(),
                List.of(new FailedSource("raw__beta_shop", "raw__beta_shop", "fivetran", "transient", "timeout", OptionalLong.empty())));

        SensorTick tick = sensor(DiscoverSensor.Granularity.PER_SOURCE, Optional.empty()).tick(graph(), cursor, T0);

        assertThat(tick.runRequests()).isEmpty();
        assertThat(tick.cursor().syncs()).containsExactly(Map.entry("raw__beta_shop", "2026-12-01T08:00:00Z"));
        assertThat(tick.skipped()).singleElement().satisfies(m -> assertThat(m).startsWith("raw__new_one").contains("not in the graph"));
    }

    @Test
    void theBacklogCapSuppressesButTheCursorAdvances() {
        discover(source("raw__acme_shop", "acme", "2026-12-01T10:00:00Z"), source("raw__beta_shop", "beta", "2026-12-01T10:00:00Z"));
        DiscoverSensor.BacklogCap cap = new DiscoverSensor.BacklogCap("rocky/source_id", 1,
                (key, value) -> value.equals("raw__acme_shop") ? 1 : 0);

        SensorTick tick = sensor(DiscoverSensor.Granularity.PER_SOURCE, Optional.of(cap)).tick(graph(), SensorCursor.EMPTY, T0);

        assertThat(tick.runRequests()).extracting(r -> r.tags().get("rocky/source_id")).containsExactly("raw__beta_shop");
        assertThat(tick.skipped()).singleElement().satisfies(m -> assertThat(m).contains("suppressed by the backlog cap"));
        assertThat(tick.cursor().syncs()).containsKeys("raw__acme_shop", "raw__beta_shop");
    }

    @Test
    void aTickWithinTheMinimumIntervalCallsNothing() {
        SensorCursor recent = new SensorCursor(Map.of(), Optional.of(T0));

        SensorTick tick = sensor(DiscoverSensor.Granularity.PER_SOURCE, Optional.empty()).tick(graph(), recent, T0.plusSeconds(30));

        assertThat(calls).isEmpty();
        assertThat(tick.ran()).isFalse();
        assertThat(tick.cursor()).isEqualTo(recent);
        assertThat(tick.skipReason()).hasValueSatisfying(r -> assertThat(r).contains("in 30 s"));
    }

    @Test
    void theHooksSeeWhatIsHandedOutAndAThrowingHookChangesNothing() {
        discover(source("raw__acme_shop", "acme", "2026-12-01T10:00:00Z"));
        discovered = new DiscoverResult("1.71.0", discovered.sources(), Optional.empty(),
                List.of(new FailedSource("raw__beta_shop", "raw__beta_shop", "fivetran", "transient", "timeout", OptionalLong.empty())));
        List<String> seen = new ArrayList<>();
        dev.rocky.core.sensor.SensorHooks hooks = new dev.rocky.core.sensor.SensorHooks() {
            @Override
            public void runRequestEmitted(RunRequest request, List<String> sourceIds) {
                seen.add("emitted " + request.runKey() + " " + sourceIds);
                throw new IllegalStateException("boom");
            }

            @Override
            public void failedSources(List<FailedSource> failed) {
                seen.add("failed " + failed.get(0).id());
            }

            @Override
            public void skipped(String reason, int cursorSize) {
                seen.add("skipped " + cursorSize);
            }
        };
        List<String> warnings = new ArrayList<>();
        DiscoverSensor s = new DiscoverSensor(cli(), (level, message) -> warnings.add(message), new DiscoverSensor.Options(
                DiscoverSensor.Granularity.PER_SOURCE, Duration.ofSeconds(60), Optional.empty(), Optional.empty(), hooks));

        SensorTick first = s.tick(graph(), SensorCursor.EMPTY, T0);
        SensorTick second = s.tick(graph(), first.cursor(), T0.plusSeconds(61));

        assertThat(first.runRequests()).hasSize(1);
        assertThat(seen).containsExactly("failed raw__beta_shop", "emitted raw__acme_shop-2026-12-01T10:00:00Z [raw__acme_shop]",
                "failed raw__beta_shop", "skipped 1");
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("the runRequestEmitted hook threw").contains("boom"));
        assertThat(second.runRequests()).isEmpty();
    }
}
