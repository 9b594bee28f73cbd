package dev.rocky.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TimeGrainPartitionKeyTest {

    @ParameterizedTest(name = "{0}: {1} <-> {2}")
    @CsvSource({
        "HOUR, 2026-04-08-13:00, 2026-04-08T13",
        "HOUR, 2024-02-29-00:00, 2024-02-29T00",
        "DAY, 2026-04-08, 2026-04-08",
        "MONTH, 2026-04-01, 2026-04",
        "MONTH, 1999-12-01, 1999-12",
        "YEAR, 2026, 2026",
    })
    void convertsBothWays(TimeGrain grain, String orchestrator, String rocky) {
        assertThat(grain.toRockyKey(orchestrator)).isEqualTo(rocky);
        assertThat(grain.toOrchestratorKey(rocky)).isEqualTo(orchestrator);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiterString = " ~ ", value = {
        "HOUR ~ 2026-04-08T13 ~ an hour partition key in the orchestrator's form; expected e.g. 2026-04-08-13:00",
        "HOUR ~ 2026-04-08-13:30 ~ expected e.g. 2026-04-08-13:00",
        "HOUR ~ 2026-04-08-24:00 ~ expected e.g. 2026-04-08-13:00",
        "DAY ~ 2026-02-30 ~ a day partition key",
        "DAY ~ --partition=x ~ a day partition key",
        "MONTH ~ 2026-04 ~ a month partition key in the orchestrator's form; expected e.g. 2026-04-01",
        "MONTH ~ 2026-04-02 ~ expected e.g. 2026-04-01",
        "YEAR ~ 2026-01-01 ~ a year partition key",
        "YEAR ~ -2026 ~ a year partition key",
    })
    void refusesWhatIsNotAnOrchestratorKeyOfTheGrain(TimeGrain grain, String key, String message) {
        assertThatThrownBy(() -> grain.toRockyKey(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + key + "' is not").hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "HOUR, 2026-04-08-13:00",
        "HOUR, 2026-04-08T1",
        "MONTH, 2026-04-01",
        "MONTH, 2026-13",
        "DAY, 2026-04-08T00",
    })
    void refusesWhatIsNotARockyKeyOfTheGrain(TimeGrain grain, String key) {
        assertThatThrownBy(() -> grain.toOrchestratorKey(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in rocky's form");
    }

    /** 4 grains × 500 keys from seeded random instants between 1900 and 2299. */
    static Stream<Arguments> generatedKeys() {
        List<Arguments> out = new ArrayList<>();
        for (TimeGrain grain : TimeGrain.values()) {
            Random random = new Random(20261121L + grain.ordinal());
            for (int i = 0; i < 500; i++) {
                LocalDateTime t = LocalDateTime.of(1900, 1, 1, 0, 0).plusHours((long) (random.nextDouble() * 400 * 8766));
                out.add(Arguments.of(grain, t));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("generatedKeys")
    void roundTripsEveryGeneratedKeyAndKeepsItsInstant(TimeGrain grain, LocalDateTime t) {
        String orchestrator;
        String rocky;
        switch (grain) {
            case HOUR:
                orchestrator = String.format("%04d-%02d-%02d-%02d:00", t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour());
                rocky = String.format("%04d-%02d-%02dT%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour());
                break;
            case DAY:
                orchestrator = String.format("%04d-%02d-%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth());
                rocky = orchestrator;
                break;
            case MONTH:
                orchestrator = String.format("%04d-%02d-01", t.getYear(), t.getMonthValue());
                rocky = String.format("%04d-%02d", t.getYear(), t.getMonthValue());
                break;
            default:
                orchestrator = String.format("%04d", t.getYear());
                rocky = orchestrator;
                break;
        }
        assertThat(grain.toRockyKey(orchestrator)).isEqualTo(rocky);
        assertThat(grain.toOrchestratorKey(rocky)).isEqualTo(orchestrator);
        assertThat(grain.toOrchestratorKey(grain.toRockyKey(orchestrator))).isEqualTo(orchestrator);
        assertThat(grain.toRockyKey(grain.toOrchestratorKey(rocky))).isEqualTo(rocky);
    }
}
