package com.example.rocky.tenant;

import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.RockyTranslatorFactory;
import dev.rocky.translator.spi.TranslatorContext;
import dev.rocky.translator.spi.TranslatorPlugin;
import java.util.Map;
import java.util.Set;

/**
 * Registers the {@code tenant} translator. Select it in defs.yaml with
 * {@code translator: {name: tenant, config: {component: tenant}}}.
 *
 * <p>Config: {@code component} (default {@code tenant}), the name of the source component that
 * holds the tenant.
 *
 * <p>{@link TranslatorPlugin} declares the name on the class, so that {@code translator: {name:
 * tenant}} creates this factory without creating any other plugin's.
 */
@TranslatorPlugin(name = "tenant")
public final class TenantTranslatorFactory implements RockyTranslatorFactory {

    private static final Set<String> KEYS = Set.of("component");

    /** Called by the ServiceLoader. */
    public TenantTranslatorFactory() {
    }

    @Override
    public String name() {
        return "tenant";
    }

    @Override
    public RockyTranslator create(Map<String, String> config, TranslatorContext context) {
        for (String key : config.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'; the tenant translator accepts: component");
            }
        }
        String component = config.getOrDefault("component", "tenant");
        if (!component.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("component must be a component name such as tenant, got '" + component + "'");
        }
        return new TenantTranslator(component);
    }
}
