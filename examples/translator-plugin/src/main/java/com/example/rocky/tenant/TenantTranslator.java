package com.example.rocky.tenant;

import dev.rocky.translator.spi.Names;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.SourceView;
import dev.rocky.translator.spi.TableView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    public List<String> assetKey(SourceView source, TableView table) {
        Optional<SourceView.Component> tenant = source.component(component);
        if (tenant.isEmpty() || tenant.get().list()) {
            return RockyTranslator.super.assetKey(source, table);
        }
        List<String> path = new ArrayList<>(source.components().size() + 1);
        path.add(Names.keySegment(source.sourceType()));
        for (SourceView.Component c : source.components()) {
            if (!c.name().equals(component)) {
                path.add(Names.keySegment(c.joined()));
            }
        }
        path.add(Names.keySegment(table.name()));
        return path;
    }

    @Override
    public String groupName(SourceView source) {
        Optional<SourceView.Component> tenant = source.component(component);
        if (tenant.isPresent() && !tenant.get().list()) {
            return Names.groupSegment(tenant.get().joined());
        }
        return RockyTranslator.super.groupName(source);
    }
}
