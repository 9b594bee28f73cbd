package dev.rocky.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@code ScaleProject.tables(n)} project under a directory and refreshes it with the
 * in-process fake ({@link ScaleFixture#refreshed}, then moved to {@code <dir>/project}), for a
 * benchmark that must not hold the fake's project model in its own heap.
 * With {@code --answers}, the fake's answers to the refresh are also kept under {@code <dir>/answers}
 * ({@link FileReplayRunner}). Usage: {@code ScaleProjectWriter <tables> <dir> [--answers]}.
 */
final class ScaleProjectWriter {

    private ScaleProjectWriter() {
    }

    /**
     * @param args the table count and the target directory
     * @throws Exception when the project cannot be written or refreshed
     */
    public static void main(String[] args) throws Exception {
        int tables = Integer.parseInt(args[0]);
        Path target = Path.of(args[1]);
        long start = System.nanoTime();
        ScaleFixture fixture = args.length > 2 && args[2].equals("--answers")
                ? ScaleFixture.refreshed(tables, false, fake -> FileReplayRunner.recording(fake, target.resolve("answers")))
                : ScaleFixture.refreshed(tables, false);
        Files.move(fixture.project(), target.resolve("project"));
        ScaleFixture.deleteTree(fixture.dir());
        System.err.printf("wrote and refreshed %,d tables in %.1f s%n", tables, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Runs this class in a child JVM with a 12 GiB heap (its output goes to this JVM's), so the
     * calling benchmark's heap never holds the fake's project model.
     *
     * @param tables the table count
     * @param prefix the temporary directory's name prefix
     * @param answers whether to keep the fake's answers under {@code <dir>/answers}
     * @return the directory holding {@code project} (and {@code answers})
     * @throws Exception when the child cannot start or fails
     */
    static Path writeInChild(int tables, String prefix, boolean answers) throws Exception {
        Path dir = Files.createTempDirectory(prefix);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(List.of(java, "-Xmx12g", "-cp", System.getProperty("java.class.path"),
                ScaleProjectWriter.class.getName(), String.valueOf(tables), dir.toString()));
        if (answers) {
            argv.add("--answers");
        }
        Process child = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (child.waitFor() != 0) {
            throw new IllegalStateException("writing the " + tables + "-table project failed (exit " + child.exitValue() + ")");
        }
        return dir;
    }
}
