/**
 * The discover sensor: the values of the discover sensor (its cursor, run requests and ticks; the use case is
 * {@code dev.rocky.core.service.DiscoverSensor}): which sources synced since the last tick, as run requests any scheduler can
 * hand to {@code materialize} (the reference's {@code rocky_source_sensor}, dagster-rocky sensor.py).
 */
package dev.rocky.core.sensor;
