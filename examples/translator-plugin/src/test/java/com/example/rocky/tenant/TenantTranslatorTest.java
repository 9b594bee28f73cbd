package com.example.rocky.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rocky.core.discover.ComponentValue;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.TranslatorContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TenantTranslatorTest {

    private static Source source(String tenant) {
        Map<String, ComponentValue> components = new LinkedHashMap<>();
        components.put("source", new ComponentValue.Single("orders"));
        if (tenant != null) {
            components.put("tenant", new ComponentValue.Single(tenant));
        }
        return new Source("raw__orders__" + tenant, components, "duckdb", Optional.empty(),
                List.of(new Table("orders", OptionalLong.empty())));
    }

    private final RockyTranslator translator = new TenantTranslatorFactory().create(Map.of(), TranslatorContext.of(Path.of(".")));

    @Test
    void groupsByTheTenantAndLeavesItOutOfTheKey() {
        Source acme = source("acme");
        assertEquals(AssetKey.of("duckdb", "orders", "orders"), translator.assetKey(acme, acme.tables().get(0)));
        assertEquals("acme", translator.groupName(acme));
    }

    @Test
    void aSourceWithoutTheComponentKeepsTheDefaults() {
        Source plain = source(null);
        assertEquals(AssetKey.of("duckdb", "orders", "orders"), translator.assetKey(plain, plain.tables().get(0)));
        assertEquals("orders", translator.groupName(plain));
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
