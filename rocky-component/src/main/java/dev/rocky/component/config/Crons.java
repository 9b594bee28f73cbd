package dev.rocky.component.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZonedDateTime;

/**
 * Five-field (Unix) crons, read with cron-utils: the form Dagster's {@code cron_schedule} and the
 * reference's schedule helpers take. Stateless.
 */
public final class Crons {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private Crons() {
    }

    /**
     * @param cron a cron
     * @return it parsed
     * @throws IllegalArgumentException when it is not a five-field cron, saying why
     */
    public static Cron parse(String cron) {
        try {
            Cron c = UNIX.parse(cron);
            c.validate();
            return c;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + cron + "' is not a five-field cron (minute hour day-of-month month "
                    + "day-of-week): " + e.getMessage(), e);
        }
    }

    /**
     * @param cron a cron
     * @param at a time, in the cron's zone
     * @return whether the cron fires in the minute of {@code at}
     */
    public static boolean firesAt(String cron, ZonedDateTime at) {
        return ExecutionTime.forCron(parse(cron)).isMatch(at.withSecond(0).withNano(0));
    }
}
