package dev.rocky.state;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.model.EnvSubstitution;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.InputFingerprint;
import dev.rocky.core.state.DefsState;
import dev.rocky.core.state.Fingerprint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@link InputFingerprint} over a project on disk. Parts:
 * <ul>
 *   <li>{@code rocky.toml}: SHA-256 of the config file's bytes ({@code absent} when missing);</li>
 *   <li>{@code environment}: SHA-256 over {@code name=value} of each variable the config's
 *       {@code ${VAR}} / {@code ${VAR:-default}} placeholders name ({@link EnvSubstitution}),
 *       sorted, an unset one as {@code name} alone; {@code none} when it names none. The engine
 *       substitutes them before parsing, so a changed value is a changed input. Only the digest is
 *       kept, never a value;</li>
 *   <li>{@code models}, {@code contracts}: SHA-256 over every regular file under the directory,
 *       by relative path and content, sorted; names starting with {@code .} (such as rocky's
 *       {@code .rocky-state/}) are skipped, symbolic links below the directory are not followed (the
 *       directory itself may be one: a linked models directory is listed through its link, as rocky
 *       reads it);
 *       {@code absent} when the directory does not exist;</li>
 *   <li>{@code attributes}: SHA-256 of the component attributes that shape the state;</li>
 *   <li>{@code binary}: the rocky binary's identity without running it: its real path, size and
 *       modification time ({@code not found: <name>} when it cannot be resolved);</li>
 *   <li>{@code format}: the state format version.</li>
 * </ul>
 * Content, not modification times, is hashed for project files, so a checkout that rewrites a file
 * with the same bytes does not make the state stale. An instance remembers each file's digest while
 * the file's size, modification time, change time ({@code st_ctime}, where the file system gives
 * it: the {@code unix} attribute view) and identity (its file key's hash: device and inode on
 * Linux) stay the same (and it was last modified or changed more than {@value #RACY_WINDOW_MILLIS}
 * ms before it was read), so a repeated call lists the directories and reads only what changed; a
 * file replaced by another with the same name, size and time (copied with its time kept, or from an
 * image whose times are all the same) is another file and is read, and so is one rewritten in place
 * with its modification time set back (an archive of fixed times unpacked over the last one): the
 * system sets the change time at every write and no program can set it back (git's index relies on
 * it too). It also remembers each tree's listing: every file's relative path, size, modification
 * time, change time and identity in the order the walk met them, as bytes ({@link #listing}), with
 * the tree's digest computed from that listing (kept only when every file of it had settled, as
 * above). A listing equal to the kept one, byte for byte, gives that digest without looking up a
 * single file's; any difference (a file added, removed, renamed, resized, touched or written to, or
 * the same files met in another order) takes the file-by-file path. From its second {@link #compute()} on (a long-lived process, such as
 * an orchestrator that reloads), it also watches the models and contracts trees where the operating
 * system reports every change ({@link DirectoryWatch}: inotify on a local Linux file system), and
 * while nothing under a tree has changed, and its path still names the directory that was listed
 * (not one swapped in under the same name, or through a retargeted link), it gives that tree's
 * last digest without listing it; a change, or anything the watch cannot vouch for, lists it
 * again. {@link #close()} stops watching.
 *
 * <p>Thread-safe.
 */
public final class ProjectFingerprint implements InputFingerprint, AutoCloseable {

    /**
     * A file modified or changed this recently is hashed again on the next call even when its size
     * and times look unchanged: a write within the file system's timestamp resolution would
     * otherwise go unseen. Public so that what must wait for files to settle (the start-up
     * training, tests, benchmarks) waits this long, not a copy of it.
     */
    public static final long RACY_WINDOW_MILLIS = 2_000;

    private final Path configFile;
    private final Path modelsDir;
    private final Optional<Path> contractsDir;
    private final Map<String, String> attributes;
    private final Supplier<Optional<Path>> binary;
    private final Supplier<Map<String, String>> environment;
    /**
     * Each file's last digest, by its absolute path's string (hashed and compared faster than a
     * {@link Path}); guarded by {@link #watches}, as the listings that read and change it are.
     */
    private Map<String, FileDigest> digests = new java.util.HashMap<>();
    /** Where {@link #digests} is kept between processes, when anywhere (see {@link #withDigestFile}). */
    private Optional<Path> digestFile = Optional.empty();
    /** Whether {@link #digests} changed since the digest file was read or written (guarded by {@link #watches}). */
    private boolean digestsChanged;
    private volatile boolean digestFileRead;
    /** Whether the digest file's per-file entries were read (only when a listing differs; guarded by {@link #watches}). */
    private boolean digestEntriesRead;
    /** Each tree's last settled listing, by the tree's absolute path's string (guarded by {@link #watches}). */
    private final Map<String, Listing> listingsByTree = new java.util.HashMap<>();
    /** The watched directories (guarded by itself), each with the digest of its last listing. */
    private final Map<Path, Watched> watches = new java.util.HashMap<>();
    /** Directories that cannot be watched here (guarded by {@link #watches}): listed every time. */
    private final java.util.Set<Path> unwatchable = new java.util.HashSet<>();
    /** Set after the first {@link #compute()}: a second one means a long-lived process, worth a watch. */
    private volatile boolean watching;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicInteger listings = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger filesRead = new java.util.concurrent.atomic.AtomicInteger();
    /** The clock that decides which files have settled ({@link #withClock}); null: the system's (no lambda made at each start). */
    private volatile java.util.function.LongSupplier clock;

    /**
     * @param configFile the rocky config ({@code config_path} resolved)
     * @param modelsDir the models directory ({@code models_dir} resolved)
     * @param contractsDir the contracts directory ({@code contracts_dir} resolved), when set
     * @param attributes the attributes that shape the state, by name; copied
     * @param binary resolves the rocky binary to a file, empty when it cannot be found; never runs it
     */
    public ProjectFingerprint(Path configFile, Path modelsDir, Optional<Path> contractsDir, Map<String, String> attributes,
            Supplier<Optional<Path>> binary) {
        this(configFile, modelsDir, contractsDir, attributes, binary, System::getenv);
    }

    /**
     * @param configFile the rocky config ({@code config_path} resolved)
     * @param modelsDir the models directory ({@code models_dir} resolved)
     * @param contractsDir the contracts directory ({@code contracts_dir} resolved), when set
     * @param attributes the attributes that shape the state, by name; copied
     * @param binary resolves the rocky binary to a file, empty when it cannot be found; never runs it
     * @param environment the variables rocky runs with, read at each {@link #compute()}
     */
    public ProjectFingerprint(Path configFile, Path modelsDir, Optional<Path> contractsDir, Map<String, String> attributes,
            Supplier<Optional<Path>> binary, Supplier<Map<String, String>> environment) {
        this.environment = Objects.requireNonNull(environment, "environment is null");
        this.configFile = Objects.requireNonNull(configFile, "configFile is null");
        this.modelsDir = Objects.requireNonNull(modelsDir, "modelsDir is null");
        this.contractsDir = Objects.requireNonNull(contractsDir, "contractsDir is null");
        this.attributes = Map.copyOf(attributes);
        this.binary = Objects.requireNonNull(binary, "binary is null");
    }

    /**
     * Keeps the file digests in {@code file} between processes, as a process keeps them between its
     * own computes: a fresh process reads the trees' listings from it at its first {@link #compute()}
     * (about 45 bytes a file) and takes a tree's digest from its listing when the walk lists the same
     * files with the same sizes, times and identities; otherwise it reads the files' digests (the
     * rest of the file) and then reads only the files whose size, modification time, change time or
     * identity changed (or that were modified or changed within {@value #RACY_WINDOW_MILLIS} ms of
     * being hashed), instead of every file of the trees. The file is rewritten (a new file renamed
     * over it) after a compute that hashed anything or listed a tree anew. Format: the line
     * {@code rocky-java file digests 4} ({@code writeUTF}), the trees (count; per tree its path, the
     * listing's length and bytes ({@link #listing}) and the tree's digest), the files (count; per
     * file its path, size, modification time and change time in nanoseconds, identity and 32-byte
     * SHA-256); a file of an earlier format holds no change times (nor, before 3, identities) and
     * is as if there were none (every file is read once, then the file is rewritten). A missing,
     * unreadable or malformed file is as if there were none, and a failed write leaves the
     * fingerprint as correct as without it: the file only saves reading.
     *
     * @param file where to keep them, e.g. next to a local state file
     * @return this fingerprint
     */
    public ProjectFingerprint withDigestFile(Path file) {
        this.digestFile = Optional.of(file);
        return this;
    }

    /**
     * For tests: the clock that decides which files have settled (their times more than
     * {@value #RACY_WINDOW_MILLIS} ms before it), as a later moment would see them; a file's change
     * time cannot be set back, so a test that needs settled files moves the clock on instead.
     *
     * @param millis the time now, in milliseconds since the epoch
     * @return this fingerprint
     */
    ProjectFingerprint withClock(java.util.function.LongSupplier millis) {
        this.clock = Objects.requireNonNull(millis, "millis is null");
        return this;
    }

    @Override
    public Fingerprint compute() {
        readDigestFile();
        Map<String, String> parts = new TreeMap<>();
        Optional<byte[]> config = readConfig();
        parts.put("rocky.toml", config.map(Fingerprint::sha256Hex).orElse(Files.exists(configFile) ? "not a regular file" : "absent"));
        parts.put("environment", config.map(this::environmentDigest).orElse("none"));
        parts.put("models", directoryDigest(modelsDir));
        parts.put("contracts", contractsDir.map(this::directoryDigest).orElse("unset"));
        StringBuilder attrs = new StringBuilder();
        new TreeMap<>(attributes).forEach((k, v) -> attrs.append(k).append('=').append(v).append('\n'));
        parts.put("attributes", Fingerprint.sha256Hex(attrs.toString().getBytes(StandardCharsets.UTF_8)));
        parts.put("binary", binaryIdentity());
        parts.put("format", String.valueOf(DefsState.FORMAT_VERSION));
        watching = true;
        writeDigestFile();
        return Fingerprint.of(parts);
    }

    /**
     * The digest file's first line: its format (4: the trees' listings, then the files', each with
     * its change time and identity). A file of an earlier format (1: the files' digests alone; 2:
     * with the trees' listings; 3: with each file's identity) holds no file's change time, so it is
     * as if there were none: every file is read once and the file rewritten.
     */
    private static final String DIGEST_FILE_HEADER = "rocky-java file digests 4";
    /** The fewest bytes an entry of the digest file takes: a path of at least one byte, size, two times, identity, digest. */
    private static final int ENTRY_BYTES = 2 + 1 + 8 + 8 + 8 + 8 + 32;
    /** The fewest bytes a tree's listing takes in the digest file: a path of at least one byte, an empty listing, digest. */
    private static final int TREE_BYTES = 2 + 1 + 4 + 2 + 1;

    /**
     * Reads the trees' listings of the digest file (about 45 bytes a file): the files' entries after
     * them are read only when a listing differs ({@link #readDigestEntries()}).
     */
    private void readDigestFile() {
        if (digestFileRead || digestFile.isEmpty()) {
            return;
        }
        digestFileRead = true;
        try (java.io.DataInputStream in = openDigestFile()) {
            String header = in.readUTF();
            if (!header.equals(DIGEST_FILE_HEADER)) {
                return;
            }
            Map<String, Listing> read = readTrees(in);
            synchronized (watches) {
                read.forEach(listingsByTree::putIfAbsent); // what this process listed itself is newer
            }
        } catch (IOException | RuntimeException e) {
            // no file, or not one this writes: every tree is listed file by file, as without it
        }
    }

    /**
     * Reads the digest file's per-file entries (once, on the first listing that differs from the
     * one kept); called with {@link #watches} held.
     */
    private void readDigestEntries() {
        if (digestEntriesRead || digestFile.isEmpty()) {
            return;
        }
        digestEntriesRead = true;
        try (java.io.DataInputStream in = openDigestFile()) {
            String header = in.readUTF();
            if (!header.equals(DIGEST_FILE_HEADER)) {
                return;
            }
            readTrees(in);
            int count = in.readInt();
            // sized by the count only as far as the file's length allows (an entry takes at least
            // ENTRY_BYTES): a file that lies about its count is read until it ends, then ignored
            long fits = Files.size(digestFile.get()) / ENTRY_BYTES;
            Map<String, FileDigest> read = new java.util.HashMap<>((int) Math.min(Math.max(count, 0), fits) * 4 / 3 + 1);
            for (int i = 0; i < count; i++) {
                String file = in.readUTF();
                long size = in.readLong();
                long modifiedNanos = in.readLong();
                long changedNanos = in.readLong();
                long identity = in.readLong();
                byte[] digest = new byte[32];
                in.readFully(digest);
                read.put(file, new FileDigest(size, modifiedNanos, changedNanos, identity, digest));
            }
            if (digests.isEmpty()) {
                digests = read;
            } else {
                read.forEach(digests::putIfAbsent); // what this process hashed itself is newer
            }
        } catch (IOException | RuntimeException e) {
            // no file, or not one this writes: every file is read, as without it
        }
    }

    private java.io.DataInputStream openDigestFile() throws IOException {
        return new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(digestFile.get()), 1 << 16));
    }

    /** @return the trees' listings of a digest file, read after its header; throws on a malformed one */
    private Map<String, Listing> readTrees(java.io.DataInputStream in) throws IOException {
        long fileSize = Files.size(digestFile.get());
        int trees = in.readInt();
        if (trees < 0 || trees > fileSize / TREE_BYTES) {
            throw new IOException("a tree count the file cannot hold: " + trees);
        }
        Map<String, Listing> read = new java.util.HashMap<>();
        for (int i = 0; i < trees; i++) {
            String tree = in.readUTF();
            int length = in.readInt();
            if (length < 0 || length > fileSize) {
                throw new IOException("a listing length the file cannot hold: " + length);
            }
            byte[] listing = new byte[length];
            in.readFully(listing);
            read.put(tree, new Listing(listing, in.readUTF()));
        }
        return read;
    }

    private void writeDigestFile() {
        if (digestFile.isEmpty()) {
            return;
        }
        List<Map.Entry<String, FileDigest>> entries;
        List<Map.Entry<String, Listing>> trees;
        synchronized (watches) {
            if (!digestsChanged) {
                return;
            }
            digestsChanged = false;
            entries = new ArrayList<>(digests.size());
            digests.forEach((file, digest) -> entries.add(Map.entry(file, digest)));
            trees = new ArrayList<>(listingsByTree.entrySet());
        }
        // in path order, as the listing looks them up: read back, the map's entries then lie in memory in that order
        entries.sort(Map.Entry.comparingByKey());
        Path target = digestFile.get();
        Path temp = null;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            // named as the local store names its own, so its clean-up removes one a killed process left
            temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".tmp-", "");
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                    Files.newOutputStream(temp), 1 << 16))) {
                out.writeUTF(DIGEST_FILE_HEADER);
                out.writeInt(trees.size());
                for (Map.Entry<String, Listing> t : trees) {
                    out.writeUTF(t.getKey());
                    out.writeInt(t.getValue().listing.length);
                    out.write(t.getValue().listing);
                    out.writeUTF(t.getValue().digest);
                }
                out.writeInt(entries.size());
                for (Map.Entry<String, FileDigest> e : entries) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue().size);
                    out.writeLong(e.getValue().modifiedNanos);
                    out.writeLong(e.getValue().changedNanos);
                    out.writeLong(e.getValue().identity);
                    out.write(e.getValue().digest);
                }
            }
            Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (IOException | RuntimeException e) {
            synchronized (watches) {
                digestsChanged = true; // tried again after the next compute
            }
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a temporary file: best effort
                }
            }
        }
    }

    /**
     * Stops watching the directories ({@link DirectoryWatch}); later computes list them every time.
     * Idempotent.
     */
    @Override
    public void close() {
        synchronized (watches) {
            closed = true;
            watches.values().forEach(w -> w.watch.close());
            watches.clear();
        }
    }

    /** @return how many times a directory tree was listed (for tests) */
    int listings() {
        return listings.get();
    }

    /** @return how many files were read to hash them, in all (for tests) */
    int filesRead() {
        return filesRead.get();
    }

    /** @return how many directory trees are watched now (for tests) */
    int watchedTrees() {
        synchronized (watches) {
            return watches.size();
        }
    }

    private String binaryIdentity() {
        Optional<Path> program = binary.get();
        if (program.isEmpty()) {
            return "not found";
        }
        try {
            Path real = program.get().toRealPath();
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            return real + " " + a.size() + " bytes " + a.lastModifiedTime();
        } catch (IOException e) {
            return "unreadable: " + program.get();
        }
    }

    /** @return the config file's bytes, read once for both parts; empty when it is absent or not a regular file */
    private Optional<byte[]> readConfig() {
        try {
            if (Files.exists(configFile) && !Files.isRegularFile(configFile)) {
                // A device or FIFO (config_path: /dev/zero) would never end; its kind is its identity here.
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(configFile));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot read " + configFile + " to fingerprint it (" + e + ")", e);
        }
    }

    private String environmentDigest(byte[] config) {
        List<String> names = new ArrayList<>(EnvSubstitution.referencedNames(new String(config, StandardCharsets.UTF_8)));
        if (names.isEmpty()) {
            return "none";
        }
        names.sort(null);
        Map<String, String> env = environment.get();
        StringBuilder pairs = new StringBuilder();
        for (String name : names) {
            String value = env.get(name);
            pairs.append(name).append(value == null ? "" : "=" + value).append('\n');
        }
        return Fingerprint.sha256Hex(pairs.toString().getBytes(StandardCharsets.UTF_8)) + " (" + names.size() + " variables)";
    }

    private String directoryDigest(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        synchronized (watches) {
            Watched last = watches.get(root);
            Object identity = directoryIdentity(root);
            if (identity == null) {
                forgetWatch(root);
                return "absent";
            }
            // The watch covers the directory it was set on: a tree swapped for another of the same
            // name (renamed away, or a link retargeted) tells it nothing, so its identity must match.
            if (last != null && last.identity.equals(identity) && last.watch.quietSinceListing()) {
                return last.digest;
            }
            DirectoryWatch watch = last != null ? last.watch : watchFor(root);
            if (watch != null && !watch.beginListing()) {
                giveUpWatching(root, watch);
                watch = null;
            }
            DirectoryWatch[] adding = {watch};
            String digest;
            try {
                digest = listAndDigest(root, adding);
            } catch (RuntimeException e) {
                if (watch != null && last == null) {
                    watch.close(); // a watch kept unarmed (last) lists again next time; a new one is dropped
                }
                throw e;
            }
            if (adding[0] != null) {
                adding[0].arm();
                watches.put(root, new Watched(adding[0], identity, digest));
            } else if (watch != null) {
                giveUpWatching(root, watch);
            }
            return digest;
        }
    }

    /** @return a new watch on {@code root} once this instance has computed before (a long-lived process), else null */
    private DirectoryWatch watchFor(Path root) {
        if (!watching || closed || unwatchable.contains(root)) {
            return null;
        }
        Optional<DirectoryWatch> watch = DirectoryWatch.open(root);
        if (watch.isEmpty()) {
            unwatchable.add(root);
        }
        return watch.orElse(null);
    }

    private void giveUpWatching(Path root, DirectoryWatch watch) {
        watch.close();
        watches.remove(root);
        unwatchable.add(root);
    }

    /**
     * @return the directory {@code root} names, through links (its device and inode on Linux), or
     *     null when it does not name a directory
     */
    private static Object directoryIdentity(Path root) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(root, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
        if (!attributes.isDirectory()) {
            return null;
        }
        Object key = attributes.fileKey();
        return key != null ? key : new Object(); // no key: never equal, so never taken as quiet
    }

    private void forgetWatch(Path root) {
        Watched gone = watches.remove(root);
        if (gone != null) {
            gone.watch.close();
        }
    }

    /**
     * Lists {@code root} and digests its files; each directory listed is added to {@code watch[0]},
     * which is set to null when one cannot be (the caller then gives the watch up).
     */
    private String listAndDigest(Path root, DirectoryWatch[] watch) {
        listings.incrementAndGet();
        List<Listed> files = new ArrayList<>();
        String rootString = root.toString();
        int prefix = rootString.endsWith(root.getFileSystem().getSeparator()) ? rootString.length() : rootString.length() + 1;
        boolean[] ascii = {true};
        walk(root, prefix, watch, files, ascii);
        java.util.function.LongSupplier moved = clock;
        long settled = (moved == null ? System.currentTimeMillis() : moved.getAsLong()) - RACY_WINDOW_MILLIS;
        // 1. The listing as the walk met it: when it is the one kept, so is the tree's digest.
        byte[] listing = listing(files, ascii[0]);
        Listing kept = listingsByTree.get(rootString);
        if (kept != null && java.util.Arrays.equals(kept.listing, listing)) {
            return kept.digest;
        }
        // 2. Otherwise file by file, each file's digest kept while its size and time stay the same.
        readDigestEntries();
        // Path order (bytes, unsigned); for ASCII names the strings compare the same, and faster:
        // first their first eight characters held in the record, then the whole strings
        files.sort(ascii[0] ? ProjectFingerprint::compareAscii : Comparator.comparing(Listed::file));
        MessageDigest all = Fingerprint.sha256();
        MessageDigest one = Fingerprint.sha256();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64 * 1024);
        int hashed = 0;
        boolean allSettled = true;
        int remembered = 0;
        for (Listed f : files) {
            FileDigest known = digests.get(f.absolute);
            byte[] digest;
            if (known != null && known.size == f.size && known.modifiedNanos == f.modifiedNanos && known.changedNanos == f.changedNanos
                    && known.identity == f.identity) {
                digest = known.digest;
            } else {
                try {
                    filesRead.incrementAndGet();
                    digest = digestOf(f.file, one, buffer);
                } catch (NoSuchFileException e) {
                    allSettled = false; // listed, yet gone: this listing is not what the tree holds
                    continue;
                } catch (IOException e) {
                    throw new StateException(ErrorCode.STATE_IO, "cannot read " + f.file + " to fingerprint it (" + e + ")", e);
                }
                if (TimeUnit.NANOSECONDS.toMillis(Math.max(f.modifiedNanos, f.changedNanos)) < settled) {
                    digests.put(f.absolute, new FileDigest(f.size, f.modifiedNanos, f.changedNanos, f.identity, digest));
                    digestsChanged = true;
                } else {
                    allSettled = false;
                    if (known == null) {
                        remembered--; // counted below, yet not remembered
                    }
                }
            }
            remembered++;
            all.update(f.relative.getBytes(StandardCharsets.UTF_8));
            all.update((byte) 0);
            all.update(digest);
            hashed++;
        }
        if (digests.size() > remembered) {
            forgetMissing(rootString.substring(0, prefix - 1) + root.getFileSystem().getSeparator(), files, remembered);
        }
        String digest = java.util.HexFormat.of().formatHex(all.digest()) + " (" + hashed + " files)";
        // 3. The listing is kept with its digest only when every file of it had settled (see RACY_WINDOW_MILLIS).
        Listing replaced = allSettled ? listingsByTree.put(rootString, new Listing(listing, digest)) : listingsByTree.remove(rootString);
        if (allSettled || replaced != null) {
            digestsChanged = true;
        }
        return digest;
    }

    /**
     * Lists the regular files under {@code root} into {@code files} ({@link Walk}).
     *
     * @throws StateException {@code STATE_IO} when a directory or an entry cannot be read
     */
    private static void walk(Path root, int prefix, DirectoryWatch[] watch, List<Listed> files, boolean[] ascii) {
        try {
            // The root is followed when it is a link (models_dir may name a linked directory, which rocky
            // reads through the link); links below it are not.
            if (Files.isDirectory(root)) {
                new Walk(root, prefix, watch, files, ascii).directory(root, 0);
            }
        } catch (NoSuchFileException e) {
            // gone since it was found to be a directory: no file listed
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot walk " + root + " to fingerprint it (" + e + ")", e);
        }
    }

    /**
     * @param root an absolute, normal directory path
     * @return the relative paths of the files a listing of {@code root} finds, in its order (for tests)
     */
    static List<String> listedPaths(Path root) {
        String rootString = root.toString();
        int prefix = rootString.endsWith(root.getFileSystem().getSeparator()) ? rootString.length() : rootString.length() + 1;
        List<Listed> files = new ArrayList<>();
        walk(root, prefix, new DirectoryWatch[1], files, new boolean[] {true});
        return files.stream().map(Listed::relative).toList();
    }

    /** The deepest directory a walk lists, the tree's root being depth 0 (the limit {@code Files.walkFileTree} was given). */
    private static final int MAX_DEPTH = 64;

    /**
     * One listing of a tree, in the order and with the rules of {@code Files.walkFileTree} without
     * {@code FOLLOW_LINKS} and with a depth of {@value #MAX_DEPTH}: each directory's entries in the
     * order the system lists them, a subdirectory's entries listed where it is met; entries named
     * {@code .*} skipped; a symbolic link below the root neither followed nor listed (the root
     * itself is listed through its link, where {@code walkFileTree} listed nothing, so a linked
     * models directory's edits went unseen); an entry that vanishes while the walk reads it
     * skipped, and any other failure thrown. Each entry's attributes, its change time with them,
     * are read with one {@code lstat} ({@link EntryAttributes}).
     */
    private static final class Walk {
        private final EntryAttributes.Reader reader;
        private final String separator;
        private final int prefix;
        private final DirectoryWatch[] watch;
        private final List<Listed> files;
        private final boolean[] ascii;

        Walk(Path root, int prefix, DirectoryWatch[] watch, List<Listed> files, boolean[] ascii) {
            this.separator = root.getFileSystem().getSeparator();
            this.reader = EntryAttributes.Reader.of(root.getFileSystem());
            this.prefix = prefix;
            this.watch = watch;
            this.files = files;
            this.ascii = ascii;
        }

        /** Lists {@code dir}, at {@code depth}, and the subdirectories it holds; adds it to the watch first. */
        void directory(Path dir, int depth) throws IOException {
            if (watch[0] != null && !watch[0].add(dir)) {
                watch[0] = null;
            }
            java.nio.file.DirectoryStream<Path> entries;
            try {
                entries = Files.newDirectoryStream(dir);
            } catch (NoSuchFileException e) {
                return; // gone since its parent was listed
            }
            try (entries) {
                for (Path entry : entries) {
                    String absolute = entry.toString();
                    if (absolute.startsWith(".", absolute.lastIndexOf(separator) + separator.length())) {
                        continue; // hidden: not read
                    }
                    EntryAttributes attributes;
                    try {
                        attributes = reader.read(entry);
                    } catch (NoSuchFileException e) {
                        continue;
                    }
                    if (attributes.directory()) {
                        if (depth + 1 < MAX_DEPTH) {
                            directory(entry, depth + 1);
                        }
                    } else if (attributes.regularFile()) {
                        String path = absolute.substring(prefix);
                        ascii[0] &= isAscii(path);
                        files.add(new Listed(entry, absolute, path, head(path), attributes.size(), attributes.modifiedNanos(),
                                attributes.changedNanos(), attributes.identity()));
                    }
                }
            } catch (java.nio.file.DirectoryIteratorException e) {
                throw e.getCause();
            }
        }
    }

    /**
     * A tree's listing as it is kept and compared, byte for byte: not hashed, since a fresh process
     * (C1 only, without the SHA-256 intrinsic) took about 20 ms to hash the 0.9 MB listing of 20,000
     * files, where reading the kept bytes from the digest file and comparing them takes 4–7 ms.
     *
     * @param files the files of a tree in the order the walk met them
     * @param ascii whether every relative path is ASCII: each then takes one byte a character, and
     *     the listing is written into one array of its exact size without encoding a path
     * @return each file's relative path (UTF-8), a zero byte, its size, its modification and change
     *     times (nanoseconds) and its identity, each as eight bytes, big-endian
     */
    private static byte[] listing(List<Listed> files, boolean ascii) {
        if (!ascii) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(files.size() * 64);
            java.nio.ByteBuffer numbers = java.nio.ByteBuffer.allocate(33);
            for (Listed f : files) {
                out.writeBytes(f.relative.getBytes(StandardCharsets.UTF_8));
                numbers.clear().put((byte) 0).putLong(f.size).putLong(f.modifiedNanos).putLong(f.changedNanos).putLong(f.identity);
                out.write(numbers.array(), 0, 33);
            }
            return out.toByteArray();
        }
        int length = 0;
        for (Listed f : files) {
            length += f.relative.length() + 33;
        }
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(length);
        byte[] bytes = buffer.array();
        for (Listed f : files) {
            String path = f.relative;
            int at = buffer.position();
            for (int i = 0, n = path.length(); i < n; i++) {
                bytes[at + i] = (byte) path.charAt(i);
            }
            buffer.position(at + path.length())
                    .put((byte) 0).putLong(f.size).putLong(f.modifiedNanos).putLong(f.changedNanos).putLong(f.identity);
        }
        return bytes;
    }

    /**
     * @return the SHA-256 of the file's bytes, read through {@code buffer} (one buffer for all the
     *     files of a tree, instead of an array per file: 20,000 model files are hashed at a first load)
     */
    private static byte[] digestOf(Path file, MessageDigest digest, java.nio.ByteBuffer buffer) throws IOException {
        digest.reset();
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file)) {
            while (in.read(buffer.clear()) >= 0) {
                digest.update(buffer.flip());
            }
        }
        return digest.digest();
    }

    /**
     * Drops the remembered digests of files under the tree the walk no longer found: those under
     * {@code under} (the tree's path and a separator) beyond the {@code remembered} the walk found.
     * Counting first spares the set of found paths in the usual case, where nothing went.
     */
    private void forgetMissing(String under, List<Listed> found, int remembered) {
        long known = 0;
        for (String file : digests.keySet()) {
            if (file.startsWith(under)) {
                known++;
            }
        }
        if (known <= remembered) {
            return;
        }
        java.util.Set<String> present = new java.util.HashSet<>(found.size() * 4 / 3 + 1);
        for (Listed f : found) {
            present.add(f.absolute);
        }
        if (digests.keySet().removeIf(file -> file.startsWith(under) && !present.contains(file))) {
            digestsChanged = true;
        }
    }

    /** @return the first eight characters of an ASCII string, one a byte, big-endian, zero-padded: they compare as the string does */
    private static long head(String s) {
        long head = 0;
        for (int i = 0; i < 8; i++) {
            head = head << 8 | (i < s.length() ? s.charAt(i) & 0xFF : 0);
        }
        return head;
    }

    private static int compareAscii(Listed a, Listed b) {
        int c = Long.compare(a.head, b.head);
        return c != 0 ? c : a.relative.compareTo(b.relative);
    }

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** @return how many file digests this instance remembers (for tests) */
    int rememberedFiles() {
        synchronized (watches) {
            return digests.size();
        }
    }

    /**
     * A regular file found by the walk: its path, that path's string, the part of it relative to
     * the walked directory (what the digest hashes) and that part's {@link #head}, size, mtime,
     * ctime ({@link EntryAttributes#NO_CHANGE_TIME} where there is none) and identity ({@link EntryAttributes#identity}).
     */
    private record Listed(Path file, String absolute, String relative, long head, long size, long modifiedNanos, long changedNanos,
            long identity) {
    }

    /**
     * A watched directory tree, the identity of the directory it was listed from
     * ({@link #directoryIdentity}) and the digest of its last complete listing.
     */
    private record Watched(DirectoryWatch watch, Object identity, String digest) {
    }

    /**
     * A tree's listing ({@link #listing}) and the digest computed from it: valid while the
     * listing is the same.
     */
    private record Listing(byte[] listing, String digest) {
    }

    /** A file's content digest, valid while its size, modification and change times and identity stay the same. */
    private record FileDigest(long size, long modifiedNanos, long changedNanos, long identity, byte[] digest) {
    }

}
