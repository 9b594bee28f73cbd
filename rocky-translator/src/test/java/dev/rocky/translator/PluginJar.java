package dev.rocky.translator;

import dev.rocky.translator.spi.RockyTranslatorFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Writes plugin jars for tests: compiled test classes (with their nested classes) and a services file. */
final class PluginJar {

    private final List<Class<?>> classes = new ArrayList<>();
    private final List<String> services = new ArrayList<>();

    static PluginJar with(Class<?>... types) {
        PluginJar jar = new PluginJar();
        jar.classes.addAll(List.of(types));
        return jar;
    }

    PluginJar service(String factoryClassName) {
        services.add(factoryClassName);
        return this;
    }

    PluginJar service(Class<? extends RockyTranslatorFactory> factory) {
        return service(factory.getName());
    }

    Path writeTo(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : classes) {
                Path dir = classFile(type).getParent();
                String simple = type.getName().substring(type.getName().lastIndexOf('.') + 1);
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, simple + "{,$*}.class")) {
                    for (Path file : files) {
                        String entry = type.getPackageName().replace('.', '/') + "/" + file.getFileName();
                        out.putNextEntry(new JarEntry(entry));
                        out.write(Files.readAllBytes(file));
                        out.closeEntry();
                    }
                }
            }
            if (!services.isEmpty()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + RockyTranslatorFactory.class.getName()));
                OutputStream o = out;
                o.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Path classFile(Class<?> type) {
        try {
            Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return root.resolve(type.getName().replace('.', '/') + ".class");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
