package dev.rocky.core.spec;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
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

    private static final DateTimeFormatter ORCHESTRATOR_HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd-HH:mm")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter ROCKY_HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DAY_KEY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter ROCKY_MONTH = DateTimeFormatter.ofPattern("uuuu-MM").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter YEAR_KEY = DateTimeFormatter.ofPattern("uuuu").withResolverStyle(ResolverStyle.STRICT);

    /**
     * Converts a partition key from the orchestrator's form (Dagster's time-window keys) to rocky's
     * canonical form, for {@code rocky run --partition} / {@code --from} / {@code --to}: hour
     * {@code 2026-04-08-13:00} → {@code 2026-04-08T13}; day {@code 2026-04-08} unchanged; month
     * {@code 2026-04-01} → {@code 2026-04}; year {@code 2026} unchanged.
     *
     * @param key a partition key in the orchestrator's form
     * @return the key in rocky's form
     * @throws IllegalArgumentException when the key is not a valid key of this grain in the
     *     orchestrator's form (wrong shape, a sign or year before 1, a date that does not exist,
     *     minutes other than {@code :00}, a month key not on the 1st); the message gives the
     *     expected form
     */
    public String toRockyKey(String key) {
        switch (this) {
            case HOUR:
                return parse(key, ORCHESTRATOR_HOUR, "2026-04-08-13:00", true).format(ROCKY_HOUR);
            case DAY:
                return parse(key, DAY_KEY, "2026-04-08", true).format(DAY_KEY);
            case MONTH:
                LocalDateTime day = parse(key, DAY_KEY, "2026-04-01", true);
                if (day.getDayOfMonth() != 1) {
                    throw badKey(key, "2026-04-01", true);
                }
                return day.format(ROCKY_MONTH);
            default:
                return parse(key, YEAR_KEY, "2026", true).format(YEAR_KEY);
        }
    }

    /**
     * @param key a partition key in the orchestrator's form
     * @return the start of its window (UTC, as a local date-time)
     * @throws IllegalArgumentException as {@link #toRockyKey}
     */
    public LocalDateTime windowStart(String key) {
        switch (this) {
            case HOUR:
                return parse(key, ORCHESTRATOR_HOUR, "2026-04-08-13:00", true);
            case DAY:
                return parse(key, DAY_KEY, "2026-04-08", true);
            case MONTH:
                LocalDateTime day = parse(key, DAY_KEY, "2026-04-01", true);
                if (day.getDayOfMonth() != 1) {
                    throw badKey(key, "2026-04-01", true);
                }
                return day;
            default:
                return parse(key, YEAR_KEY, "2026", true);
        }
    }

    /**
     * @param start a window's start
     * @return the next window's start: one hour, day, month or year later
     */
    public LocalDateTime next(LocalDateTime start) {
        switch (this) {
            case HOUR:
                return start.plusHours(1);
            case DAY:
                return start.plusDays(1);
            case MONTH:
                return start.plusMonths(1);
            default:
                return start.plusYears(1);
        }
    }

    /**
     * @param time any time
     * @return the start of the window holding it (truncated to the hour, day, month or year)
     */
    public LocalDateTime floor(LocalDateTime time) {
        switch (this) {
            case HOUR:
                return time.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            case DAY:
                return time.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            case MONTH:
                return time.truncatedTo(java.time.temporal.ChronoUnit.DAYS).withDayOfMonth(1);
            default:
                return time.truncatedTo(java.time.temporal.ChronoUnit.DAYS).withDayOfYear(1);
        }
    }

    /**
     * @param start a window's start
     * @return its key in the orchestrator's form
     */
    public String orchestratorKey(LocalDateTime start) {
        switch (this) {
            case HOUR:
                return start.format(ORCHESTRATOR_HOUR);
            case DAY:
            case MONTH:
                return start.format(DAY_KEY);
            default:
                return start.format(YEAR_KEY);
        }
    }

    /**
     * Converts a partition key from rocky's canonical form to the orchestrator's; the inverse of
     * {@link #toRockyKey}.
     *
     * @param key a partition key in rocky's form ({@code 2026-04-08T13}, {@code 2026-04-08},
     *     {@code 2026-04}, {@code 2026})
     * @return the key in the orchestrator's form
     * @throws IllegalArgumentException when the key is not a valid key of this grain in rocky's form
     */
    public String toOrchestratorKey(String key) {
        switch (this) {
            case HOUR:
                return parse(key, ROCKY_HOUR, "2026-04-08T13", false).format(ORCHESTRATOR_HOUR);
            case DAY:
                return parse(key, DAY_KEY, "2026-04-08", false).format(DAY_KEY);
            case MONTH:
                return parse(key, ROCKY_MONTH, "2026-04", false).format(DAY_KEY);
            default:
                return parse(key, YEAR_KEY, "2026", false).format(YEAR_KEY);
        }
    }

    private LocalDateTime parse(String key, DateTimeFormatter format, String example, boolean orchestrator) {
        LocalDateTime time;
        try {
            TemporalAccessor parsed = format.parse(key);
            int month = parsed.isSupported(ChronoField.MONTH_OF_YEAR) ? parsed.get(ChronoField.MONTH_OF_YEAR) : 1;
            int dayOfMonth = parsed.isSupported(ChronoField.DAY_OF_MONTH) ? parsed.get(ChronoField.DAY_OF_MONTH) : 1;
            int hour = parsed.isSupported(ChronoField.HOUR_OF_DAY) ? parsed.get(ChronoField.HOUR_OF_DAY) : 0;
            int minute = parsed.isSupported(ChronoField.MINUTE_OF_HOUR) ? parsed.get(ChronoField.MINUTE_OF_HOUR) : 0;
            time = LocalDateTime.of(parsed.get(ChronoField.YEAR), month, dayOfMonth, hour, minute);
        } catch (DateTimeException e) {
            throw badKey(key, example, orchestrator);
        }
        if (time.getMinute() != 0 || time.getYear() < 1 || !time.format(format).equals(key)) {
            throw badKey(key, example, orchestrator);
        }
        return time;
    }

    private IllegalArgumentException badKey(String key, String example, boolean orchestrator) {
        return new IllegalArgumentException("'" + key + "' is not " + (this == HOUR ? "an " : "a ") + wireName()
                + " partition key in " + (orchestrator ? "the orchestrator's" : "rocky's") + " form; expected e.g. " + example);
    }

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
