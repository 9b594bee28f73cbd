package dev.rocky.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.SourceView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TranslationTemplatesTest {

    private final Source source = Samples.source();
    private final Table orders = source.tables().get(0);
    private final Table customers = source.tables().get(1);

    /** The default plugin as the core sees it, checked, as the resolver builds it before the templates. */
    private static final AssetTranslator DEFAULT = checked(DefaultRockyTranslator.INSTANCE);

    private static AssetTranslator checked(RockyTranslator plugin) {
        return new ValidatingTranslator(plugin, "the test translator");
    }

    private static AssetTranslator templated(Map<String, ?> translation) {
        return TranslationTemplates.parse(translation).applyTo(DEFAULT);
    }

    @Test
    void keyTemplatesAreSplitOnSlashesAndReplaceTheKey() {
        AssetTranslator t = templated(Map.of("key", "raw/{{ source_type }}/{{group_name}}/{{  table_name }}"));

        assertThat(t.assetKey(source, orders)).isEqualTo(AssetKey.of("raw", "duckdb", "acme", "orders"));
        assertThat(t.groupName(source)).as("untouched").isEqualTo("acme");
    }

    @Test
    void groupTagsAndMetadataAreRenderedAndTagsAndMetadataMerged() {
        Map<String, Object> translation = new LinkedHashMap<>();
        translation.put("group", "{{ source_type }}_{{ group_name }}");
        translation.put("tags", Map.of("team", "t_{{ source_id }}", "rows", "{{ row_count }}"));
        translation.put("metadata", Map.of("note", "synced by {{ source_id }}", "source_type", "overridden"));
        AssetTranslator t = templated(translation);

        assertThat(t.groupName(source)).isEqualTo("duckdb_acme");
        assertThat(t.tags(source, orders)).containsEntry("rocky/source_type", "duckdb").containsEntry("team", "t_raw__acme__orders")
                .containsEntry("rows", "42");
        assertThat(t.tags(source, customers)).as("no row count renders as empty").containsEntry("rows", "");
        assertThat(t.metadata(source, orders)).containsEntry("note", MetadataValue.text("synced by raw__acme__orders"))
                .containsEntry("source_type", MetadataValue.text("overridden")).containsEntry("row_count", MetadataValue.integer(42));
        assertThat(t.assetKey(source, orders)).as("no key template").isEqualTo(AssetKey.of("duckdb", "acme", "orders", "orders"));
    }

    @Test
    void templatesApplyAfterTheTranslatorSoGroupNameIsTheTranslatorsGroup() {
        RockyTranslator custom = new RockyTranslator() {
            @Override
            public String groupName(SourceView s) {
                return "custom";
            }
        };
        AssetTranslator t = TranslationTemplates.parse(Map.of("key", "{{ group_name }}/{{ table_name }}")).applyTo(checked(custom));

        assertThat(t.assetKey(source, orders)).isEqualTo(AssetKey.of("custom", "orders"));
    }

    @Test
    void theTranslatorsGroupIsComputedOnlyWhenATemplateNamesGroupName() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        RockyTranslator counting = new RockyTranslator() {
            @Override
            public String groupName(SourceView s) {
                calls.incrementAndGet();
                return "g";
            }
        };
        TranslationTemplates.parse(Map.of("key", "raw/{{ table_name }}", "tags", Map.of("t", "{{ source_id }}")))
                .applyTo(checked(counting)).assetKey(source, orders);
        assertThat(calls).hasValue(0);
        TranslationTemplates.parse(Map.of("tags", Map.of("t", "{{ group_name }}"))).applyTo(checked(counting)).tags(source, orders);
        assertThat(calls).hasValue(1);
    }

    @Test
    void noTemplatesReturnTheTranslatorItself() {
        assertThat(TranslationTemplates.parse(Map.of()).applyTo(DEFAULT)).isSameAs(DEFAULT);
        assertThat(TranslationTemplates.none().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ~ ", value = {
        "key ~ {{ table }} ~ translation.key: unknown variable 'table' in '{{ table }}'; known variables: source_id, source_type, group_name, table_name, row_count",
        "group ~ {{ table_name }} ~ translation.group: unknown variable 'table_name' in '{{ table_name }}'; a group belongs to a source, so only source_id, source_type, group_name can be used",
        "key ~ {{ table_name | upper }} ~ translation.key: filters are not supported",
        "key ~ raw/{{ table_name ~ translation.key: '{{' at character 5 of 'raw/{{ table_name' is never closed",
        "key ~ {% if x %}a{% endif %} ~ Jinja statements and comments",
    })
    void badTemplatesAreConfigurationErrorsNamingTheAttribute(String attribute, String template, String message) {
        assertThatThrownBy(() -> TranslationTemplates.parse(Map.of(attribute, template)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void wrongShapesAndUnknownAttributesAreRefused() {
        assertThatThrownBy(() -> TranslationTemplates.parse(Map.of("automation_condition", "eager")))
                .as("automation is not built: refused, never accepted and ignored")
                .hasMessageContaining("unknown translation attribute 'automation_condition'; accepted: key, group, group_name, tags, "
                        + "metadata, description, owners, kinds, deps, code_version");
        assertThatThrownBy(() -> TranslationTemplates.parse(Map.of("owners", "team:x")))
                .hasMessageContaining("translation.owners must be a list of string templates");
        assertThatThrownBy(() -> TranslationTemplates.parse(Map.of("kinds", List.of("a", "b", "c", "d"))))
                .hasMessageContaining("translation.kinds must list 1 to 3 kinds (Dagster's limit), got 4");
        assertThatThrownBy(() -> TranslationTemplates.parse(Map.of("key", List.of("a"))))
                .hasMessageContaining("translation.key must be a string template");
        assertThatThrownBy(() -> TranslationTemplates.parse(Map.of("tags", "x"))).hasMessageContaining("translation.tags must be a mapping");
        assertThatThrownBy(() -> TranslationTemplates.parse(Map.of("tags", Map.of("t", List.of()))))
                .hasMessageContaining("translation.tags.t must be a string template");
        assertThatThrownBy(() -> TranslationTemplates.parse(Map.of("tags", Map.of("t", "{{ nope }}"))))
                .hasMessageContaining("translation.tags.t: unknown variable 'nope'");
        assertThatThrownBy(() -> TranslationTemplates.parse(Map.of("group", "a", "group_name", "b")))
                .hasMessageContaining("both group and group_name");
    }

    @Test
    void whatATemplateRendersIsCheckedAndTheErrorNamesTheAttribute() {
        AssetTranslator emptySegment = templated(Map.of("key", "raw//{{ table_name }}"));
        assertThatThrownBy(() -> emptySegment.assetKey(source, orders))
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_OUTPUT))
                .hasMessageContaining("defs.yaml translation.key rendered an invalid key for table orders of source raw__acme__orders")
                .hasMessageContaining("'raw//orders'").hasMessageContaining("empty segment");

        AssetTranslator spaced = templated(Map.of("key", "raw {{ table_name }}"));
        assertThatThrownBy(() -> spaced.assetKey(source, orders)).hasMessageContaining("segment 1 'raw orders' has ' '");

        AssetTranslator badTag = templated(Map.of("tags", Map.of("note", "{{ source_id }}!")));
        assertThatThrownBy(() -> badTag.tags(source, orders)).hasMessageContaining("translation.tags rendered")
                .hasMessageContaining("its value has '!'");

        AssetTranslator badGroup = templated(Map.of("group_name", "{{ source_type }}-x"));
        assertThatThrownBy(() -> badGroup.groupName(source)).hasMessageContaining("translation.group rendered an invalid group")
                .hasMessageContaining("'duckdb-x' has '-'");
    }

    /**
     * The reference's {@code translation} is a Dagster {@code TranslationFn} over every
     * {@code AssetSpec} attribute (component.py 438-450): description, owners, kinds, deps and
     * code_version replace the built-in value.
     */
    @Test
    void descriptionOwnersKindsDepsAndCodeVersionReplaceTheBuiltInValues() {
        Map<String, Object> translation = new LinkedHashMap<>();
        translation.put("description", "{{ table_name }} from {{ source_id }}");
        translation.put("owners", List.of("team:data_eng", "{{ table_name }}@corp.com"));
        translation.put("kinds", List.of("rocky", "{{ source_type }}", "raw"));
        translation.put("deps", List.of("fivetran/{{ table_name }}", "fivetran/{{ table_name }}", "erp/x"));
        translation.put("code_version", "v2");
        AssetTranslator t = templated(translation);

        AssetTranslator.SpecExtras extras = t.specExtras(source, orders);
        assertThat(extras.description()).contains("orders from raw__acme__orders");
        assertThat(extras.owners()).containsExactly("team:data_eng", "orders@corp.com");
        assertThat(extras.kinds()).contains(List.of("rocky", "duckdb", "raw"));
        assertThat(extras.codeVersion()).contains("v2");
        assertThat(t.assetDeps(source, orders)).as("repeats dropped").containsExactly(AssetKey.of("fivetran", "orders"),
                AssetKey.of("erp", "x"));
        assertThat(templated(Map.of("key", "a/{{ table_name }}")).specExtras(source, orders))
                .isEqualTo(AssetTranslator.SpecExtras.NONE);

        AssetTranslator badOwner = templated(Map.of("owners", List.of("{{ table_name }}")));
        assertThatThrownBy(() -> badOwner.specExtras(source, orders))
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_OUTPUT))
                .hasMessageContaining("translation.owners rendered").hasMessageContaining("'orders'")
                .hasMessageContaining("email address or team:<name>");
        AssetTranslator badDep = templated(Map.of("deps", List.of("x//{{ table_name }}")));
        assertThatThrownBy(() -> badDep.assetDeps(source, orders)).hasMessageContaining("translation.deps rendered")
                .hasMessageContaining("empty segment");
    }
}
