package dev.rocky.translator;

import dev.rocky.translator.spi.RockyTranslator;

/**
 * The built-in translator: every behaviour is {@link RockyTranslator}'s default. Stateless and
 * thread-safe; use {@link #INSTANCE}.
 */
public final class DefaultRockyTranslator implements RockyTranslator {

    /** The shared instance. */
    public static final DefaultRockyTranslator INSTANCE = new DefaultRockyTranslator();

    /** Prefer {@link #INSTANCE}; public for dependency-injection containers. */
    public DefaultRockyTranslator() {
    }
}
