package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code rocky run} of a load pipeline prints the engine's {@code LoadOutput} (rocky-cli output.rs;
 * no published schema, so these documents are synthetic, written from the struct): read by its
 * leading {@code command} and turned into a run result whose status follows the files.
 */
class LoadOutputTest {

    private static byte[] doc(String files, int loaded, int failed) {
        return ("{\"version\":\"1.71.0\",\"command\":\"load\",\"source_dir\":\"/p/landing\",\"format\":\"auto\",\"files_loaded\":"
                + loaded + ",\"files_failed\":" + failed + ",\"total_rows\":5,\"total_bytes\":64,\"files\":[" + files
                + "],\"duration_ms\":12}").getBytes(StandardCharsets.UTF_8);
    }

    private static final String OK = "{\"file\":\"/p/landing/a.csv\",\"target\":\"wh.raw.a\",\"rows_loaded\":5,\"bytes_read\":64,"
            + "\"duration_ms\":3}";
    private static final String BAD = "{\"file\":\"/p/landing/b.csv\",\"target\":\"raw.b\",\"rows_loaded\":0,\"bytes_read\":0,"
            + "\"duration_ms\":1,\"error\":\"bad record\"}";

    private static RunResult read(byte[] json, int exit) throws Exception {
        assertThat(RunDocument.typeOf(json)).isEqualTo(LoadOutput.class);
        return RockyJson.mapper().readValue(json, LoadOutput.class).toDomain(exit);
    }

    @Test
    void loadedFilesAreMaterializationsKeyedByTheirTarget() throws Exception {
        RunResult r = read(doc(OK, 1, 0), 0);

        assertThat(r.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(r.pipelineType()).contains("load");
        assertThat(r.tablesCopied()).isEqualTo(1);
        RunResult.Materialization m = r.materializations().get(0);
        assertThat(m.assetKey()).containsExactly("wh", "raw", "a");
        assertThat(m.rowsCopied()).hasValue(5);
        assertThat(m.strategy()).isEqualTo("load");
        assertThat(m.targetTableFullName()).contains("wh.raw.a");
    }

    @Test
    void failedFilesAreErrorsAndTheStatusFollowsThem() throws Exception {
        RunResult partial = read(doc(OK + "," + BAD, 1, 1), 1);
        assertThat(partial.status()).isEqualTo(RunStatus.PARTIAL_FAILURE);
        assertThat(partial.errors()).singleElement().satisfies(e -> {
            assertThat(e.assetKey()).containsExactly("raw", "b");
            assertThat(e.error()).isEqualTo("/p/landing/b.csv: bad record");
        });
        assertThat(read(doc(BAD, 0, 1), 1).status()).isEqualTo(RunStatus.FAILURE);
        assertThat(read(doc("", 0, 0), 0).status()).as("nothing to load is the engine's success").isEqualTo(RunStatus.SUCCESS);
    }

    @Test
    void aMissingRequiredFieldIsASchemaMismatch() {
        byte[] json = "{\"version\":\"1.71.0\",\"command\":\"load\",\"files\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RockyJson.mapper().readValue(json, LoadOutput.class)).isInstanceOf(JacksonException.class);
    }

    @Test
    void theLeadingCommandIsReadWithoutBindingTheDocument() {
        assertThat(RockyJson.leadingCommand("{\"version\":\"1\",\"nested\":{\"command\":\"x\"},\"command\":\"run\",\"rest\":"
                .getBytes(StandardCharsets.UTF_8))).as("stops at the top-level command, before the truncated rest").isEqualTo("run");
        assertThat(RockyJson.leadingCommand("[1]".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(RockyJson.leadingCommand("{\"command\":3}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(RunDocument.typeOf("{\"command\":\"run\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(RunOutput.class);
        assertThat(RunDocument.typeOf("not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(RunOutput.class);
        assertThat(List.of(RunDocument.class.getPermittedSubclasses())).containsExactlyInAnyOrder(RunOutput.class, LoadOutput.class, ApplyOutput.class);
    }
}
