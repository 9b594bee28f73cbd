package dev.rocky.core.spec;

import java.util.Locale;
import java.util.Optional;

/**
 * A time partition's width, as rocky's {@code TimeGrain} ({@code hour}, {@code day}, {@code month},
 * {@code year}) in the compile and dag schemas.
 */
public enum TimeGrain {
    /** One partition per hour. */
    HOUR,
    /** One partition per calendar day. */
    DAY,
    /** One partition per calendar month. */
    MONTH,
    /** One partition per calendar year. */
    YEAR;

    /** @return the engine's spelling, e.g. {@code day} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wireName the engine's spelling, e.g. {@code day}
     * @return the grain, or empty when the spelling is unknown
     */
    public static Optional<TimeGrain> fromWireName(String wireName) {
        for (TimeGrain grain : values()) {
            if (grain.wireName().equals(wireName)) {
                return Optional.of(grain);
            }
        }
        return Optional.empty();
    }
}
