package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.CheckVerdictStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.RecordedVerdict;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerdictHistoryTest {

    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");

    /** A store that keeps what each record was handed, copied. */
    private static class Kept implements CheckVerdictStore {
        final List<List<RecordedVerdict>> records = new ArrayList<>();
        Collection<RecordedVerdict> handed;

        @Override
        public Map<AssetKey, Map<String, RecordedVerdict>> last(Set<AssetKey> assets) {
            return Map.of();
        }

        @Override
        public void record(Collection<RecordedVerdict> verdicts) {
            handed = verdicts;
            records.add(List.copyOf(verdicts));
        }

        @Override
        public String location() {
            return "memory";
        }
    }

    /**
     * Seeded results, more than one chunk of them and some placeholders: the store is handed the
     * engine's results in the order seen, each stamped with the clock's now, the placeholders
     * left out; the list it is handed reads the same each time and refuses an index past its end.
     */
    @ParameterizedTest(name = "{0} results")
    @ValueSource(ints = {1, 1023, 1024, 1025, 2500, 5000})
    void theEnginesResultsAreRecordedInOrderStampedWithNow(int results) {
        Random rnd = new Random(results);
        Kept store = new Kept();
        VerdictHistory history = new VerdictHistory(store, LogSink.NONE, Clock.fixed(NOW, ZoneOffset.UTC));
        List<RecordedVerdict> expected = new ArrayList<>();
        for (int i = 0; i < results; i++) {
            AssetKey asset = AssetKey.of("raw", "t" + rnd.nextInt(results));
            String check = new String(List.of("row_count", "column_match", "freshness").get(rnd.nextInt(3))); // a new string each, as parsed
            boolean passed = rnd.nextBoolean();
            CheckSeverity severity = rnd.nextBoolean() ? CheckSeverity.ERROR : CheckSeverity.WARN;
            boolean placeholder = rnd.nextInt(7) == 0;
            Map<String, MetadataValue> metadata = placeholder ? Map.of(MetadataKeys.ROCKY_PLACEHOLDER, new MetadataValue.BoolValue(true))
                    : Map.of();
            history.observe(new RunEvent.AssetCheckResult(asset, check, passed, severity, metadata, java.util.Optional.empty()));
            history.observe(new RunEvent.MaterializeResult(asset, java.util.Optional.empty(), Map.of())); // not a check: ignored
            if (!placeholder) {
                expected.add(new RecordedVerdict(asset, check, passed, severity, NOW));
            }
        }

        history.record();

        if (expected.isEmpty()) {
            assertThat(store.records).as("nothing to record").isEmpty();
            return;
        }
        assertThat(store.records).hasSize(1);
        assertThat(store.records.get(0)).containsExactlyElementsOf(expected);
        assertThat(List.copyOf(store.handed)).as("read again").containsExactlyElementsOf(expected);
        assertThat(store.records.get(0)).extracting(RecordedVerdict::checkName).as("one instance per check name")
                .allSatisfy(n -> assertThat(n).isSameAs(store.records.get(0).stream().filter(v -> v.checkName().equals(n)).findFirst()
                        .orElseThrow().checkName()));
        List<RecordedVerdict> handed = (List<RecordedVerdict>) store.handed;
        assertThatThrownBy(() -> handed.get(expected.size())).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> handed.add(expected.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aStoreThatCannotWriteIsAWarningNotAFailure() {
        List<String> warnings = new ArrayList<>();
        CheckVerdictStore broken = new Kept() {
            @Override
            public void record(Collection<RecordedVerdict> verdicts) {
                throw new StateException(ErrorCode.STATE_IO, "read-only", null);
            }
        };
        VerdictHistory history = new VerdictHistory(broken, (level, message) -> warnings.add(level + " " + message),
                Clock.fixed(NOW, ZoneOffset.UTC));
        history.observe(new RunEvent.AssetCheckResult(AssetKey.of("raw", "a"), "row_count", true, CheckSeverity.ERROR, Map.of(),
                java.util.Optional.empty()));

        history.record();

        assertThat(warnings).singleElement().asString().startsWith("WARN the 1 check verdict(s) of this materialization could not "
                + "be recorded at memory (read-only)");
    }
}
