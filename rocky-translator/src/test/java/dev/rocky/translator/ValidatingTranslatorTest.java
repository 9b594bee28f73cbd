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
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.translator.spi.DagNodeView;
import dev.rocky.translator.spi.ModelView;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.SourceView;
import dev.rocky.translator.spi.TableView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ValidatingTranslatorTest {

    private final Source source = Samples.source();
    private final Table table = source.tables().get(0);

    private static AssetTranslator checked(RockyTranslator t) {
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
        AssetTranslator t = checked(DefaultRockyTranslator.INSTANCE);

        assertThat(t.assetKey(source, table)).isEqualTo(new AssetKey(DefaultRockyTranslator.INSTANCE.assetKey(Views.of(source),
                Views.of(table))));
        assertThat(t.tags(source, table)).isEqualTo(DefaultRockyTranslator.INSTANCE.tags(Views.of(source), Views.of(table)));
        assertThat(t.modelTags(Samples.model(Map.of("owner", "data-eng@corp.com"))))
                .containsEntry("owner", "data-eng_corp.com");
        assertThat(t.dagNodeAssetKey(Samples.node("load:ingest", "load", "ingest"))).isEqualTo(AssetKey.of("ingest", "load"));
    }

    @Test
    void anInvalidKeySegmentNamesTheTranslatorTheTableAndTheValue() {
        AssetTranslator t = checked(new RockyTranslator() {
            @Override
            public List<String> assetKey(SourceView s, TableView tb) {
                return List.of("raw", "orders table");
            }
        });

        assertOutputError(() -> t.assetKey(source, table), "returned an invalid asset key for table orders of source raw__acme__orders",
                "[raw, orders table]", "segment 2 'orders table' has ' '");
    }

    @Test
    void anOverlongSegmentIsRefused() {
        AssetTranslator t = checked(new RockyTranslator() {
            @Override
            public List<String> assetKey(SourceView s, TableView tb) {
                return List.of("x".repeat(256));
            }
        });

        assertOutputError(() -> t.assetKey(source, table), "segment 1 is 256 characters long (at most 255)");
    }

    @Test
    void anInvalidGroupOrTagIsRefused() {
        AssetTranslator t = checked(new RockyTranslator() {
            @Override
            public String groupName(SourceView s) {
                return "team-a";
            }

            @Override
            public Map<String, String> tags(SourceView s, TableView tb) {
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
        AssetTranslator t = checked(new RockyTranslator() {
            @Override
            public String groupName(SourceView s) {
                return null;
            }

            @Override
            public Map<String, Object> metadata(SourceView s, TableView tb) {
                throw new IllegalStateException("lookup table missing");
            }

            @Override
            public List<List<String>> assetDeps(SourceView s, TableView tb) {
                return List.of(List.of("up stream"));
            }

            @Override
            public Map<String, String> tags(SourceView s, TableView tb) {
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
    void metadataValuesAreInferredAsDagsterInfersThemAndOtherTypesAreRefused() {
        AssetTranslator t = checked(new RockyTranslator() {
            @Override
            public Map<String, Object> metadata(SourceView s, TableView tb) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("text", "x");
                m.put("whole", 3);
                m.put("long", 4L);
                m.put("float", 1.5);
                m.put("flag", true);
                m.put("none", null);
                return m;
            }
        });
        assertThat(t.metadata(source, table)).containsExactly(Map.entry("text", MetadataValue.text("x")),
                Map.entry("whole", MetadataValue.integer(3)), Map.entry("long", MetadataValue.integer(4)),
                Map.entry("float", new MetadataValue.FloatValue(1.5)), Map.entry("flag", new MetadataValue.BoolValue(true)),
                Map.entry("none", MetadataValue.NULL));

        AssetTranslator listValued = checked(new RockyTranslator() {
            @Override
            public Map<String, Object> metadata(SourceView s, TableView tb) {
                return Map.of("owners", List.of("a", "b"));
            }
        });
        assertOutputError(() -> listValued.metadata(source, table), "invalid metadata for table orders", "owners=[a, b]",
                "a String, a whole number, a floating-point number, a Boolean or null");
    }

    @Test
    void modelAndDagMethodsAreCheckedToo() {
        AssetTranslator t = checked(new RockyTranslator() {
            @Override
            public List<String> modelAssetKey(ModelView m) {
                return List.of("marts", "fct revenue");
            }

            @Override
            public Map<String, String> modelTags(ModelView m) {
                return Map.of("domain", "fin ance");
            }

            @Override
            public String dagGroupName(DagNodeView n) {
                return "bad group";
            }

            @Override
            public List<String> dagNodeAssetKey(DagNodeView n) {
                return List.of("seed:x");
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
