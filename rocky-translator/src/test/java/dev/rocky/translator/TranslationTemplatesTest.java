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
        assertThatThrownBy(() -> TranslationTemplates.parse(Map.of("owners", List.of("a"))))
                .hasMessageContaining("unknown translation attribute 'owners'; accepted: key, group, group_name, tags, metadata");
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
}
