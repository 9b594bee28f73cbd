package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipesParamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A value the real {@code dagster_pipes.encode_param({"path": "/tmp/dagster-pipes-messages-test"})}
     * printed (dagster_pipes 1.13.17), as the engine's pipes.rs tests record it.
     */
    private static final String FROM_REAL_DAGSTER_PIPES = "eJyrVipILMlQslJQ0i/JLdBPSUwvLkkt0i3ILEgt1s1NLS5OTAcySlKLS5RqAVZhD+E=";

    @Test
    void decodesWhatTheRealDagsterPipesEncodes() {
        assertThat(PipesParams.decode(FROM_REAL_DAGSTER_PIPES, PipesParams.MESSAGES_ENV).path("path").asText())
                .isEqualTo("/tmp/dagster-pipes-messages-test");
    }

    @Test
    void encodeThenDecodeIsTheSameDocument() throws Exception {
        var doc = JSON.readTree("{\"path\":\"/tmp/ü x\",\"extras\":{\"plan_id\":\"ab\",\"n\":[1,2.5,null,true]}}");
        assertThat(PipesParams.decode(PipesParams.encode(doc), PipesParams.CONTEXT_ENV)).isEqualTo(doc);
    }

    @Test
    void eachBrokenLayerIsNamedWithoutEchoingTheValue() {
        assertThatThrownBy(() -> PipesParams.decode("secret!", PipesParams.MESSAGES_ENV))
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PIPES_PROTOCOL))
                .hasMessageStartingWith("DAGSTER_PIPES_MESSAGES cannot be base64-decoded").hasMessageNotContaining("secret");
        String plain = Base64.getEncoder().encodeToString("{\"path\":\"/tmp/x\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PipesParams.decode(plain, PipesParams.CONTEXT_ENV))
                .hasMessageStartingWith("DAGSTER_PIPES_CONTEXT cannot be zlib-decompressed");
        String truncated = FROM_REAL_DAGSTER_PIPES.substring(0, 24);
        assertThatThrownBy(() -> PipesParams.decode(truncated, PipesParams.CONTEXT_ENV)).hasMessageContaining("cannot be");
        assertThatThrownBy(() -> PipesParams.decode(PipesParams.encode(JSON.getNodeFactory().textNode("x")).substring(0, 8),
                PipesParams.CONTEXT_ENV)).isInstanceOf(RockyException.class);
    }

    @Test
    void assetKeysRoundTripThroughDagstersEscapedUserString() {
        List<String> odd = List.of("a/b", "c\\d", "e");
        String wire = PipesParams.assetKeyString(odd);
        assertThat(wire).isEqualTo("a\\/b/c\\\\d/e");
        assertThat(PipesParams.assetKeyPath(wire)).isEqualTo(odd);
        assertThat(PipesParams.assetKeyPath("duckdb/orders/orders")).containsExactly("duckdb", "orders", "orders");
    }
}
