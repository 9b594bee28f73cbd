package dev.rocky.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineVersionTest {

    @ParameterizedTest
    @CsvSource({
        "'rocky 1.71.0', 1.71.0",
        "'rocky 1.34.0\n', 1.34.0",
        "'v2.0.1-rc.1', 2.0.1",
        "'rocky 0.0.0-SENTINEL', 0.0.0"
    })
    void readsMajorMinorPatch(String text, String expected) {
        assertThat(EngineVersion.parse(text)).map(EngineVersion::toString).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"''", "'rocky'", "'rocky 1.71'", "'rocky x.y.z'", "'rocky 99999999999.1.1'"})
    void rejectsWhatIsNotAVersion(String text) {
        assertThat(EngineVersion.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1.34.0, true", "1.33.99, false", "2.0.0, true", "0.99.0, false"})
    void comparesAgainstTheFloor(String version, boolean supported) {
        assertThat(EngineVersion.parse(version).orElseThrow().compareTo(EngineVersion.FLOOR) >= 0).isEqualTo(supported);
    }
}
