package dev.rocky.translator.spi;

import java.util.Map;

/**
 * Creates a {@link RockyTranslator}: the unit a plugin registers. A plugin jar lists its factory
 * classes, one per line, in {@code META-INF/services/dev.rocky.translator.spi.RockyTranslatorFactory};
 * each needs a public no-argument constructor.
 *
 * <p>Which translator a component uses, first match wins:
 * <ol>
 *   <li>one set in code ({@code RockyComponent.builder(config).translator(...)});</li>
 *   <li>the one defs.yaml names: {@code translator: {name: <name>, config: {...}}}, or
 *       {@code translator_class: <fully qualified class name>} (a factory or a translator with a
 *       public no-argument constructor);</li>
 *   <li>the factory with the highest {@link #priority()} found on the classpath or in the
 *       {@code plugins/} directory (a tie is an error: name one in defs.yaml);</li>
 *   <li>the built-in default ({@code default}).</li>
 * </ol>
 * A name defs.yaml gives that no factory has is an error listing the names found; two factories
 * with one name are an error naming both jars.
 *
 * <p>Factories are created once per process and {@link #create} once per component; both may run
 * on any thread.
 */
public interface RockyTranslatorFactory {

    /**
     * @return the name defs.yaml selects this factory by ({@code translator: {name: ...}}): 1–64
     *     characters matching {@code [a-z][a-z0-9_-]*}, unique among the factories found; the name
     *     {@code default} is taken by the built-in translator
     */
    String name();

    /**
     * @return the rank among the factories found when defs.yaml names none: the highest wins;
     *     default 0. The built-in translator ranks below every plugin.
     */
    default int priority() {
        return 0;
    }

    /**
     * @param config the {@code translator.config} mapping from defs.yaml, values as strings (numbers
     *     and booleans as written); empty when none is given. Unmodifiable.
     * @param context what the framework tells every translator: the SPI version and the project
     * @return the translator, never {@code null}; it serves every load of the component
     * @throws IllegalArgumentException when {@code config} is invalid: the message is shown to the
     *     user as a {@code TRANSLATOR_LOAD} error naming this factory, so say which key is wrong and
     *     what is accepted
     */
    RockyTranslator create(Map<String, String> config, TranslatorContext context);
}
