package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.state.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectFingerprintTest {

    @TempDir
    Path project;

    private Path binary;

    /**
     * An hour from now: a file's change time cannot be set back, so a test whose files must have
     * settled (changed more than the racy window before they are read) looks at them from then.
     */
    private static final java.util.function.LongSupplier AN_HOUR_LATER = () -> System.currentTimeMillis() + 3_600_000;

    /** Whether {@link #newFingerprint} looks from {@link #AN_HOUR_LATER} ({@link #ageModels}). */
    private boolean later;

    @BeforeEach
    void aProject() throws Exception {
        binary = writeProject(project);
    }

    /**
     * Writes the small project both fingerprint tests use: {@code rocky.toml}, {@code models/orders.toml},
     * {@code models/marts/revenue.sql} and a {@code rocky} binary.
     *
     * @param project the directory
     * @return the binary
     */
    static Path writeProject(Path project) throws java.io.IOException {
        Files.writeString(project.resolve("rocky.toml"), "[adapter]\ntype = \"duckdb\"\n");
        Files.createDirectories(project.resolve("models/marts"));
        Files.writeString(project.resolve("models/orders.toml"), "name = \"orders\"\n");
        Files.writeString(project.resolve("models/marts/revenue.sql"), "select 1\n");
        return Files.writeString(project.resolve("rocky"), "#!/bin/sh\n");
    }

    private ProjectFingerprint newFingerprint(Map<String, String> attributes) {
        ProjectFingerprint fp = new ProjectFingerprint(project.resolve("rocky.toml"), project.resolve("models"),
                Optional.of(project.resolve("contracts")), attributes, () -> Optional.of(binary));
        return later ? fp.withClock(AN_HOUR_LATER) : fp;
    }

    private Fingerprint fingerprint(Map<String, String> attributes) {
        return newFingerprint(attributes).compute();
    }

    private Fingerprint fingerprint() {
        return fingerprint(Map.of("models_dir", "models"));
    }

    @Test
    void theSameInputsGiveTheSameFingerprintEvenWhenFilesAreRewrittenWithTheSameBytes() throws Exception {
        Fingerprint before = fingerprint();
        Files.writeString(project.resolve("models/orders.toml"), "name = \"orders\"\n");
        Files.setLastModifiedTime(project.resolve("models/orders.toml"), FileTime.fromMillis(0));
        assertThat(before.changedParts(fingerprint())).isEmpty();
        assertThat(before.parts()).containsEntry("contracts", "absent").containsKeys("rocky.toml", "models", "attributes", "binary", "format");
    }

    @Test
    void aChangedSidecarChangesOnlyTheModelsPart() throws Exception {
        Fingerprint before = fingerprint();
        Files.writeString(project.resolve("models/orders.toml"), "name = \"orders\"\n[freshness]\nmax_lag_seconds = 60\n");
        assertThat(before.changedParts(fingerprint())).containsExactly("models");
    }

    @Test
    void anAddedOrRemovedModelFileChangesTheModelsPart() throws Exception {
        Fingerprint before = fingerprint();
        Files.writeString(project.resolve("models/new.sql"), "select 2\n");
        assertThat(before.changedParts(fingerprint())).containsExactly("models");
        Files.delete(project.resolve("models/new.sql"));
        Files.delete(project.resolve("models/marts/revenue.sql"));
        assertThat(before.changedParts(fingerprint())).containsExactly("models");
    }

    @Test
    void aLinkedModelsDirectoryIsFingerprintedThroughItsLinkSoItsEditsMakeTheStateStale() throws Exception {
        Fingerprint unlinked = fingerprint();
        Path real = Files.move(project.resolve("models"), project.resolve("models-real"));
        Files.createSymbolicLink(project.resolve("models"), real);
        Fingerprint linked = fingerprint();
        assertThat(linked.parts().get("models")).endsWith("(2 files)");
        assertThat(unlinked.changedParts(linked)).as("the same files through a link").isEmpty();
        Files.writeString(real.resolve("marts/revenue.sql"), "select 2\n");
        assertThat(linked.changedParts(fingerprint())).containsExactly("models");
        Files.writeString(real.resolve("added.sql"), "select 3\n");
        assertThat(fingerprint().parts().get("models")).endsWith("(3 files)");
    }

    @Test
    void hiddenFilesSuchAsRockysOwnStateAreIgnored() throws Exception {
        Fingerprint before = fingerprint();
        Files.createDirectories(project.resolve("models/.rocky-state"));
        Files.writeString(project.resolve("models/.rocky-state/ns.redb"), "binary junk");
        Files.writeString(project.resolve("models/.DS_Store"), "junk");
        assertThat(before.changedParts(fingerprint())).isEmpty();
    }

    @Test
    void configAttributesAndBinaryEachCount() throws Exception {
        Fingerprint before = fingerprint();
        Files.writeString(project.resolve("rocky.toml"), "[adapter]\ntype = \"databricks\"\n");
        assertThat(before.changedParts(fingerprint())).containsExactly("rocky.toml");
        Fingerprint configChanged = fingerprint();
        assertThat(configChanged.changedParts(fingerprint(Map.of("models_dir", "other")))).containsExactly("attributes");
        Files.writeString(binary, "#!/bin/sh\n# a newer rocky\n");
        assertThat(configChanged.changedParts(fingerprint())).containsExactly("binary");
    }

    @Test
    void oneInstanceRemembersSettledFilesButSeesAChangeOfSizeOrEitherTime() throws Exception {
        Path orders = project.resolve("models/orders.toml");
        Files.setLastModifiedTime(orders, FileTime.fromMillis(1_000_000));
        ProjectFingerprint fp = new ProjectFingerprint(project.resolve("rocky.toml"), project.resolve("models"), Optional.empty(),
                Map.of(), () -> Optional.of(binary)).withClock(AN_HOUR_LATER);
        Fingerprint first = fp.compute();
        assertThat(fp.filesRead()).isEqualTo(2);
        assertThat(first.changedParts(fp.compute())).isEmpty();
        assertThat(fp.filesRead()).as("nothing changed: the remembered digests stand").isEqualTo(2);

        Files.writeString(orders, "name = \"ORDERS\"\n");
        Files.setLastModifiedTime(orders, FileTime.fromMillis(1_000_000));
        assertThat(first.changedParts(fp.compute()))
                .as("same size, the modification time set back: written in place, its change time moved")
                .containsExactly("models");
        assertThat(fp.filesRead()).isEqualTo(3);
        Files.setLastModifiedTime(orders, FileTime.fromMillis(2_000_000));
        assertThat(first.changedParts(fp.compute())).containsExactly("models");
        assertThat(fp.filesRead()).as("a new modification time").isEqualTo(4);
        Files.writeString(orders, "name = \"orders\"\n");
        Files.setLastModifiedTime(orders, FileTime.fromMillis(3_000_000));
        assertThat(first.changedParts(fp.compute())).as("back to the first bytes").isEmpty();
        assertThat(fp.filesRead()).isEqualTo(5);
    }

    /**
     * A file modified or changed within the racy window of being read is not remembered (a second
     * write in the same tick of the file system's clock would leave every time the same); one that
     * has settled is, and is not read again.
     */
    @Test
    void onlyFilesThatSettledBeforeTheyWereReadAreRemembered() throws Exception {
        Files.setLastModifiedTime(project.resolve("models/orders.toml"), FileTime.fromMillis(1_000_000));
        ProjectFingerprint now = new ProjectFingerprint(project.resolve("rocky.toml"), project.resolve("models"), Optional.empty(),
                Map.of(), () -> Optional.of(binary));
        now.compute();
        assertThat(now.rememberedFiles()).as("both were written (changed) just now, one modified long ago").isZero();
        now.compute();
        assertThat(now.filesRead()).as("so both are read again").isEqualTo(4);

        ProjectFingerprint later = new ProjectFingerprint(project.resolve("rocky.toml"), project.resolve("models"), Optional.empty(),
                Map.of(), () -> Optional.of(binary)).withClock(AN_HOUR_LATER);
        later.compute();
        later.compute();
        assertThat(later.rememberedFiles()).isEqualTo(2);
        assertThat(later.filesRead()).isEqualTo(2);
    }

    @Test
    void aFileModifiedWithinTheRacyWindowIsReadAgainEvenWithTheSameSizeAndTime() throws Exception {
        Path orders = project.resolve("models/orders.toml");
        FileTime now = FileTime.fromMillis(System.currentTimeMillis());
        Files.setLastModifiedTime(orders, now);
        ProjectFingerprint fp = new ProjectFingerprint(project.resolve("rocky.toml"), project.resolve("models"), Optional.empty(),
                Map.of(), () -> Optional.of(binary));
        Fingerprint first = fp.compute();
        Files.writeString(orders, "name = \"ORDERS\"\n");
        Files.setLastModifiedTime(orders, now);
        assertThat(first.changedParts(fp.compute())).containsExactly("models");
    }

    @Test
    void theDigestsOfDeletedFilesAreForgotten() throws Exception {
        ProjectFingerprint fp = new ProjectFingerprint(project.resolve("rocky.toml"), project.resolve("models"), Optional.empty(),
                Map.of(), () -> Optional.of(binary)).withClock(AN_HOUR_LATER);
        fp.compute();
        assertThat(fp.rememberedFiles()).isEqualTo(2);
        Files.delete(project.resolve("models/marts/revenue.sql"));
        fp.compute();
        assertThat(fp.rememberedFiles()).isEqualTo(1);
    }

    @Test
    void forgettingTheDeletedFilesOfOneTreeKeepsTheOtherTreesDigests() throws Exception {
        Files.createDirectories(project.resolve("contracts"));
        Files.writeString(project.resolve("contracts/orders.toml"), "[columns]\n");
        ageModels();
        Files.setLastModifiedTime(project.resolve("contracts/orders.toml"), FileTime.fromMillis(1_000_000));
        ProjectFingerprint fp = newFingerprint(Map.of());
        fp.compute();
        assertThat(fp.rememberedFiles()).isEqualTo(3);
        Files.delete(project.resolve("models/orders.toml"));
        fp.compute();
        assertThat(fp.rememberedFiles()).isEqualTo(2);
        Files.delete(project.resolve("contracts/orders.toml"));
        fp.compute();
        assertThat(fp.rememberedFiles()).isEqualTo(1);
    }

    /** Characters that sort differently as strings, as paths and per directory: separators' neighbours, case, non-ASCII. */
    private static final String[] NAME_PARTS = {"a", "B", "b", "-", "_", ".x", "0", "z~", "é", "ß", "中", "\uD83D\uDE00", "\uFFFD"};

    /**
     * The models part against a digest computed here from its definition (every regular file not
     * hidden, by relative path in {@link Path} order, the path's UTF-8 bytes, a zero byte, the
     * content's SHA-256), on seeded trees of names that ASCII, non-ASCII and separator order tell
     * apart; half the seeds use ASCII names only (the fast order), half mix in others. Where the
     * file system's encoding cannot name a non-ASCII file, every seed is ASCII.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void theModelsDigestIsTheFilesInPathOrderWhateverTheirNames(int seed) throws Exception {
        java.util.Random random = new java.util.Random(seed);
        boolean unicode = seed % 2 == 0 && java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"))
                .newEncoder().canEncode(String.join("", NAME_PARTS));
        int parts = unicode ? NAME_PARTS.length : 8;
        Path models = project.resolve("models");
        for (int i = 0; i < 40; i++) {
            StringBuilder rel = new StringBuilder();
            int depth = random.nextInt(3);
            for (int d = 0; d <= depth; d++) {
                if (d > 0) {
                    rel.append("d/"); // a directory's name ends in d, a file's in .sql: never the same name
                }
                rel.append('n');
                for (int k = random.nextInt(4); k >= 0; k--) {
                    rel.append(NAME_PARTS[random.nextInt(parts)]);
                }
            }
            Path file = models.resolve(rel.append(".sql").toString());
            Files.createDirectories(file.getParent());
            Files.writeString(file, "select " + i + "\n");
        }
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> walk = Files.walk(models)) {
            files = walk.filter(Files::isRegularFile).map(models::relativize)
                    .filter(r -> java.util.stream.StreamSupport.stream(r.spliterator(), false).noneMatch(n -> n.toString().startsWith(".")))
                    .sorted().toList();
        }
        java.security.MessageDigest all = java.security.MessageDigest.getInstance("SHA-256");
        for (Path rel : files) {
            all.update(rel.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            all.update((byte) 0);
            all.update(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(models.resolve(rel))));
        }
        String expected = java.util.HexFormat.of().formatHex(all.digest()) + " (" + files.size() + " files)";
        assertThat(newFingerprint(Map.of()).compute().parts().get("models")).isEqualTo(expected);
    }

    /**
     * The engine substitutes {@code ${VAR}} / {@code ${VAR:-default}} into rocky.toml before parsing
     * (config.rs {@code substitute_env_vars_with_report}), so a changed value is a changed input;
     * only its digest is kept.
     */
    @Test
    void aChangedValueOfAVariableTheConfigReferencesChangesOnlyTheEnvironmentPartAndIsNeverStored() throws Exception {
        assertThat(fingerprint().parts()).as("a config without placeholders").containsEntry("environment", "none");
        Files.writeString(project.resolve("rocky.toml"), "# ${IGNORED}\n[adapter]\ntype = \"duckdb\"\npath = \"${DB_PATH:-x.duckdb}\"\n");
        java.util.function.Function<Map<String, String>, Fingerprint> with = env -> new ProjectFingerprint(project.resolve("rocky.toml"),
                project.resolve("models"), Optional.empty(), Map.of(), () -> Optional.of(binary), () -> env).compute();

        Fingerprint a = with.apply(Map.of("DB_PATH", "secret-path-one.duckdb", "IGNORED", "1"));
        Fingerprint b = with.apply(Map.of("DB_PATH", "secret-path-two.duckdb", "IGNORED", "1"));
        Fingerprint c = with.apply(Map.of("DB_PATH", "secret-path-one.duckdb", "IGNORED", "2"));

        assertThat(a.changedParts(b)).containsExactly("environment");
        assertThat(a.changedParts(c)).as("a variable named only in a comment is not an input").isEmpty();
        assertThat(a.parts().get("environment")).endsWith("(1 variables)").doesNotContain("secret-path");
    }

    /** A new fingerprint (a new process) keeping its digests in {@code file}, or none. */
    private Fingerprint inNewProcess(Optional<Path> file) {
        ProjectFingerprint f = newFingerprint(Map.of("models_dir", "models"));
        file.ifPresent(f::withDigestFile);
        return f.compute();
    }

    /**
     * Lets every model file settle, as a user's files have: their modification times an hour back
     * and, since no program can set a change time back, every fingerprint {@link #newFingerprint}
     * makes from now on looking from {@link #AN_HOUR_LATER}.
     */
    private void ageModels() throws Exception {
        later = true;
        FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        for (String f : new String[] {"models/orders.toml", "models/marts/revenue.sql"}) {
            Files.setLastModifiedTime(project.resolve(f), hourAgo);
        }
    }

    /**
     * A new process keeping the digests reads only the files written to since: one rewritten in
     * place with the same size and its modification time set back (an archive of fixed times
     * unpacked over the last one) is seen by its change time, as git's index sees it.
     */
    @Test
    void aNewProcessReadsOnlyTheFilesWrittenToSinceTheDigestFileEvenWithTheirTimeSetBack() throws Exception {
        Path file = project.resolve(".local_defs_state/key/file-digests");
        ageModels();
        Fingerprint first = inNewProcess(Optional.of(file));
        assertThat(file).exists();

        Path orders = project.resolve("models/orders.toml");
        FileTime time = Files.getLastModifiedTime(orders);
        Object key = Files.readAttributes(orders, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Files.writeString(orders, "name = \"ORDERS\"\n");
        Files.setLastModifiedTime(orders, time);
        assertThat(Files.readAttributes(orders, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("the same file, written in place").isEqualTo(key);
        ProjectFingerprint next = newFingerprint(Map.of("models_dir", "models")).withDigestFile(file);
        assertThat(first.changedParts(next.compute())).containsExactly("models");
        assertThat(next.filesRead()).as("only the file written to").isEqualTo(1);

        // A new modification time alone (the same bytes) is read too, and changes nothing more.
        Files.setLastModifiedTime(orders, FileTime.fromMillis(time.toMillis() - 1_000));
        ProjectFingerprint third = newFingerprint(Map.of("models_dir", "models")).withDigestFile(file);
        assertThat(third.compute()).isEqualTo(next.compute());
        assertThat(third.filesRead()).isEqualTo(1);
    }

    @Test
    void aMalformedOrMissingDigestFileIsAsIfThereWereNone() throws Exception {
        ageModels();
        Fingerprint expected = inNewProcess(Optional.empty());
        Path file = project.resolve("state-dir/file-digests");
        assertThat(inNewProcess(Optional.of(file))).isEqualTo(expected);
        java.io.ByteArrayOutputStream lying = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(lying)) {
            out.writeUTF("rocky-java file digests 1");
            out.writeInt(500_000_000); // a count the file does not hold
        }
        java.io.ByteArrayOutputStream lyingTrees = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(lyingTrees)) {
            out.writeUTF("rocky-java file digests 2");
            out.writeInt(500_000_000); // a tree count the file does not hold
        }
        java.io.ByteArrayOutputStream lyingListing = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(lyingListing)) {
            out.writeUTF("rocky-java file digests 4");
            out.writeInt(1);
            out.writeUTF(project.resolve("models").toString());
            out.writeInt(Integer.MAX_VALUE); // a listing length the file does not hold (an array the JVM cannot make)
        }
        byte[] whole = Files.readAllBytes(file);
        for (byte[] junk : new byte[][] {new byte[0], "not digests".getBytes(), java.util.Arrays.copyOf(whole, 40),
                java.util.Arrays.copyOf(whole, whole.length - 10), lying.toByteArray(), lyingTrees.toByteArray(),
                lyingListing.toByteArray()}) {
            Files.write(file, junk);
            assertThat(inNewProcess(Optional.of(file))).as(new String(junk)).isEqualTo(expected);
        }
        Path unwritable = project.resolve("rocky.toml/file-digests"); // under a regular file: cannot be written
        assertThat(inNewProcess(Optional.of(unwritable))).isEqualTo(expected);
    }

    /**
     * A new process whose walk lists what the digest file's tree listing holds (every file's path,
     * size and time, in the walk's order) takes the tree's digest from it without reading one file's
     * digest; any change to the listing reads them, and sees the change. The same with a name
     * beyond ASCII in the tree, whose listing is written through UTF-8 rather than a byte a character.
     */
    @ParameterizedTest(name = "a name beyond ASCII: {0}")
    @ValueSource(booleans = {false, true})
    void aNewProcessWhoseListingIsUnchangedTakesTheTreesDigestWithoutReadingTheFilesDigests(boolean beyondAscii) throws Exception {
        int files = 2;
        if (beyondAscii) {
            org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"))
                    .newEncoder().canEncode("é中"), "the file system's encoding names non-ASCII files");
            Files.writeString(project.resolve("models/marts/revenue_é中.sql"), "select 3\n");
            files++;
        }
        Path file = project.resolve(".local_defs_state/key/file-digests");
        ageModels();
        Fingerprint first = inNewProcess(Optional.of(file));

        ProjectFingerprint unchanged = newFingerprint(Map.of("models_dir", "models")).withDigestFile(file);
        assertThat(unchanged.compute()).isEqualTo(first);
        assertThat(unchanged.rememberedFiles()).as("no file's digest was read or computed").isZero();

        // Same size, other bytes, a time one second older: the listing differs, so the files are looked at one by one.
        Path orders = project.resolve("models/orders.toml");
        FileTime time = Files.getLastModifiedTime(orders);
        Files.writeString(orders, "name = \"ORDERS\"\n");
        Files.setLastModifiedTime(orders, FileTime.fromMillis(time.toMillis() - 1_000));
        ProjectFingerprint touched = newFingerprint(Map.of("models_dir", "models")).withDigestFile(file);
        assertThat(first.changedParts(touched.compute())).containsExactly("models");
        assertThat(touched.rememberedFiles()).as("the kept digests were read, the touched file's replaced").isEqualTo(files);

        // The new listing was kept: the next process takes it as it is.
        ProjectFingerprint again = newFingerprint(Map.of("models_dir", "models")).withDigestFile(file);
        assertThat(first.changedParts(again.compute())).containsExactly("models");
        assertThat(again.rememberedFiles()).isZero();

        // A file added, then removed: each a new listing.
        Files.writeString(project.resolve("models/marts/extra.sql"), "select 2\n");
        assertThat(inNewProcess(Optional.of(file)).parts().get("models")).endsWith("(" + (files + 1) + " files)");
        Files.delete(project.resolve("models/marts/extra.sql"));
        assertThat(inNewProcess(Optional.of(file)).parts().get("models")).endsWith("(" + files + " files)");
    }

    /**
     * A digest file of an earlier format (1: file digests only; 2: with the trees' listings; 3: with
     * each file's identity) holds no file's change time, so none of its digests is taken: content
     * written in place under an unchanged size and time is seen, and the file is rewritten in the
     * current format, whose listing then stands.
     */
    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {1, 2, 3})
    void aDigestFileOfAnEarlierFormatIsNotTakenAndIsRewritten(int format) throws Exception {
        ageModels();
        Fingerprint original = inNewProcess(Optional.empty());
        Path file = project.resolve("digests-v" + format);
        String[] files = {"models/marts/revenue.sql", "models/orders.toml"};
        java.io.ByteArrayOutputStream old = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(old)) {
            out.writeUTF("rocky-java file digests " + format);
            if (format >= 2) {
                out.writeInt(0); // no tree listings: the files' digests are what would be taken
            }
            out.writeInt(files.length);
            for (String f : files) {
                Path path = project.resolve(f).toAbsolutePath().normalize();
                java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
                out.writeUTF(path.toString());
                out.writeLong(a.size());
                out.writeLong(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
                if (format == 3) {
                    out.writeLong(a.fileKey().hashCode()); // the identity, as format 3 kept it
                }
                out.write(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
            }
        }
        Files.write(file, old.toByteArray());
        Path orders = project.resolve("models/orders.toml");
        FileTime time = Files.getLastModifiedTime(orders);
        Files.writeString(orders, "name = \"ORDERS\"\n");
        Files.setLastModifiedTime(orders, time);

        assertThat(original.changedParts(inNewProcess(Optional.of(file)))).as("the old format's digests are not taken")
                .containsExactly("models");
        try (java.io.DataInputStream in = new java.io.DataInputStream(Files.newInputStream(file))) {
            assertThat(in.readUTF()).isEqualTo("rocky-java file digests 4");
        }
        ProjectFingerprint next = newFingerprint(Map.of("models_dir", "models")).withDigestFile(file);
        assertThat(original.changedParts(next.compute())).containsExactly("models");
        assertThat(next.rememberedFiles()).as("the rewritten file's listing stands for the tree").isZero();
    }

    /**
     * A model file replaced by another file with the same name, size and modification time (copied
     * with its time kept, or from an image whose files all carry one time) is another file: read
     * again by a new process keeping the digests, and by a long-lived instance.
     */
    @Test
    void aFileReplacedByAnotherWithTheSameSizeAndTimeIsReadAgain() throws Exception {
        Path file = project.resolve(".local_defs_state/key/file-digests");
        ageModels();
        ProjectFingerprint longLived = newFingerprint(Map.of("models_dir", "models"));
        Fingerprint first = inNewProcess(Optional.of(file));
        assertThat(longLived.compute()).isEqualTo(first);

        Path orders = project.resolve("models/orders.toml");
        FileTime time = Files.getLastModifiedTime(orders);
        byte[] bytes = Files.readAllBytes(orders);
        Path replacement = Files.write(project.resolve("orders.new"), new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                .toUpperCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Files.size(replacement)).isEqualTo(bytes.length);
        Files.setLastModifiedTime(replacement, time);
        Files.move(replacement, orders, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.getLastModifiedTime(orders)).isEqualTo(time);

        assertThat(first.changedParts(inNewProcess(Optional.of(file)))).as("a new process with the digest file").containsExactly("models");
        assertThat(first.changedParts(longLived.compute())).as("the same instance").containsExactly("models");
    }

    @Test
    void filesModifiedWithinTheRacyWindowAreReadAgainByTheNextProcess() throws Exception {
        Path file = project.resolve("digests");
        Fingerprint first = inNewProcess(Optional.of(file)); // the files were written just now
        Path orders = project.resolve("models/orders.toml");
        FileTime time = Files.getLastModifiedTime(orders);
        Files.writeString(orders, "name = \"ORDERS\"\n");
        Files.setLastModifiedTime(orders, time);
        assertThat(first.changedParts(inNewProcess(Optional.of(file)))).containsExactly("models");
    }
}
