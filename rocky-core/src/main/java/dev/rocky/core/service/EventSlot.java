package dev.rocky.core.service;

import dev.rocky.core.spec.AssetKey;

/**
 * What one event is deduplicated by: an asset and a partition, check name or run filter.
 *
 * @param asset the asset
 * @param name the partition, check name or run filter
 */
record EventSlot(AssetKey asset, String name) {
}
