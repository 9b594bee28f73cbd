package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rocky.core.state.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-lived {@link ProjectFingerprint} watches the models tree ({@link DirectoryWatch}) and lists
 * it again only when something under it changed: every kind of change is still seen at once, and a
 * quiet tree is not listed.
 */
class ProjectFingerprintWatchTest {

    @TempDir
    Path project;

    private ProjectFingerprint fp;

    @BeforeEach
    void aWatchedProject() throws Exception {
        Path binary = ProjectFingerprintTest.writeProject(project);
        fp = new ProjectFingerprint(project.resolve("rocky.toml"), project.resolve("models"), Optional.empty(), Map.of(),
                () -> Optional.of(binary));
        assumeTrue(DirectoryWatch.open(project.resolve("models")).map(w -> {
            w.close();
            return true;
        }).orElse(false), "change notifications are complete only on a local Linux file system");
        fp.compute();
        fp.compute(); // the second compute starts the watch
        assertThat(fp.watchedTrees()).isEqualTo(1);
    }

    @AfterEach
    void close() {
        fp.close();
    }

    private Fingerprint quietCompute() {
        int before = fp.listings();
        Fingerprint now = fp.compute();
        assertThat(fp.listings()).as("a quiet tree is not listed").isEqualTo(before);
        return now;
    }

    private Fingerprint listedCompute() {
        int before = fp.listings();
        Fingerprint now = fp.compute();
        assertThat(fp.listings()).as("a changed tree is listed again").isEqualTo(before + 1);
        return now;
    }

    @Test
    void aQuietTreeIsNotListedAndGivesTheSameDigest() {
        Fingerprint first = fp.compute();
        for (int i = 0; i < 5; i++) {
            assertThat(quietCompute()).isEqualTo(first);
        }
    }

    @Test
    void anEditInPlaceIsSeenAtTheVeryNextCompute() throws Exception {
        Fingerprint first = quietCompute();
        Files.writeString(project.resolve("models/marts/revenue.sql"), "select 2 as changed\n");
        assertThat(first.changedParts(listedCompute())).containsExactly("models");
        Fingerprint second = quietCompute();
        Files.writeString(project.resolve("models/marts/revenue.sql"), "select 1\n");
        assertThat(second.changedParts(listedCompute())).containsExactly("models");
        assertThat(first.changedParts(quietCompute())).as("back to the first bytes").isEmpty();
    }

    @Test
    void aFileAddedInANewDirectoryAndThenEditedIsSeenEachTime() throws Exception {
        Fingerprint first = quietCompute();
        Files.createDirectories(project.resolve("models/staging/deep"));
        Path added = Files.writeString(project.resolve("models/staging/deep/new.sql"), "select 3\n");
        Fingerprint withNew = listedCompute();
        assertThat(first.changedParts(withNew)).containsExactly("models");
        Files.writeString(added, "select 33 as edited\n");
        assertThat(withNew.changedParts(listedCompute())).as("the new directory is watched too").containsExactly("models");
    }

    @Test
    void aRenameAndADeleteAreSeen() throws Exception {
        Fingerprint first = quietCompute();
        Files.move(project.resolve("models/orders.toml"), project.resolve("models/marts/orders.toml"));
        Fingerprint moved = listedCompute();
        assertThat(first.changedParts(moved)).containsExactly("models");
        Files.delete(project.resolve("models/marts/orders.toml"));
        assertThat(moved.changedParts(listedCompute())).containsExactly("models");
    }

    @Test
    void aDeletedAndRecreatedTreeIsSeen() throws Exception {
        Fingerprint first = quietCompute();
        Files.delete(project.resolve("models/marts/revenue.sql"));
        Files.delete(project.resolve("models/marts"));
        Files.delete(project.resolve("models/orders.toml"));
        Files.delete(project.resolve("models"));
        assertThat(fp.compute().parts()).containsEntry("models", "absent");
        assertThat(fp.watchedTrees()).isZero();
        Files.createDirectories(project.resolve("models/marts"));
        Files.writeString(project.resolve("models/orders.toml"), "name = \"orders\"\n");
        Files.writeString(project.resolve("models/marts/revenue.sql"), "select 1\n");
        assertThat(first.changedParts(fp.compute())).as("the same files again").isEmpty();
    }

    @Test
    void aTreeSwappedForAnotherDirectoryOfTheSameNameIsSeen() throws Exception {
        Fingerprint first = quietCompute();
        Files.move(project.resolve("models"), project.resolve("models-old"));
        Files.createDirectories(project.resolve("models"));
        Files.writeString(project.resolve("models/orders.toml"), "name = \"swapped\"\n");
        Fingerprint swapped = listedCompute();
        assertThat(first.changedParts(swapped)).containsExactly("models");
        assertThat(swapped.parts().get("models")).endsWith("(1 files)");
        Files.writeString(project.resolve("models/orders.toml"), "name = \"edited after the swap\"\n");
        assertThat(swapped.changedParts(listedCompute())).as("the new tree is watched").containsExactly("models");
    }

    @Test
    void aLinkedTreeIsWatchedThroughItsLinkAndRetargetingTheLinkIsSeen() throws Exception {
        fp.close();
        Path real = Files.move(project.resolve("models"), project.resolve("models-a"));
        Files.createSymbolicLink(project.resolve("models"), real);
        Path other = Files.createDirectories(project.resolve("models-b"));
        Files.writeString(other.resolve("other.sql"), "select 9\n");
        fp = new ProjectFingerprint(project.resolve("rocky.toml"), project.resolve("models"), Optional.empty(), Map.of(),
                () -> Optional.of(project.resolve("rocky")));
        Fingerprint first = fp.compute();
        assertThat(first.parts().get("models")).endsWith("(2 files)");
        fp.compute();
        assertThat(fp.watchedTrees()).isEqualTo(1);
        assertThat(quietCompute()).isEqualTo(first);
        Files.writeString(real.resolve("marts/revenue.sql"), "select 2 as changed\n");
        Fingerprint edited = listedCompute();
        assertThat(first.changedParts(edited)).as("an edit under the link's target").containsExactly("models");
        quietCompute();
        Files.delete(project.resolve("models"));
        Files.createSymbolicLink(project.resolve("models"), other);
        Fingerprint retargeted = listedCompute();
        assertThat(retargeted.parts().get("models")).endsWith("(1 files)");
    }

    @Test
    void hiddenEntriesDoNotCostAListing() throws Exception {
        Fingerprint first = quietCompute();
        Files.createDirectories(project.resolve("models/.rocky-state"));
        Files.writeString(project.resolve("models/.orders.toml.swp"), "editor swap\n");
        assertThat(quietCompute()).isEqualTo(first);
    }

    @Test
    void aClosedFingerprintStopsWatchingAndStillSeesChanges() throws Exception {
        Fingerprint first = quietCompute();
        fp.close();
        assertThat(fp.watchedTrees()).isZero();
        Files.writeString(project.resolve("models/orders.toml"), "name = \"orders\"\n[freshness]\nmax_lag_seconds = 60\n");
        assertThat(first.changedParts(listedCompute())).containsExactly("models");
        assertThat(fp.watchedTrees()).as("no watch after close").isZero();
        listedCompute();
    }
}
