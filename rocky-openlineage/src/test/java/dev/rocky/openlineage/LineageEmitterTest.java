package dev.rocky.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.port.LogSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.Transport;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The background sender: never blocks or throws into the emitter's caller, says each kind of failure once. */
class LineageEmitterTest {

    private static final OpenLineage OL = new OpenLineage(URI.create("urn:dev.rocky:rocky-java:test"));

    /** A transport that records, or fails, or waits on a latch before each event. */
    private static final class Recording extends Transport {
        final List<String> jobs = new CopyOnWriteArrayList<>();
        final CountDownLatch gate;
        final RuntimeException failure;
        final CountDownLatch entered = new CountDownLatch(1);

        Recording(CountDownLatch gate, RuntimeException failure) {
            this.gate = gate;
            this.failure = failure;
        }

        @Override
        public void emit(OpenLineage.RunEvent event) {
            entered.countDown();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (failure != null) {
                throw failure;
            }
            jobs.add(event.getJob().getName());
        }

        @Override
        public void emit(OpenLineage.DatasetEvent event) {
        }

        @Override
        public void emit(OpenLineage.JobEvent event) {
        }
    }

    private static final class Lines implements LogSink {
        final List<String> warnings = new CopyOnWriteArrayList<>();
        final List<String> infos = new CopyOnWriteArrayList<>();

        @Override
        public void log(Level level, String message) {
            (level == Level.WARN ? warnings : infos).add(message);
        }
    }

    private static OpenLineage.RunEvent event(String job) {
        return OL.newRunEvent(ZonedDateTime.now(), OpenLineage.RunEvent.EventType.START, OL.newRun(UUID.randomUUID(), null),
                OL.newJob("ns", job, null), List.of(), List.of());
    }

    private static LineageEmitter emitter(Transport transport, int capacity, LogSink log) {
        return new LineageEmitter(OpenLineageClient.builder().transport(transport).meterRegistry(new SimpleMeterRegistry()).build(),
                "test", capacity, log);
    }

    @Test
    void eventsAreSentInOrderAndCloseReportsThem() {
        Recording t = new Recording(new CountDownLatch(0), null);
        Lines log = new Lines();
        LineageEmitter e = emitter(t, 10, log);
        for (int i = 0; i < 5; i++) {
            e.submit(event("j" + i));
        }
        LineageEmitter.Stats s = e.close(Duration.ofSeconds(10));
        assertThat(t.jobs).containsExactly("j0", "j1", "j2", "j3", "j4");
        assertThat(s).isEqualTo(new LineageEmitter.Stats(5, 0, 0));
        assertThat(log.warnings).isEmpty();
        assertThat(log.infos).containsExactly("OpenLineage: 5 event(s) sent through the test transport");
    }

    @Test
    void aBlockedTransportNeverBlocksSubmitAndAFullQueueDropsWithOneWarning() throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        Recording t = new Recording(gate, null);
        Lines log = new Lines();
        LineageEmitter e = emitter(t, 3, log);
        e.submit(event("first"));
        assertThat(t.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the sender holds "first" in the transport
        for (int i = 0; i < 10; i++) {
            e.submit(event("more" + i)); // returns at once although the transport is stuck
        }
        assertThat(gate.getCount()).as("the transport is still blocked: nothing waited for it").isEqualTo(1);
        assertThat(e.stats().dropped()).as("3 wait (the capacity), the other 7 are dropped").isEqualTo(7);
        assertThat(log.warnings).singleElement().asString().contains("event queue is full").contains("queue_capacity");
        gate.countDown();
        LineageEmitter.Stats s = e.close(Duration.ofSeconds(10));
        assertThat(t.jobs).containsExactly("first", "more0", "more1", "more2");
        assertThat(s.sent()).isEqualTo(4);
        assertThat(s.dropped()).isEqualTo(7);
        assertThat(log.warnings).hasSize(2).last().asString().isEqualTo("OpenLineage: 4 event(s) sent through the test transport, 7 dropped");
    }

    @Test
    void aFailingTransportIsWarnedOfOnceAndCounted() {
        Recording t = new Recording(new CountDownLatch(0), new IllegalStateException("connection refused"));
        Lines log = new Lines();
        LineageEmitter e = emitter(t, 10, log);
        for (int i = 0; i < 4; i++) {
            e.submit(event("j" + i));
        }
        LineageEmitter.Stats s = e.close(Duration.ofSeconds(10));
        assertThat(s).isEqualTo(new LineageEmitter.Stats(0, 4, 0));
        assertThat(log.warnings).hasSize(2);
        assertThat(log.warnings.get(0)).isEqualTo("OpenLineage: sending through the test transport failed, and lineage is skipped while "
                + "the run goes on (said once per kind of error): IllegalStateException: connection refused");
        assertThat(log.warnings.get(1)).isEqualTo("OpenLineage: 0 event(s) sent through the test transport, 4 failed");
    }

    @Test
    void closeGivesUpAfterItsTimeoutAndCountsWhatWasLeft() throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        Recording t = new Recording(gate, null);
        Lines log = new Lines();
        LineageEmitter e = emitter(t, 10, log);
        e.submit(event("held"));
        assertThat(t.entered.await(10, TimeUnit.SECONDS)).isTrue();
        e.submit(event("queued1"));
        e.submit(event("queued2"));
        LineageEmitter.Stats s = e.close(Duration.ofMillis(200));
        assertThat(s.dropped()).isEqualTo(2);
        assertThat(log.warnings).anySatisfy(w -> assertThat(w).isEqualTo(
                "OpenLineage: 2 event(s) were still queued after 200 ms and were dropped (the test transport did not keep up)"));
        e.submit(event("late"));
        assertThat(e.stats().dropped()).as("a closed emitter drops").isEqualTo(3);
        gate.countDown();
    }

    @Test
    void onlyOpenLineageEventsAreTaken() {
        LineageEmitter e = emitter(new Recording(new CountDownLatch(0), null), 1, new Lines());
        assertThatThrownBy(() -> e.submit("not an event")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an OpenLineage event: java.lang.String");
        e.close(Duration.ofSeconds(1));
    }
}
