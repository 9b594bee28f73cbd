package dev.rocky.translator;

import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.RockyTranslatorFactory;
import dev.rocky.translator.spi.TranslatorContext;
import java.util.Map;

/**
 * The built-in factory, registered in code (never through {@link java.util.ServiceLoader}): name
 * {@value #NAME}, the lowest priority, no configuration. Creates {@link DefaultRockyTranslator#INSTANCE}.
 */
public final class DefaultTranslatorFactory implements RockyTranslatorFactory {

    /** The built-in translator's name. */
    public static final String NAME = "default";

    /** The shared instance. */
    public static final DefaultTranslatorFactory INSTANCE = new DefaultTranslatorFactory();

    private DefaultTranslatorFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return {@link Integer#MIN_VALUE}: any plugin found wins over the built-in translator */
    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    /**
     * @throws IllegalArgumentException when {@code config} is not empty: the default translator has
     *     no settings
     */
    @Override
    public RockyTranslator create(Map<String, String> config, TranslatorContext context) {
        if (!config.isEmpty()) {
            throw new IllegalArgumentException("the default translator takes no config, got " + config.keySet());
        }
        return DefaultRockyTranslator.INSTANCE;
    }
}
