package dev.rocky.translator;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.error.RockyException;
import dev.rocky.translator.ResolvedTranslator.Choice;
import dev.rocky.translator.TranslatorPlugins.Plugin;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.RockyTranslatorFactory;
import dev.rocky.translator.spi.TranslatorContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses a component's translator, first match wins:
 * <ol>
 *   <li>a translator set in code;</li>
 *   <li>the factory defs.yaml names ({@link TranslatorSelection#name()}), or the class it gives
 *       ({@link TranslatorSelection#className()}: a {@link RockyTranslatorFactory}, created with the
 *       selection's config, or a {@link RockyTranslator}; either needs a public no-argument
 *       constructor and is looked up on the classpath, then in each plugin);</li>
 *   <li>the factory with the highest priority among those {@link TranslatorPlugins} found;</li>
 *   <li>the built-in default.</li>
 * </ol>
 * The result checks everything the translator returns and applies the {@code translation}
 * templates on top (see {@link ResolvedTranslator#translator()}).
 */
public final class TranslatorResolver {

    private TranslatorResolver() {
    }

    /**
     * @param inCode a translator set in code, which wins over everything
     * @param selection what defs.yaml says
     * @param plugins the factories found
     * @param context passed to the chosen factory
     * @param templates the {@code translation} templates
     * @return the translator to use, and why
     * @throws RockyException {@code TRANSLATOR_LOAD} when the named factory is not found (the message
     *     lists the names found), the class is not found or is neither a factory nor a translator,
     *     two factories tie for the highest priority, or the factory rejects its config or fails
     */
    public static ResolvedTranslator resolve(Optional<RockyTranslator> inCode, TranslatorSelection selection,
            TranslatorPlugins plugins, TranslatorContext context, TranslationTemplates templates) {
        Objects.requireNonNull(templates, "templates is null");
        Chosen chosen = choose(inCode, selection, plugins, context);
        String who = "translator '" + chosen.name + "' (" + chosen.origin + ")";
        AssetTranslator checked = new ValidatingTranslator(chosen.translator, who);
        return new ResolvedTranslator(templates.applyTo(checked), chosen.name, chosen.origin, chosen.choice);
    }

    private static Chosen choose(Optional<RockyTranslator> inCode, TranslatorSelection selection, TranslatorPlugins plugins,
            TranslatorContext context) {
        if (inCode.isPresent()) {
            return new Chosen(inCode.get(), inCode.get().getClass().getName(), "code", Choice.CODE);
        }
        if (selection.name().isPresent()) {
            String name = selection.name().get();
            Plugin plugin = plugins.named(name).orElseThrow(() -> new RockyException(ErrorCode.TRANSLATOR_LOAD,
                    "no translator factory is named '" + name + "'; found: " + names(plugins)
                    + "; put the plugin's jar in the plugins directory or on the classpath, or fix translator.name in defs.yaml"));
            return new Chosen(create(plugin, selection.config(), context), name, plugin.origin(), Choice.CONFIGURED_NAME);
        }
        if (selection.className().isPresent()) {
            return byClass(selection.className().get(), selection.config(), plugins, context);
        }
        Optional<Plugin> preferred = plugins.preferred();
        if (preferred.isEmpty()) {
            return new Chosen(DefaultRockyTranslator.INSTANCE, DefaultTranslatorFactory.NAME, "built-in", Choice.DEFAULT);
        }
        Plugin best = preferred.get();
        return new Chosen(create(best, Map.of(), context), best.name(), best.origin(), Choice.HIGHEST_PRIORITY);
    }

    private static Chosen byClass(String className, Map<String, String> config, TranslatorPlugins plugins,
            TranslatorContext context) {
        Class<?> type;
        try {
            type = plugins.loadClass(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator class " + className + " is not on the classpath or "
                    + "in any plugin (" + e + "); check translator_class in defs.yaml and where its jar is", e);
        }
        String origin = TranslatorPlugins.origin(type, "the classpath");
        if (RockyTranslatorFactory.class.isAssignableFrom(type)) {
            RockyTranslatorFactory factory = (RockyTranslatorFactory) instantiate(type);
            return new Chosen(create(new Plugin(factory, origin), config, context), className, origin, Choice.CONFIGURED_CLASS);
        }
        if (RockyTranslator.class.isAssignableFrom(type)) {
            if (!config.isEmpty()) {
                throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator class " + className + " is a translator, not a "
                        + "factory, so it cannot take translator.config " + config.keySet() + "; give a RockyTranslatorFactory "
                        + "or drop the config");
            }
            return new Chosen((RockyTranslator) instantiate(type), className, origin, Choice.CONFIGURED_CLASS);
        }
        throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator class " + className + " implements neither "
                + RockyTranslator.class.getName() + " nor " + RockyTranslatorFactory.class.getName());
    }

    private static Object instantiate(Class<?> type) {
        try {
            Constructor<?> constructor = type.getConstructor();
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator class " + type.getName()
                    + " has no public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator class " + type.getName() + " failed in its constructor: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "cannot create translator class " + type.getName() + ": " + e, e);
        }
    }

    private static RockyTranslator create(Plugin plugin, Map<String, String> config, TranslatorContext context) {
        RockyTranslator translator;
        try {
            translator = plugin.factory().create(config, context);
        } catch (IllegalArgumentException e) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator '" + plugin.name() + "' (" + plugin.origin()
                    + ") rejected its config " + config + ": " + e.getMessage() + "; fix translator.config in defs.yaml", e);
        } catch (RuntimeException | LinkageError e) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator '" + plugin.name() + "' (" + plugin.origin()
                    + ") failed to create its translator: " + e, e);
        }
        if (translator == null) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator factory '" + plugin.name() + "' (" + plugin.origin()
                    + ") returned null from create()");
        }
        return translator;
    }

    private static String names(TranslatorPlugins plugins) {
        List<String> names = new ArrayList<>();
        for (Plugin p : plugins.plugins()) {
            names.add(p.name() + " (" + p.origin() + ")");
        }
        return String.join(", ", names);
    }

    private static final class Chosen {
        final RockyTranslator translator;
        final String name;
        final String origin;
        final Choice choice;

        Chosen(RockyTranslator translator, String name, String origin, Choice choice) {
            this.translator = translator;
            this.name = name;
            this.origin = origin;
            this.choice = choice;
        }
    }
}
