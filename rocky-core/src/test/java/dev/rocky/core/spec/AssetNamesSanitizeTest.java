package dev.rocky.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AssetNames#sanitize} against the rule it states ({@code [^A-Za-z0-9_]} → {@code _},
 * {@code _} for empty text), on seeded text that mixes valid names, punctuation rocky puts in
 * check names ({@code null_rate:amount}) and characters outside ASCII.
 */
class AssetNamesSanitizeTest {

    private static final String ALPHABET = "abcXYZ019_:.- é/ßł\t";

    static Stream<Long> seeds() {
        return IntStream.range(0, 80).mapToObj(i -> 0x5A17L * 13 + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void sanitizeReplacesEveryCharacterOutsideTheNameAlphabet(long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        boolean valid = random.nextBoolean(); // half the texts are names already
        for (int i = 0, n = random.nextInt(24); i < n; i++) {
            text.append(ALPHABET.charAt(random.nextInt(valid ? 10 : ALPHABET.length())));
        }
        String input = text.toString();
        String expected = input.isEmpty() ? "_" : input.replaceAll("[^A-Za-z0-9_]", "_");
        assertThat(AssetNames.sanitize(input)).as("sanitize(\"%s\")", input).isEqualTo(expected);
    }

    @Test
    void aNameThatNeedsNothingReplacedIsReturnedAsItIs() {
        String name = "row_count";
        assertThat(AssetNames.sanitize(name)).isSameAs(name);
        assertThat(AssetNames.sanitize("null_rate:amount")).isEqualTo("null_rate_amount");
        assertThat(AssetNames.sanitize(":")).isEqualTo("_");
        assertThat(AssetNames.sanitize("")).isEqualTo("_");
    }
}
