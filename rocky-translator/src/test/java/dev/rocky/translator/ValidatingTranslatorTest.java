package dev.rocky.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.translator.spi.RockyTranslator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ValidatingTranslatorTest {

    private final Source source = Samples.source();
    private final Table table = source.tables().get(0);

    private static RockyTranslator checked(RockyTranslator t) {
        return new ValidatingTranslator(t, "translator 'odd' (/p/odd.jar)");
    }

    private static void assertOutputError(ThrowingCallable call, String... parts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RockyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_OUTPUT)).hasMessageContaining("translator 'odd' (/p/odd.jar)")
                .hasMessageContaining(parts[0]).satisfies(e -> {
                    for (String p : parts) {
                        assertThat(e.getMessage()).contains(p);
                    }
                });
    }

    @Test
    void theDefaultTranslatorPassesUnchanged() {
        RockyTranslator t = checked(DefaultRockyTranslator.INSTANCE);

        assertThat(t.assetKey(source, table)).isEqualTo(DefaultRockyTranslator.INSTANCE.assetKey(source, table));
        assertThat(t.tags(source, table)).isEqualTo(DefaultRockyTranslator.INSTANCE.tags(source, table));
        assertThat(t.modelTags(Samples.model(Map.of("owner", "data-eng@corp.com"))))
                .containsEntry("owner", "data-eng_corp.com");
        assertThat(t.dagNodeAssetKey(Samples.node("load:ingest", "load", "ingest"))).isEqualTo(AssetKey.of("ingest", "load"));
    }

    @Test
    void anInvalidKeySegmentNamesTheTranslatorTheTableAndTheValue() {
        RockyTranslator t = checked(new RockyTranslator() {
            @Override
            public AssetKey assetKey(Source s, Table tb) {
                return AssetKey.of("raw", "orders table");
            }
        });

        assertOutputError(() -> t.assetKey(source, table), "returned an invalid asset key for table orders of source raw__acme__orders",
                "[raw, orders table]", "segment 2 'orders table' has ' '");
    }

    @Test
    void anOverlongSegmentIsRefused() {
        RockyTranslator t = checked(new RockyTranslator() {
            @Override
            public AssetKey assetKey(Source s, Table tb) {
                return AssetKey.of("x".repeat(256));
            }
        });

        assertOutputError(() -> t.assetKey(source, table), "segment 1 is 256 characters long (at most 255)");
    }

    @Test
    void anInvalidGroupOrTagIsRefused() {
        RockyTranslator t = checked(new RockyTranslator() {
            @Override
            public String groupName(Source s) {
                return "team-a";
            }

            @Override
            public Map<String, String> tags(Source s, Table tb) {
                return Map.of("owner", "a@b");
            }
        });

        assertOutputError(() -> t.groupName(source), "invalid group for source raw__acme__orders", "'team-a' has '-'");
        assertOutputError(() -> t.tags(source, table), "invalid tags for table orders", "tag 'owner' = 'a@b': its value has '@'");
    }

    @Test
    void tagKeysMayHaveOneNamespacePrefix() {
        Map<String, String> ok = Map.of("rocky/kind", "x", "plain", "");
        assertThat(TranslatorOutputRules.tagsProblem(ok)).isEmpty();
        assertThat(TranslatorOutputRules.tagsProblem(Map.of("a/b/c", "x"))).get().asString().contains("key name has '/'");
        assertThat(TranslatorOutputRules.tagsProblem(Map.of("/x", "v"))).get().asString().contains("key prefix is empty");
        assertThat(TranslatorOutputRules.tagsProblem(Map.of("k", "v".repeat(64)))).get().asString().contains("64 characters long");
    }

    @Test
    void nullsAndExceptionsBecomeTranslatorOutputErrors() {
        RockyTranslator t = checked(new RockyTranslator() {
            @Override
            public String groupName(Source s) {
                return null;
            }

            @Override
            public Map<String, MetadataValue> metadata(Source s, Table tb) {
                throw new IllegalStateException("lookup table missing");
            }

            @Override
            public List<AssetKey> assetDeps(Source s, Table tb) {
                return List.of(AssetKey.of("up stream"));
            }

            @Override
            public Map<String, String> tags(Source s, Table tb) {
                Map<String, String> m = new HashMap<>();
                m.put("k", null);
                return m;
            }
        });

        assertOutputError(() -> t.groupName(source), "returned an invalid group for source raw__acme__orders: null");
        assertOutputError(() -> t.metadata(source, table), "threw java.lang.IllegalStateException: lookup table missing",
                "while computing the metadata of table orders of source raw__acme__orders");
        assertOutputError(() -> t.assetDeps(source, table), "invalid dependency key", "[up stream]");
        assertOutputError(() -> t.tags(source, table), "tag k has a null key or value");
    }

    @Test
    void modelAndDagMethodsAreCheckedToo() {
        RockyTranslator t = checked(new RockyTranslator() {
            @Override
            public AssetKey modelAssetKey(ModelDetail m) {
                return AssetKey.of("marts", "fct revenue");
            }

            @Override
            public Map<String, String> modelTags(ModelDetail m) {
                return Map.of("domain", "fin ance");
            }

            @Override
            public String dagGroupName(DagNode n) {
                return "bad group";
            }

            @Override
            public AssetKey dagNodeAssetKey(DagNode n) {
                return AssetKey.of("seed:x");
            }
        });
        ModelDetail model = Samples.model(Map.of());
        DagNode node = Samples.node("seed:x", "seed", null);

        assertOutputError(() -> t.modelAssetKey(model), "invalid asset key for model fct_revenue");
        assertOutputError(() -> t.modelTags(model), "invalid tags for model fct_revenue");
        assertOutputError(() -> t.dagGroupName(node), "invalid group for DAG node seed:x (seed)");
        assertOutputError(() -> t.dagNodeAssetKey(node), "invalid asset key for DAG node seed:x (seed)", "has ':'");
    }
}
