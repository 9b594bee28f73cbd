package dev.rocky.cli;

import dev.rocky.translator.ClasspathServiceIndex;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The build step behind {@code target/rocky-component.services}, the class-path index
 * {@code bin/rocky-component} starts the CLI with ({@link ClasspathServiceIndex}): run by
 * {@code mvn package} after the runnable jar and its {@code lib/} are in place. Prints nothing on
 * success; on failure prints one line naming what failed and exits 1, which fails the build.
 */
public final class ClasspathIndexWriter {

    private ClasspathIndexWriter() {
    }

    /**
     * @param args the runnable jar, then the index file to write beside it
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ClasspathIndexWriter <runnable jar> <index file in the jar's directory>");
            System.exit(2);
        }
        try {
            ClasspathServiceIndex.write(Path.of(args[0]), Path.of(args[1]));
        } catch (IOException e) {
            System.err.println("rocky-cli: the class-path index was not written: " + e.getMessage());
            System.exit(1);
        }
    }
}
