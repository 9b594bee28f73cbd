package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.port.LogSink.Level;
import dev.rocky.core.run.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleLogSinkTest {

    private final StringWriter err = new StringWriter();

    private ConsoleLogSink sink(boolean verbose, boolean live) {
        return new ConsoleLogSink(new PrintWriter(err), verbose, live,
                Secrets.fromEnvironment(Map.of("ROCKY_TOKEN", "s3cr3t-value"), List.of()));
    }

    @Test
    void aWarningIsPrintedOnceInTheDocumentedFormMaskedAndEscaped() {
        ConsoleLogSink sink = sink(false, false);
        sink.warn("rocky discover failed: token s3cr3t-value \u001b[2J rejected");
        sink.warn("rocky discover failed: token s3cr3t-value \u001b[2J rejected");
        sink.log(Level.ERROR, "another");
        assertThat(err.toString().lines().toList()).containsExactly(
                "rocky-component: warning: rocky discover failed: token *** \\u001b[2J rejected",
                "rocky-component: warning: another");
    }

    @Test
    void progressInfoAndRockysStderrShowOnlyWithVerbose() {
        ConsoleLogSink quiet = sink(false, false);
        quiet.progress("running rocky discover");
        quiet.info("rocky discover done in 0.10 s");
        quiet.rockyStderr("discover", "reading sources");
        quiet.log(Level.DEBUG, "detail");
        quiet.finish();
        assertThat(err.toString()).isEmpty();

        ConsoleLogSink verbose = sink(true, true);
        verbose.progress("running rocky discover");
        verbose.rockyStderr("discover", "using s3cr3t-value");
        verbose.info("rocky discover done in 0.10 s");
        verbose.log(Level.DEBUG, "detail");
        assertThat(err.toString().lines().toList()).containsExactly("rocky-component: running rocky discover",
                "rocky discover: using ***", "rocky-component: rocky discover done in 0.10 s");
    }

    @Test
    void onAConsoleProgressIsOneLiveLineClearedBeforeAWarningAndAtTheEnd() {
        ConsoleLogSink sink = sink(false, true);
        sink.progress("running rocky discover");
        sink.progress("running rocky compile");
        sink.warn("compile failed");
        sink.progress("running rocky optimize");
        sink.finish();
        sink.finish();
        assertThat(err.toString()).isEqualTo("\r\u001b[Krunning rocky discover\r\u001b[Krunning rocky compile\r\u001b[K"
                + "rocky-component: warning: compile failed" + System.lineSeparator()
                + "\r\u001b[Krunning rocky optimize\r\u001b[K");
    }

    @Test
    void printableEscapesEveryControlCharacterButTab() {
        assertThat(ConsoleLogSink.printable("a\tb")).isEqualTo("a\tb");
        assertThat(ConsoleLogSink.printable("a\rb\nc\u0007\u007f\u009b")).isEqualTo("a\\u000db\\u000ac\\u0007\\u007f\\u009b");
        String plain = "nothing to escape, 日本";
        assertThat(ConsoleLogSink.printable(plain)).isSameAs(plain);
    }
}
