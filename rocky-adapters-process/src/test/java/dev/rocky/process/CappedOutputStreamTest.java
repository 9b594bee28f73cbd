package dev.rocky.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Chunked capture: bytes come back whole across 64 KiB chunk boundaries; past the cap nothing is kept. */
class CappedOutputStreamTest {

    @Test
    void writesOfEverySizeComeBackWholeAcrossChunkBoundaries() {
        Random random = new Random(42);
        byte[] expected = new byte[3 * 64 * 1024 + 17];
        random.nextBytes(expected);
        AtomicInteger overflows = new AtomicInteger();
        CappedOutputStream out = new CappedOutputStream(expected.length, overflows::incrementAndGet);
        int at = 0;
        while (at < expected.length) {
            int n = Math.min(expected.length - at, 1 + random.nextInt(70_000));
            out.write(expected, at, n);
            at += n;
        }
        assertThat(out.overflowed()).as("exactly the cap is not over it").isFalse();
        assertThat(out.toByteArray()).isEqualTo(expected);
        assertThat(overflows).hasValue(0);
    }

    @Test
    void oneByteOverTheCapKeepsNothingAndRunsTheOverflowActionOnEveryLaterWrite() {
        AtomicInteger overflows = new AtomicInteger();
        CappedOutputStream out = new CappedOutputStream(10, overflows::incrementAndGet);
        out.write(new byte[10], 0, 10);
        out.write('x');
        out.write(new byte[5], 0, 5);
        assertThat(out.overflowed()).isTrue();
        assertThat(out.toByteArray()).isEmpty();
        assertThat(overflows).hasValue(2);
    }
}
