package com.example.rocky.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.SourceView;
import dev.rocky.translator.spi.TableView;
import dev.rocky.translator.spi.TranslatorContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The plugin on its own: the SPI's views are plain records, so a test builds them directly. */
class TenantTranslatorTest {

    private static final TableView ORDERS = new TableView("orders", OptionalLong.empty());

    private static SourceView source(String tenant) {
        List<SourceView.Component> components = new ArrayList<>();
        components.add(new SourceView.Component("source", List.of("orders"), false));
        if (tenant != null) {
            components.add(new SourceView.Component("tenant", List.of(tenant), false));
        }
        return new SourceView("raw__orders__" + tenant, "duckdb", components, Optional.empty());
    }

    private final RockyTranslator translator = new TenantTranslatorFactory().create(Map.of(), TranslatorContext.of(Path.of(".")));

    @Test
    void groupsByTheTenantAndLeavesItOutOfTheKey() {
        assertEquals(List.of("duckdb", "orders", "orders"), translator.assetKey(source("acme"), ORDERS));
        assertEquals("acme", translator.groupName(source("acme")));
    }

    @Test
    void aSourceWithoutTheComponentKeepsTheDefaults() {
        assertEquals(List.of("duckdb", "orders", "orders"), translator.assetKey(source(null), ORDERS));
        assertEquals("orders", translator.groupName(source(null)));
    }

    @Test
    void theComponentIsConfigurableAndUnknownKeysAreRefused() {
        RockyTranslator bySource = new TenantTranslatorFactory().create(Map.of("component", "source"), TranslatorContext.of(Path.of(".")));
        assertEquals("orders", bySource.groupName(source("acme")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TenantTranslatorFactory().create(Map.of("colour", "red"), TranslatorContext.of(Path.of("."))));
        assertEquals("unknown key 'colour'; the tenant translator accepts: component", e.getMessage());
    }
}
