package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.run.DoctorResult;
import dev.rocky.core.state.RockyOutput;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code strict_doctor} / {@code strict_doctor_checks} as the reference's resource documents them
 * (dagster-rocky resource.py): an empty allowlist blocks on any critical check; a non-empty one
 * blocks only on the critical checks it names and logs the others; healthy and warning checks never
 * block. A status outside the schema's enum counts as critical.
 */
class DoctorGateTest {

    private static DoctorResult.Check check(String name, String status) {
        return new DoctorResult.Check(name, DoctorResult.Status.fromWire(status), status, name + " says " + status, 1);
    }

    private static final DoctorResult REPORT = new DoctorResult("critical", List.of(check("config", "healthy"),
            check("state_rw", "critical"), check("auth", "critical"), check("state_sync", "warning")), List.of(), 3);

    @Test
    void anEmptyAllowlistBlocksOnEveryCriticalCheckAndLogsWarnings() {
        DoctorGate.Verdict v = new DoctorGate(List.of()).judge(REPORT);

        assertThat(v.passes()).isFalse();
        assertThat(v.blocking()).extracting(DoctorResult.Check::name).containsExactly("state_rw", "auth");
        assertThat(v.warned()).extracting(DoctorResult.Check::name).containsExactly("state_sync");
    }

    @Test
    void anAllowlistBlocksOnlyOnTheCriticalChecksItNames() {
        DoctorGate.Verdict v = new DoctorGate(List.of("auth", "state_sync")).judge(REPORT);

        assertThat(v.blocking()).extracting(DoctorResult.Check::name).containsExactly("auth");
        assertThat(v.warned()).as("a critical check outside the list and a listed warning are logged")
                .extracting(DoctorResult.Check::name).containsExactly("state_rw", "state_sync");
        assertThat(new DoctorGate(List.of("config")).judge(REPORT).passes()).isTrue();
    }

    @Test
    void aStatusThisBuildDoesNotKnowCountsAsCritical() {
        DoctorResult odd = new DoctorResult("degraded", List.of(check("state", "degraded")), List.of(), 0);

        assertThat(new DoctorGate(List.of()).judge(odd).blocking()).extracting(DoctorResult.Check::wireStatus).containsExactly("degraded");
    }

    @Test
    void enforceFailsNamingEachBlockingCheckAndWarnsOfTheRest() {
        List<String> warnings = new ArrayList<>();
        LogSink log = new LogSink() {
            @Override
            public void log(Level level, String message) {
                if (level == Level.WARN) {
                    warnings.add(message);
                }
            }
        };

        assertThatThrownBy(() -> new DoctorGate(List.of("state_rw")).enforce(doctorSaying(REPORT), log))
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DOCTOR_CRITICAL))
                .hasMessageContaining("state_rw (critical: state_rw says critical)").hasMessageNotContaining("auth (")
                .hasMessageContaining("nothing was run");
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("auth is critical").contains("does not block"))
                .anySatisfy(w -> assertThat(w).contains("state_sync is warning"));
        assertThat(new DoctorGate(List.of("config")).enforce(doctorSaying(REPORT), log)).isSameAs(REPORT);
    }

    private static RockyCli doctorSaying(DoctorResult report) {
        return (RockyCli) Proxy.newProxyInstance(RockyCli.class.getClassLoader(), new Class<?>[] {RockyCli.class}, (p, m, a) -> {
            if (m.getName().equals("doctor")) {
                return new RockyOutput<>(report, "{}".getBytes(StandardCharsets.UTF_8), report.exitCode());
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }
}
