package dev.rocky.component.config;

import dev.rocky.translator.TranslationTemplates;
import dev.rocky.translator.TranslatorSelection;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the component's translator is chosen (see {@code TranslatorResolver}).
 *
 * @param selection {@code translator: {name|class, config}} or {@code translator_class}; none
 *     when neither is set
 * @param translation the parsed {@code translation} templates
 * @param pluginsDir {@code plugins_dir} (rocky-java; default {@code plugins} next to defs.yaml),
 *     absolute: the directory whose jars (and sub-directories of jars) are translator plugins
 */
public record TranslatorConfig(TranslatorSelection selection, TranslationTemplates translation, Path pluginsDir) {
    /** Rejects {@code null} parts. */
    public TranslatorConfig {
        Objects.requireNonNull(selection, "selection is null");
        Objects.requireNonNull(translation, "translation is null");
        Objects.requireNonNull(pluginsDir, "pluginsDir is null");
    }
}
