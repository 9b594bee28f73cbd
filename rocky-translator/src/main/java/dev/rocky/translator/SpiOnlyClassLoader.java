package dev.rocky.translator;

import java.util.Objects;
import java.util.Set;

/**
 * The parent of every plugin's class loader: it shows a plugin the JDK (the platform class loader)
 * and the translator SPI, and nothing else of the host. A plugin class that names an adapter,
 * Jackson, Guice or any other rocky-java class gets a {@link ClassNotFoundException}; a plugin that
 * bundles its own copy of a library gets its copy. Resources come from the JDK only, so a plugin's
 * {@link java.util.ServiceLoader} sees its own {@code META-INF/services} and no one else's.
 *
 * <p>The SPI is {@link #SPI_PACKAGES}: the package {@code dev.rocky.translator.spi}, whose
 * signatures mention only its own types and the JDK's (an architecture test holds this). Its
 * classes are the host's, so their implementation may use the host (e.g. {@code Names} calls the
 * core's naming rules) without the plugin seeing it.
 */
public final class SpiOnlyClassLoader extends ClassLoader {

    /** Packages whose classes a plugin sees (exact packages, not their sub-packages). */
    public static final Set<String> SPI_PACKAGES = Set.of("dev.rocky.translator.spi");

    /** Single classes outside {@link #SPI_PACKAGES} that a plugin sees: none since SPI 2.0, whose views replace core types. */
    public static final Set<String> SPI_CLASSES = Set.of();

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader host;

    /**
     * @param host the class loader that defines the SPI classes (the one that loaded
     *     {@link dev.rocky.translator.spi.RockyTranslatorFactory})
     */
    public SpiOnlyClassLoader(ClassLoader host) {
        super("rocky-translator-spi", ClassLoader.getPlatformClassLoader());
        this.host = Objects.requireNonNull(host, "host is null");
    }

    /**
     * @param className a binary class name, e.g. {@code dev.rocky.core.spec.MetadataValue$Text}
     * @return whether a plugin sees the host's class of that name
     */
    public static boolean isSpi(String className) {
        int dot = className.lastIndexOf('.');
        return (dot > 0 && SPI_PACKAGES.contains(className.substring(0, dot))) || SPI_CLASSES.contains(className);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isSpi(name)) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
