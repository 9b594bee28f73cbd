package dev.rocky.core.orchestration;

import java.util.Objects;
import java.util.Optional;

/**
 * An asset's automation condition, as the reference's helpers (dagster-rocky automation.py):
 * {@code eager} ({@code AutomationCondition.eager()}: run when any upstream updated) or
 * {@code on_cron} ({@code AutomationCondition.on_cron(cron, timezone)}: run on the cron, once the
 * upstreams updated since the last tick).
 *
 * @param type {@code eager} or {@code on_cron}
 * @param cron the cron, for {@code on_cron}
 * @param timezone the IANA zone the cron is read in, for {@code on_cron}
 */
public record AutomationCondition(String type, Optional<String> cron, Optional<String> timezone) {

    /** Checks the shape; rejects {@code null}. */
    public AutomationCondition {
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(cron, "cron is null");
        Objects.requireNonNull(timezone, "timezone is null");
        if (!type.equals("eager") && !type.equals("on_cron")) {
            throw new IllegalArgumentException("automation condition must be eager or on_cron, not '" + type + "'");
        }
        if (type.equals("on_cron") != cron.isPresent()) {
            throw new IllegalArgumentException("on_cron needs a cron, and only on_cron has one");
        }
    }

    /** @return {@code eager} */
    public static AutomationCondition eager() {
        return new AutomationCondition("eager", Optional.empty(), Optional.empty());
    }

    /**
     * @param cron the cron
     * @param timezone the zone
     * @return {@code on_cron}
     */
    public static AutomationCondition onCron(String cron, String timezone) {
        return new AutomationCondition("on_cron", Optional.of(cron), Optional.of(timezone));
    }
}
