package dev.rocky.translator.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the framework passes to {@link RockyTranslatorFactory#create}: the SPI version it implements
 * and the project the component loads. Immutable and thread-safe. New information is added as new
 * methods, so a plugin compiled against an older SPI keeps working.
 */
public final class TranslatorContext {

    /**
     * The version of this SPI, {@code <major>.<minor>}: the minor grows when methods with defaults
     * are added, the major only on a change that can break a plugin.
     */
    public static final String SPI_VERSION = "2.0";

    private final Path projectDir;

    private TranslatorContext(Path projectDir) {
        this.projectDir = Objects.requireNonNull(projectDir, "projectDir is null").toAbsolutePath().normalize();
    }

    /**
     * @param projectDir the directory holding the component's defs.yaml (and usually rocky.toml)
     * @return a context for the current SPI version
     */
    public static TranslatorContext of(Path projectDir) {
        return new TranslatorContext(projectDir);
    }

    /** @return the SPI version the framework implements, {@link #SPI_VERSION} */
    public String spiVersion() {
        return SPI_VERSION;
    }

    /** @return the project directory, absolute and normalised; a translator may read its own files there */
    public Path projectDir() {
        return projectDir;
    }

    @Override
    public String toString() {
        return "TranslatorContext[spiVersion=" + SPI_VERSION + ", projectDir=" + projectDir + "]";
    }
}
