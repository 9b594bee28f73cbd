package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link DirectoryWatch} will not vouch for: it then says "may have changed", never "quiet". */
class DirectoryWatchTest {

    @TempDir
    Path dir;

    @Test
    void aFileSystemOutsideTheLocalKindsIsNotWatched() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");
        assertThat(DirectoryWatch.open(Path.of("/proc/self"))).as("proc is not a local file system that reports every change").isEmpty();
    }

    @Test
    void aWatchNeverListedOrClosedIsNeverQuiet() throws Exception {
        Optional<DirectoryWatch> opened = DirectoryWatch.open(dir);
        assumeTrue(opened.isPresent(), "change notifications are complete only on a local Linux file system");
        DirectoryWatch watch = opened.get();
        assertThat(watch.quietSinceListing()).as("no listing completed yet").isFalse();
        assertThat(watch.beginListing()).isTrue();
        assertThat(watch.add(dir)).isTrue();
        watch.arm();
        assertThat(watch.quietSinceListing()).isTrue();
        Files.writeString(dir.resolve("model.sql"), "select 1\n");
        assertThat(watch.quietSinceListing()).as("a change since the listing").isFalse();
        assertThat(watch.beginListing()).isTrue();
        watch.arm();
        assertThat(watch.quietSinceListing()).isTrue();
        watch.close();
        assertThat(watch.quietSinceListing()).as("a closed watch cannot vouch for anything").isFalse();
        assertThat(watch.add(dir)).isFalse();
    }
}
