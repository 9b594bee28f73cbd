package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EntryAttributesTest {

    @TempDir
    Path dir;

    @Test
    void theJdkReaderIsTakenWhereSunNioFsIsOpenAsThisModulesTestsOpenIt() {
        assertThat(EntryAttributes.Reader.JDK.available()).as("surefire's argLine opens sun.nio.fs, as the jar's manifest does").isTrue();
        assertThat(EntryAttributes.Reader.of(dir.getFileSystem())).isEqualTo(EntryAttributes.Reader.JDK);
    }

    @Test
    void aFileSystemWithoutTheUnixViewIsReadWithTheBasicAttributesAndNoChangeTime() throws Exception {
        Path zip = dir.resolve("models.zip");
        try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(zip, java.util.Map.of("create", "true"))) {
            assertThat(fs.supportedFileAttributeViews()).doesNotContain("unix");
            assertThat(EntryAttributes.Reader.of(fs)).isEqualTo(EntryAttributes.Reader.BASIC);
            Path model = Files.writeString(fs.getPath("/orders.sql"), "select 1\n");
            EntryAttributes a = EntryAttributes.Reader.of(fs).read(model);
            assertThat(a.regularFile()).isTrue();
            assertThat(a.size()).isEqualTo(9);
            assertThat(a.changedNanos()).isEqualTo(EntryAttributes.NO_CHANGE_TIME);
        }
    }

    @ParameterizedTest
    @EnumSource(EntryAttributes.Reader.class)
    void eachReaderReadsOneStatOfTheEntryItselfAndTheUnixOnesItsChangeTime(EntryAttributes.Reader reader) throws Exception {
        Path file = Files.writeString(dir.resolve("orders.sql"), "select 1\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
        Path sub = Files.createDirectories(dir.resolve("marts"));
        Path link = Files.createSymbolicLink(dir.resolve("link.sql"), file);

        EntryAttributes a = reader.read(file);
        java.nio.file.attribute.BasicFileAttributes basic = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        assertThat(a.regularFile()).isTrue();
        assertThat(a.directory()).isFalse();
        assertThat(a.size()).isEqualTo(9);
        assertThat(a.modifiedNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_000_000));
        assertThat(a.identity()).isEqualTo(basic.fileKey().hashCode());
        if (reader == EntryAttributes.Reader.BASIC) {
            assertThat(a.changedNanos()).isEqualTo(EntryAttributes.NO_CHANGE_TIME);
        } else {
            FileTime ctime = (FileTime) Files.getAttribute(file, "unix:ctime");
            assertThat(a.changedNanos()).isEqualTo(ctime.to(TimeUnit.NANOSECONDS)).isNotEqualTo(a.modifiedNanos());
        }

        assertThat(reader.read(sub).directory()).isTrue();
        EntryAttributes ofLink = reader.read(link);
        assertThat(ofLink.regularFile() || ofLink.directory()).as("a link is read as itself, not followed").isFalse();
        assertThatThrownBy(() -> reader.read(dir.resolve("gone.sql"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void theJdkReaderAndTheUnixViewReadTheSameValues() throws Exception {
        Path file = Files.writeString(dir.resolve("orders.toml"), "name = \"orders\"\n");
        Files.writeString(file, "name = \"ORDERS\"\n"); // written again: the change time moves
        assertThat(EntryAttributes.Reader.JDK.read(file)).isEqualTo(EntryAttributes.Reader.UNIX_VIEW.read(file));
        assertThat(EntryAttributes.Reader.JDK.read(dir)).isEqualTo(EntryAttributes.Reader.UNIX_VIEW.read(dir));
    }
}
