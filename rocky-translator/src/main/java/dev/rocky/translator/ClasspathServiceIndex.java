package dev.rocky.translator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Which {@code META-INF/services} files a runnable jar's class path holds, recorded when the jar
 * is built, so that a process started with {@code java -jar} on that jar can know a service has no
 * provider on its class path without opening every jar to look (the distribution's class path is
 * about 70 jars: a {@link java.util.ServiceLoader} lookup opens each, 2–4 ms on an idle machine
 * and about 10 ms of a short command's start on a busy one).
 *
 * <p><b>The file</b> ({@code rocky-component.services} beside the distribution's jar, written by
 * {@link #write}): UTF-8 lines of tab-separated fields. The first is
 * {@code jar <size> <mtime-ms> <file name> <class-path entries>} for the runnable jar itself; then one
 * {@code cp <size> <mtime-ms> <path> [<service>,...]} per entry of its manifest's
 * {@code Class-Path}, the path the entry names relative to the jar's directory, and the
 * services as the names of the files under {@code META-INF/services/} in that jar (the JDK does
 * not version {@code META-INF/} entries of a multi-release jar, so only the base entries count).
 *
 * <p><b>When it is believed</b> ({@link #read}): only for a class path that is exactly the recorded
 * jar, in the index's directory, and only while that jar and every class-path jar still have the
 * size and modification time recorded (as the JVM's own class-data-sharing archives are checked). A
 * jar changed, replaced, removed or added to the manifest fails that check (the runnable jar's
 * manifest changes only with the jar), and the index is then not used: the lookup opens the jars
 * as it would without one. Anything that does not parse is treated the same way. An index is never
 * a reason to fail; at worst it is ignored.
 *
 * <p>{@link #forThisProcess()} reads the index the system property {@value #PROPERTY} names (the
 * launcher {@code bin/rocky-component} passes it, with its default JVM options, when the build left
 * an index newer than the jar) for the JVM's own class path, once per process. Immutable and
 * thread-safe.
 */
public final class ClasspathServiceIndex {

    /** The system property naming the index file; unset means no index. */
    public static final String PROPERTY = "rocky.classpath.services";

    private static final String SERVICES = "META-INF/services/";

    private final ClassLoader covers;
    private final Set<String> listed;

    private ClasspathServiceIndex(ClassLoader covers, Set<String> listed) {
        this.covers = covers;
        this.listed = Set.copyOf(listed);
    }

    /**
     * @param loader a class loader
     * @param serviceFile a resource name, e.g. {@code META-INF/services/<interface name>}
     * @return whether this index proves that {@code loader}'s class path has no such file: the loader
     *     is the one the index describes and no jar of it lists the service. False when it may have
     *     one (the caller then looks)
     */
    public boolean provesAbsent(ClassLoader loader, String serviceFile) {
        return loader == covers && serviceFile.startsWith(SERVICES) && !listed.contains(serviceFile.substring(SERVICES.length()));
    }

    /** @return the service names (interface names) some jar of the class path lists, sorted */
    public Set<String> listedServices() {
        return new TreeSet<>(listed);
    }

    /**
     * The index of this JVM's class path, read once: empty when {@value #PROPERTY} is unset, or the
     * index does not hold for {@code java.class.path} (see the class).
     *
     * @return the index describing the system class loader's class path, or empty
     */
    public static Optional<ClasspathServiceIndex> forThisProcess() {
        return ThisProcess.INDEX;
    }

    /** Initialised at the first {@link #forThisProcess()}, by whichever thread gets there first. */
    private static final class ThisProcess {
        static final Optional<ClasspathServiceIndex> INDEX = readForThisProcess();

        private static Optional<ClasspathServiceIndex> readForThisProcess() {
            String index = System.getProperty(PROPERTY);
            String classPath = System.getProperty("java.class.path");
            if (index == null || index.isEmpty() || classPath == null) {
                return Optional.empty();
            }
            try {
                return read(Path.of(index), classPath, ClassLoader.getSystemClassLoader());
            } catch (RuntimeException e) {
                return Optional.empty(); // an unusable path: as no index
            }
        }
    }

    /**
     * Reads an index and checks that it holds for a class path (see the class).
     *
     * @param index the index file
     * @param classPath the class path the loader was made from ({@code java.class.path}): it must be
     *     the one jar the index records, in the index's directory
     * @param loader the class loader of that class path, which {@link #provesAbsent} then answers for
     * @return the index, or empty when it is missing, does not parse or does not hold
     */
    public static Optional<ClasspathServiceIndex> read(Path index, String classPath, ClassLoader loader) {
        Objects.requireNonNull(loader, "loader is null");
        if (classPath.isEmpty() || classPath.contains(java.io.File.pathSeparator)) {
            return Optional.empty();
        }
        try {
            Path dir = index.toAbsolutePath().normalize().getParent();
            Path jar = Path.of(classPath).toAbsolutePath().normalize();
            if (dir == null || !dir.equals(jar.getParent())) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            String[] head = lines.get(0).split("\t", -1);
            if (head.length != 5 || !head[0].equals("jar") || !head[3].equals(String.valueOf(jar.getFileName()))
                    || !head[4].equals(String.valueOf(lines.size() - 1)) || !unchanged(jar, head[1], head[2])) {
                return Optional.empty();
            }
            Set<String> listed = new HashSet<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                if (f.length != 5 || !f[0].equals("cp") || !unchanged(dir.resolve(f[3]), f[1], f[2])) {
                    return Optional.empty();
                }
                if (!f[4].isEmpty()) {
                    listed.addAll(List.of(f[4].split(",", -1)));
                }
            }
            return Optional.of(new ClasspathServiceIndex(loader, listed));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return whether the file exists with this size and modification time (milliseconds) */
    private static boolean unchanged(Path file, String size, String mtime) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return false; // removed or unreadable
        }
        return a.isRegularFile() && String.valueOf(a.size()).equals(size) && String.valueOf(a.lastModifiedTime().toMillis()).equals(mtime);
    }

    /**
     * Writes the index of a runnable jar: its own size and time, then each entry of its manifest's
     * {@code Class-Path} with its size, time and the services it lists. Written to a temporary file
     * and moved into place, then read back: the build fails rather than leave an index that does
     * not hold.
     *
     * @param jar the runnable jar
     * @param index where to write the index (in the jar's directory)
     * @return the services some class-path jar lists (interface names), sorted
     * @throws IOException when a jar cannot be read, a class-path entry is not a jar file (a
     *     directory, a URL with a scheme, a missing file), or the index cannot be written or does not
     *     read back as holding for {@code jar}
     */
    public static Set<String> write(Path jar, Path index) throws IOException {
        Path dir = jar.toAbsolutePath().normalize().getParent();
        if (!dir.equals(index.toAbsolutePath().normalize().getParent())) {
            throw new IOException("the index " + index + " must be in the directory of " + jar + ", where the launcher looks for it");
        }
        List<String> classPath;
        try (JarFile runnable = new JarFile(jar.toFile(), false)) {
            Manifest manifest = runnable.getManifest();
            String value = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            classPath = value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.join("\t", "jar", sizeOf(jar), timeOf(jar), String.valueOf(jar.getFileName()),
                String.valueOf(classPath.size())));
        Set<String> all = new TreeSet<>();
        for (String entry : classPath) {
            Path file = entryFile(dir, entry, jar);
            Set<String> services = new TreeSet<>();
            try (JarFile j = new JarFile(file.toFile(), false)) {
                for (Enumeration<? extends ZipEntry> e = j.entries(); e.hasMoreElements();) {
                    ZipEntry z = e.nextElement();
                    String name = z.getName();
                    if (!z.isDirectory() && name.startsWith(SERVICES) && name.length() > SERVICES.length()
                            && name.indexOf('/', SERVICES.length()) < 0) {
                        services.add(name.substring(SERVICES.length()));
                    }
                }
            }
            for (String s : services) {
                if (s.contains(",") || s.contains("\t")) {
                    throw new IOException(file + " lists a service file named '" + s + "', which the index cannot record");
                }
            }
            all.addAll(services);
            lines.add(String.join("\t", "cp", sizeOf(file), timeOf(file), dir.relativize(file).toString(), String.join(",", services)));
        }
        Path tmp = index.resolveSibling(index.getFileName() + ".tmp"); // (with the default permissions, as the jar's)
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (String line : lines) {
                    w.write(line);
                    w.write('\n');
                }
            }
            try {
                Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        Optional<ClasspathServiceIndex> back = read(index, jar.toString(), ClasspathServiceIndex.class.getClassLoader());
        if (back.isEmpty() || !back.get().listedServices().equals(all)) {
            Files.deleteIfExists(index);
            throw new IOException("the index written for " + jar + " does not read back as holding for it; a jar changed while "
                    + "it was written? build again");
        }
        return all;
    }

    /** @return the file a manifest class-path entry names, relative to the jar's directory */
    private static Path entryFile(Path dir, String entry, Path jar) throws IOException {
        URI uri;
        try {
            uri = new URI(entry);
        } catch (URISyntaxException e) {
            throw new IOException("the Class-Path entry '" + entry + "' of " + jar + " is not a relative URL: " + e.getMessage(), e);
        }
        if (uri.isAbsolute() || entry.endsWith("/") || entry.startsWith("/")) {
            throw new IOException("the Class-Path entry '" + entry + "' of " + jar + " is not a jar relative to its directory; "
                    + "the index records only those");
        }
        Path file = dir.resolve(uri.getPath()).normalize();
        if (!Files.isRegularFile(file)) {
            throw new IOException("the Class-Path entry '" + entry + "' of " + jar + " names " + file + ", which is not a file");
        }
        return file;
    }

    private static String sizeOf(Path file) throws IOException {
        return String.valueOf(Files.size(file));
    }

    private static String timeOf(Path file) throws IOException {
        return String.valueOf(Files.getLastModifiedTime(file).toMillis());
    }
}
