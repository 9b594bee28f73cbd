package dev.rocky.cli.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the reliability tallies when the test run ends, one row per category: cases tried,
 * failures and how the cases ended, and writes the same table to
 * {@code target/reliability/summary.md}. Registered through {@code META-INF/services}; prints
 * nothing when no reliability test ran.
 */
public final class ReliabilityReport implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        List<Reliability.Tally> tallies = Reliability.tallies();
        if (tallies.isEmpty()) {
            return;
        }
        String table = table(tallies);
        System.out.println();
        System.out.println("Reliability (" + (Reliability.full() ? "full run" : "default-build sample") + ")");
        System.out.println(table);
        try {
            Path out = Path.of("target", "reliability", "summary.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, "Reliability (" + (Reliability.full() ? "full run" : "default-build sample") + ")\n\n"
                    + table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String table(List<Reliability.Tally> tallies) {
        StringBuilder out = new StringBuilder("| category | cases | failures | outcomes |\n|---|---:|---:|---|\n");
        for (Reliability.Tally t : tallies) {
            out.append("| ").append(t.category()).append(" | ").append(t.tried()).append(" | ").append(t.failures())
                    .append(" | ").append(outcomes(t.outcomes())).append(" |\n");
        }
        for (Reliability.Tally t : tallies) {
            for (String example : t.failureExamples()) {
                out.append("\nfailed (").append(t.category()).append("): ").append(example.replace('\n', ' '));
            }
        }
        return out.toString();
    }

    private static String outcomes(Map<String, Long> outcomes) {
        return outcomes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
