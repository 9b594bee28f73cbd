package dev.rocky.cli.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long the reliability trials run, and what they found.
 *
 * <p>The default build runs a quick sample of every category. {@code -Preliability} (or
 * {@code ./reliability}) sets {@code rocky.reliability=full} and the trials run at their full
 * counts and durations. Every category records the cases it tried and how each ended in a
 * {@link Tally}; {@link ReliabilityReport} prints them all after the run.
 */
public final class Reliability {

    /** The system property that selects the full run: {@code rocky.reliability=full}. */
    public static final String MODE_PROPERTY = "rocky.reliability";

    private static final Map<String, Tally> TALLIES = new ConcurrentSkipListMap<>();

    private Reliability() {
    }

    /** @return true under {@code -Preliability} */
    public static boolean full() {
        return "full".equals(System.getProperty(MODE_PROPERTY));
    }

    /**
     * @param sample the count in the default build
     * @param full the count in the full run
     * @return the count for this run
     */
    public static int count(int sample, int full) {
        return full() ? full : sample;
    }

    /**
     * @param sample the duration in the default build
     * @param full the duration in the full run
     * @return the duration for this run
     */
    public static Duration duration(Duration sample, Duration full) {
        return full() ? full : sample;
    }

    /**
     * @param category a short name, e.g. {@code kill -9 during refresh}
     * @return that category's tally, created on first use
     */
    public static Tally tally(String category) {
        return TALLIES.computeIfAbsent(category, Tally::new);
    }

    /** @return every tally so far, by category */
    static List<Tally> tallies() {
        return new ArrayList<>(TALLIES.values());
    }

    /** Cases tried in one category and how they ended. Thread-safe. */
    public static final class Tally {
        private static final int EXAMPLES = 5;

        private final String category;
        private final Map<String, AtomicLong> outcomes = new ConcurrentSkipListMap<>();
        private final AtomicLong tried = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final List<String> failureExamples = new ArrayList<>();

        Tally(String category) {
            this.category = category;
        }

        /**
         * Records a case that ended as it may.
         *
         * @param outcome how it ended, e.g. {@code old state} or {@code STATE_CORRUPT}
         */
        public void pass(String outcome) {
            tried.incrementAndGet();
            outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
        }

        /**
         * Records a case that was not tried, and why: named among the outcomes (as {@code NOT TRIED
         * <reason>}), counted neither as tried nor as failed, so the cases column says only what ran.
         *
         * @param reason why, e.g. {@code SIGHUP ignored by the environment}
         */
        public void notTried(String reason) {
            outcomes.computeIfAbsent("NOT TRIED " + reason, k -> new AtomicLong()).incrementAndGet();
        }

        /**
         * Records a case that ended as it must not.
         *
         * @param outcome how it ended, e.g. {@code unexpected NullPointerException}
         * @param detail what to reproduce it with: seed, input, stack
         */
        public void fail(String outcome, String detail) {
            tried.incrementAndGet();
            failures.incrementAndGet();
            outcomes.computeIfAbsent("FAILED " + outcome, k -> new AtomicLong()).incrementAndGet();
            synchronized (failureExamples) {
                if (failureExamples.size() < EXAMPLES) {
                    failureExamples.add(detail);
                }
            }
        }

        /** @return the category */
        public String category() {
            return category;
        }

        /** @return cases tried */
        public long tried() {
            return tried.get();
        }

        /** @return cases that failed */
        public long failures() {
            return failures.get();
        }

        /** @return each outcome with its count, by name */
        public Map<String, Long> outcomes() {
            Map<String, Long> copy = new TreeMap<>();
            outcomes.forEach((k, v) -> copy.put(k, v.get()));
            return copy;
        }

        /** @return up to five failed cases' details */
        public List<String> failureExamples() {
            synchronized (failureExamples) {
                return List.copyOf(failureExamples);
            }
        }
    }
}
