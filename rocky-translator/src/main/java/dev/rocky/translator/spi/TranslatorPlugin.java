package dev.rocky.translator.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a {@link RockyTranslatorFactory}'s name and priority on its class, so that rocky-java can
 * choose the factory without creating any other: {@code translator: {name: …}} in defs.yaml, or the
 * highest priority when every plugin declares one, creates the chosen factory alone. Without it, the
 * factories are created to ask their {@link RockyTranslatorFactory#name()} and
 * {@link RockyTranslatorFactory#priority()} (each plugin's constructor runs). The values must equal
 * what those methods return; a difference is a {@code TRANSLATOR_LOAD} error.
 *
 * <pre>{@code
 * @TranslatorPlugin(name = "tenant", priority = 10)
 * public final class TenantTranslatorFactory implements RockyTranslatorFactory { … }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TranslatorPlugin {

    /** @return the factory's name, as {@link RockyTranslatorFactory#name()} returns it */
    String name();

    /** @return the factory's priority, as {@link RockyTranslatorFactory#priority()} returns it */
    int priority() default 0;
}
