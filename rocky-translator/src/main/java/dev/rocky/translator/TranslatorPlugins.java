package dev.rocky.translator;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.translator.spi.RockyTranslatorFactory;
import dev.rocky.translator.spi.TranslatorPlugin;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The translator factories a component can choose from: the built-in {@code default}, those the
 * {@link ServiceLoader} finds on the classpath, and those in a plugins directory.
 *
 * <p><b>The plugins directory.</b> Each {@code *.jar} directly in it is one plugin; each
 * sub-directory is one plugin made of every {@code *.jar} inside it (for a plugin with its own
 * dependencies). Each plugin gets its own {@link URLClassLoader} whose parent is a
 * {@link SpiOnlyClassLoader}: it sees its own jars, the translator SPI and the JDK, and no other
 * rocky-java class or library, so plugins cannot clash with the host or with each other. A plugin
 * must register at least one factory in
 * {@code META-INF/services/dev.rocky.translator.spi.RockyTranslatorFactory}. Entries are read in
 * name order. A missing directory means no plugins.
 *
 * <p>Discovery fails with {@code TRANSLATOR_LOAD} naming the jar when a plugin cannot be read, a
 * listed factory cannot be loaded or created, a plugin has no factory, a factory's name is not
 * {@code [a-z][a-z0-9_-]*} (1–64 characters), or two factories share a name (both origins named).
 *
 * <p>The class loaders stay open for the life of the process: translators created from them are
 * called on every load. Immutable after discovery and thread-safe.
 */
public final class TranslatorPlugins {

    /** What a factory name must match. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private static final String SERVICE_FILE = "META-INF/services/" + RockyTranslatorFactory.class.getName();

    /**
     * A factory found, and where.
     *
     * @param factory the factory
     * @param origin the jar or directory its class came from, or {@code built-in}
     */
    public record Plugin(RockyTranslatorFactory factory, String origin) {
        /** Rejects {@code null} parts. */
        public Plugin {
            Objects.requireNonNull(factory, "factory is null");
            Objects.requireNonNull(origin, "origin is null");
        }

        /** @return the factory's name */
        public String name() {
            return factory.name();
        }
    }

    private final ClassLoader classpath;
    /** Whether the class path is known to list no factory ({@link ClasspathServiceIndex}): it is then not searched. */
    private final boolean classpathListsNone;
    private final List<PluginLoader> pluginLoaders;
    private Map<String, Plugin> byName;

    /** One plugin entry of the plugins directory and the class loader over its jars. */
    private record PluginLoader(Path entry, URLClassLoader loader) {
    }

    private TranslatorPlugins(ClassLoader classpath, boolean classpathListsNone, List<PluginLoader> pluginLoaders) {
        this.classpath = classpath;
        this.classpathListsNone = classpathListsNone;
        this.pluginLoaders = pluginLoaders;
    }

    /**
     * Finds every plugin: one class loader per entry of the plugins directory. No factory is
     * created yet: a class named by {@code translator_class} is loaded alone ({@link #loadClass});
     * the factories, whose names and priorities only they can tell, are created at the first
     * {@link #plugins()} or {@link #named(String)}.
     *
     * <p>The class path's {@code META-INF/services} entries are looked up (which opens each of its
     * jars) unless this process's {@link ClasspathServiceIndex} proves that none of its jars lists a
     * factory: the launcher's distribution, whose class path has none and is checked unchanged.
     *
     * @param classpath the class loader whose {@code META-INF/services} entries are read (usually
     *     the application's)
     * @param pluginsDir the plugins directory, if any
     * @return the plugins found
     * @throws RockyException {@code TRANSLATOR_LOAD} when the plugins directory is not a directory
     *     or a jar cannot be opened
     */
    public static TranslatorPlugins discover(ClassLoader classpath, Optional<Path> pluginsDir) {
        return discover(classpath, pluginsDir, ClasspathServiceIndex.forThisProcess());
    }

    /**
     * As {@link #discover(ClassLoader, Optional)}, with the class-path index to trust (tests).
     *
     * @param index what is known of {@code classpath}'s service files, if anything
     */
    static TranslatorPlugins discover(ClassLoader classpath, Optional<Path> pluginsDir, Optional<ClasspathServiceIndex> index) {
        Objects.requireNonNull(classpath, "classpath is null");
        List<PluginLoader> loaders = new ArrayList<>();
        if (pluginsDir.isPresent()) {
            ClassLoader spi = new SpiOnlyClassLoader(RockyTranslatorFactory.class.getClassLoader());
            for (Path plugin : pluginEntries(pluginsDir.get())) {
                List<Path> jars = jarsOf(plugin);
                if (!jars.isEmpty()) {
                    loaders.add(new PluginLoader(plugin, new URLClassLoader("rocky-plugin:" + plugin.getFileName(), urls(jars), spi)));
                }
            }
        }
        boolean listsNone = index.isPresent() && index.get().provesAbsent(classpath, SERVICE_FILE);
        return new TranslatorPlugins(classpath, listsNone, List.copyOf(loaders));
    }

    /** Creates every factory, once: the built-in {@code default}, the classpath's, then each plugin's. */
    private synchronized Map<String, Plugin> factories() {
        if (byName != null) {
            return byName;
        }
        Map<String, Plugin> found = new LinkedHashMap<>();
        add(found, new Plugin(DefaultTranslatorFactory.INSTANCE, "built-in"));
        for (RockyTranslatorFactory factory : classpathListsNone ? List.<RockyTranslatorFactory>of() : load(classpath, "the classpath")) {
            add(found, new Plugin(factory, origin(factory.getClass(), "the classpath")));
        }
        for (PluginLoader plugin : pluginLoaders) {
            List<RockyTranslatorFactory> factories = load(plugin.loader(), plugin.entry().toString());
            if (factories.isEmpty()) {
                throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "plugin " + plugin.entry() + " has no " + SERVICE_FILE
                        + " entry, so it offers no translator; add the file listing its factory class, or remove it from "
                        + plugin.entry().getParent());
            }
            for (RockyTranslatorFactory factory : factories) {
                add(found, new Plugin(factory, origin(factory.getClass(), plugin.entry().toString())));
            }
        }
        byName = Collections.unmodifiableMap(found);
        return byName;
    }

    /**
     * @return every factory found, the built-in {@code default} first, then in discovery order
     * @throws RockyException {@code TRANSLATOR_LOAD} as described on the class
     */
    public List<Plugin> plugins() {
        return List.copyOf(factories().values());
    }

    /**
     * The factory of a name. A factory whose class declares that name with {@link TranslatorPlugin}
     * is created alone; otherwise every factory is created to find it.
     *
     * @param name a factory name
     * @return the factory of that name
     * @throws RockyException {@code TRANSLATOR_LOAD} as described on the class, or when two classes
     *     declare the name, or a declared name differs from the factory's own
     */
    public Optional<Plugin> named(String name) {
        if (name.equals(DefaultTranslatorFactory.NAME)) {
            return Optional.ofNullable(factories().get(name));
        }
        List<Declared> declared = declared().stream().filter(d -> d.annotation() != null && d.annotation().name().equals(name))
                .toList();
        if (declared.size() > 1) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "two translator factories declare the name '" + name + "': "
                    + declared.get(0).describe() + " and " + declared.get(1).describe() + "; remove one of the jars or rename one "
                    + "factory");
        }
        if (declared.size() == 1) {
            return Optional.of(declared.get(0).create());
        }
        return Optional.ofNullable(factories().get(name));
    }

    /**
     * The factory to use when defs.yaml names none: the one with the highest priority. When every
     * factory found declares its name and priority ({@link TranslatorPlugin}), or there is only
     * one, only the chosen one is created.
     *
     * @return the chosen factory, or empty when there is none but the built-in {@code default}
     * @throws RockyException {@code TRANSLATOR_LOAD} as described on the class, or when two factories
     *     share the highest priority
     */
    public Optional<Plugin> preferred() {
        List<Declared> all = declared();
        boolean allDeclared = all.stream().allMatch(d -> d.annotation() != null);
        if (byName == null && (all.size() == 1 || allDeclared)) {
            if (all.isEmpty()) {
                return Optional.empty();
            }
            List<Declared> ranked = new ArrayList<>(all);
            // highest priority first; lambdas of this class rather than Comparator's combinators, whose
            // lambdas the JVM spins at every start (the CDS archive keeps only this class's)
            ranked.sort((a, b) -> Integer.compare(b.annotation() == null ? 0 : b.annotation().priority(),
                    a.annotation() == null ? 0 : a.annotation().priority()));
            if (ranked.size() > 1 && ranked.get(0).annotation().priority() == ranked.get(1).annotation().priority()) {
                throw tie(ranked.get(0).annotation().name(), ranked.get(0).origin(), ranked.get(1).annotation().name(),
                        ranked.get(1).origin(), ranked.get(0).annotation().priority());
            }
            return Optional.of(ranked.get(0).create());
        }
        List<Plugin> candidates = new ArrayList<>(plugins());
        candidates.removeIf(p -> p.factory() == DefaultTranslatorFactory.INSTANCE);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        candidates.sort((a, b) -> Integer.compare(b.factory().priority(), a.factory().priority())); // highest first
        Plugin best = candidates.get(0);
        if (candidates.size() > 1 && candidates.get(1).factory().priority() == best.factory().priority()) {
            Plugin tie = candidates.get(1);
            throw tie(best.name(), best.origin(), tie.name(), tie.origin(), best.factory().priority());
        }
        return Optional.of(best);
    }

    private static RockyException tie(String first, String firstOrigin, String second, String secondOrigin, int priority) {
        return new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator factories '" + first + "' (" + firstOrigin
                + ") and '" + second + "' (" + secondOrigin + ") share the highest priority, " + priority
                + "; name the one to use in defs.yaml: translator: {name: " + first + "}");
    }

    /**
     * A factory found but not created: its class, where it came from, and what it declares.
     *
     * @param provider the service provider, which creates the factory on {@code get()}
     * @param origin the jar or directory it came from
     * @param annotation its {@link TranslatorPlugin}, or {@code null}
     */
    private record Declared(ServiceLoader.Provider<RockyTranslatorFactory> provider, String origin, TranslatorPlugin annotation) {
        String describe() {
            return provider.type().getName() + " from " + origin;
        }

        /** Creates this factory alone and checks it says what its class declares. */
        Plugin create() {
            RockyTranslatorFactory factory;
            try {
                factory = provider.get();
            } catch (ServiceConfigurationError | LinkageError e) {
                throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator factory " + describe() + " cannot be created: "
                        + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"), e);
            }
            Plugin plugin = new Plugin(factory, origin);
            Map<String, Plugin> one = new LinkedHashMap<>();
            add(one, plugin);
            if (annotation != null && (!annotation.name().equals(plugin.name()) || annotation.priority() != factory.priority())) {
                throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator factory " + describe() + " declares name '"
                        + annotation.name() + "' and priority " + annotation.priority() + " but returns '" + plugin.name()
                        + "' and " + factory.priority() + "; make @TranslatorPlugin match name() and priority()");
            }
            return plugin;
        }
    }

    /**
     * Every factory class listed on the classpath and in the plugins, without creating one. A
     * services entry that names a missing class is skipped here; creating the factories reports it.
     */
    private List<Declared> declared() {
        List<Declared> out = new ArrayList<>();
        if (!classpathListsNone) {
            collectDeclared(classpath, "the classpath", out);
        }
        for (PluginLoader plugin : pluginLoaders) {
            collectDeclared(plugin.loader(), plugin.entry().toString(), out);
        }
        return out;
    }

    private static void collectDeclared(ClassLoader loader, String where, List<Declared> out) {
        Iterator<ServiceLoader.Provider<RockyTranslatorFactory>> it = ServiceLoader.load(RockyTranslatorFactory.class, loader)
                .stream().iterator();
        while (true) {
            ServiceLoader.Provider<RockyTranslatorFactory> provider;
            try {
                if (!it.hasNext()) {
                    return;
                }
                provider = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                continue;
            }
            Class<? extends RockyTranslatorFactory> type = provider.type();
            if (type == DefaultTranslatorFactory.class) {
                continue;
            }
            out.add(new Declared(provider, origin(type, where), type.getAnnotation(TranslatorPlugin.class)));
        }
    }

    /**
     * Loads a class by name from the classpath, else from each plugin in discovery order (for
     * {@code translator_class}).
     *
     * @param className a fully qualified class name
     * @return the class
     * @throws ClassNotFoundException when neither has it
     */
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        try {
            return Class.forName(className, false, classpath);
        } catch (ClassNotFoundException e) {
            for (PluginLoader plugin : pluginLoaders) {
                try {
                    return Class.forName(className, false, plugin.loader());
                } catch (ClassNotFoundException ignored) {
                    // try the next plugin
                }
            }
            throw e;
        }
    }

    private static void add(Map<String, Plugin> byName, Plugin plugin) {
        String name;
        try {
            name = plugin.factory().name();
        } catch (RuntimeException | LinkageError e) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator factory " + plugin.factory().getClass().getName()
                    + " from " + plugin.origin() + " failed to say its name: " + e, e);
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "translator factory " + plugin.factory().getClass().getName()
                    + " from " + plugin.origin() + " is named '" + name + "', which is not 1-64 characters of [a-z][a-z0-9_-]*; "
                    + "rename it in its name() method");
        }
        Plugin previous = byName.putIfAbsent(name, plugin);
        if (previous != null) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "two translator factories are named '" + name + "': "
                    + previous.factory().getClass().getName() + " from " + previous.origin() + " and "
                    + plugin.factory().getClass().getName() + " from " + plugin.origin()
                    + "; remove one of the jars or rename one factory");
        }
    }

    private static List<RockyTranslatorFactory> load(ClassLoader loader, String where) {
        List<RockyTranslatorFactory> found = new ArrayList<>();
        Iterator<RockyTranslatorFactory> it = ServiceLoader.load(RockyTranslatorFactory.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "a translator factory listed in " + SERVICE_FILE + " of "
                        + where + " cannot be loaded: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")")
                        + "; check the class name, its public no-argument constructor, and that it uses only the SPI and "
                        + "its own jars", e);
            }
        }
    }

    private static List<Path> pluginEntries(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "the plugins directory " + dir + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> Files.isDirectory(p) || isJar(p)).sorted().toList();
        } catch (IOException e) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "cannot list the plugins directory " + dir + ": " + e, e);
        }
    }

    private static List<Path> jarsOf(Path plugin) {
        if (!Files.isDirectory(plugin)) {
            return List.of(plugin);
        }
        try (Stream<Path> entries = Files.list(plugin)) {
            return entries.filter(TranslatorPlugins::isJar).sorted().toList();
        } catch (IOException e) {
            throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "cannot list the plugin directory " + plugin + ": " + e, e);
        }
    }

    private static boolean isJar(Path p) {
        return p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p);
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new RockyException(ErrorCode.TRANSLATOR_LOAD, "cannot turn " + jars.get(i) + " into a URL: " + e, e);
            }
        }
        return urls;
    }

    static String origin(Class<?> type, String fallback) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return fallback;
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (Exception e) {
            return source.getLocation().toString();
        }
    }
}
