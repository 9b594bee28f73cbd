package com.example.rocky.tenant;

import dev.rocky.core.discover.ComponentValue;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.translator.spi.RockyTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Groups each discovered table by its source's tenant component and leaves that component out of
 * the asset key: source {@code raw__orders__acme} ({@code source=orders, tenant=acme}) with table
 * {@code orders} becomes key {@code [duckdb, orders, orders]} in group {@code acme}, where the
 * default translator gives {@code [duckdb, orders, acme, orders]} in group {@code orders}.
 *
 * <p>A source without the component (or with a list value) keeps the default key and group. Keys
 * of two tenants with the same source and table would be equal, so use this when each tenant's
 * sources are its own. Every other method keeps its default (the {@code rocky/<component>} tag
 * still names the tenant). Stateless, so thread-safe.
 */
public final class TenantTranslator implements RockyTranslator {

    private final String component;

    /** @param component the source component that holds the tenant */
    public TenantTranslator(String component) {
        this.component = component;
    }

    @Override
    public AssetKey assetKey(Source source, Table table) {
        if (!(source.components().get(component) instanceof ComponentValue.Single)) {
            return RockyTranslator.super.assetKey(source, table);
        }
        List<String> path = new ArrayList<>(source.components().size() + 1);
        path.add(source.sourceType());
        for (Map.Entry<String, ComponentValue> e : source.components().entrySet()) {
            if (!e.getKey().equals(component)) {
                path.add(e.getValue().joined());
            }
        }
        path.add(table.name());
        return new AssetKey(path);
    }

    @Override
    public String groupName(Source source) {
        if (source.components().get(component) instanceof ComponentValue.Single tenant) {
            return tenant.value();
        }
        return RockyTranslator.super.groupName(source);
    }
}
