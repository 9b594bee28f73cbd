package dev.rocky.state;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@link ProjectFingerprint}'s walk reads of one directory entry, with one {@code lstat} (links
 * not followed): its kind, size, modification time, change time ({@code st_ctime}, set by the
 * system at every write and never set back by a program) and identity (its file key's hash: device
 * and inode on Linux). Read one of three ways ({@link Reader}), the first the platform allows.
 *
 * @param directory whether it is a directory
 * @param regularFile whether it is a regular file
 * @param size its size in bytes
 * @param modifiedNanos its modification time, nanoseconds since the epoch
 * @param changedNanos its change time, nanoseconds since the epoch, or {@link #NO_CHANGE_TIME}
 *     where the file system gives none
 * @param identity its file key's hash, or {@link #NO_IDENTITY} where the file system gives no key
 */
record EntryAttributes(boolean directory, boolean regularFile, long size, long modifiedNanos, long changedNanos, long identity) {

    /** A file's identity where the file system gives none ({@code fileKey()} null): equal to itself, so size and times decide. */
    static final long NO_IDENTITY = Long.MIN_VALUE;
    /** A file's change time where the file system gives none (no {@code unix} view): equal to itself, so the rest decides. */
    static final long NO_CHANGE_TIME = Long.MIN_VALUE;

    /** The attributes the {@link Reader#UNIX_VIEW} asks for. */
    private static final String UNIX_ATTRIBUTES = "unix:isDirectory,isRegularFile,size,lastModifiedTime,ctime,fileKey";

    /**
     * The JDK's own change time, seconds and nanoseconds: the fields {@code st_ctime_sec} and
     * {@code st_ctime_nsec} of {@code sun.nio.fs.UnixFileAttributes} (the
     * {@link PosixFileAttributes} a Unix file system returns hold the whole {@code stat}), when
     * {@code java.base} opens {@code sun.nio.fs} to this code; else null. Variable handles, not a
     * method handle or reflection: in a new process they cost under a millisecond to look up on
     * JDK 17 and 25 alike, where a method handle spins classes (2 ms) and JDK 25's reflection too.
     */
    private static final VarHandle[] JDK_CTIME = jdkChangeTime();
    /** The class {@link #JDK_CTIME} reads ({@code sun.nio.fs.UnixFileAttributes}), or null. */
    private static final Class<?> JDK_ATTRIBUTES = JDK_CTIME == null ? null : JDK_CTIME[0].coordinateTypes().get(0);

    /**
     * How an entry's attributes are read. {@link #JDK}: the JDK's {@link PosixFileAttributes}, whose
     * change time is read from its own fields ({@link EntryAttributes#JDK_CTIME}); as fast as the basic attributes, and only where
     * {@code java.base} opens {@code sun.nio.fs} to this code (the {@code rocky-component} jar's
     * manifest does, with {@code Add-Opens}; an embedding application may pass
     * {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED}). {@link #UNIX_VIEW}: the public
     * {@code unix} attribute view, the same values at a cost (its map and the attribute names parsed
     * for each entry: 20,000 files took 35 ms more in a fresh process). {@link #BASIC}: where there is
     * no {@code unix} view (Windows), the basic attributes without a change time.
     */
    enum Reader {
        JDK, UNIX_VIEW, BASIC;

        /**
         * @param fileSystem the walked tree's file system
         * @return the first reader it allows
         */
        static Reader of(FileSystem fileSystem) {
            if (!fileSystem.supportedFileAttributeViews().contains("unix")) {
                return BASIC;
            }
            return JDK_CTIME != null ? JDK : UNIX_VIEW;
        }

        /** @return whether this reader can read entries here (JDK needs the open package; the others always can) */
        boolean available() {
            return this != JDK || JDK_CTIME != null;
        }

        /**
         * @param entry a directory entry
         * @return its attributes, the link itself for a symbolic link
         * @throws IOException when it cannot be read ({@link java.nio.file.NoSuchFileException} when it is gone)
         */
        EntryAttributes read(Path entry) throws IOException {
            switch (this) {
                case JDK:
                    PosixFileAttributes posix = Files.readAttributes(entry, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    return fromBasic(posix, JDK_ATTRIBUTES.isInstance(posix) ? jdkChangeTime(posix) : NO_CHANGE_TIME);
                case UNIX_VIEW:
                    Map<String, Object> unix = Files.readAttributes(entry, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    return new EntryAttributes((Boolean) unix.get("isDirectory"), (Boolean) unix.get("isRegularFile"),
                            (Long) unix.get("size"), nanos(unix.get("lastModifiedTime")), nanos(unix.get("ctime")),
                            identity(unix.get("fileKey")));
                default:
                    return fromBasic(Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), NO_CHANGE_TIME);
            }
        }
    }

    private static EntryAttributes fromBasic(BasicFileAttributes a, long changedNanos) {
        return new EntryAttributes(a.isDirectory(), a.isRegularFile(), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                changedNanos, identity(a.fileKey()));
    }

    /**
     * @param key a file's key ({@code fileKey()}), null where the file system gives none
     * @return its identity: the key's hash (device and inode on Linux, the same in every process),
     *     or {@link #NO_IDENTITY} where there is no key
     */
    static long identity(Object key) {
        return key == null ? NO_IDENTITY : key.hashCode();
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }

    /** @return the change time {@link #JDK_CTIME} reads from the JDK's attributes, nanoseconds since the epoch */
    private static long jdkChangeTime(PosixFileAttributes attributes) {
        return TimeUnit.SECONDS.toNanos((long) JDK_CTIME[0].get(attributes)) + (long) JDK_CTIME[1].get(attributes);
    }

    private static VarHandle[] jdkChangeTime() {
        try {
            if (!Object.class.getModule().isOpen("sun.nio.fs", EntryAttributes.class.getModule())) {
                return null;
            }
            Class<?> attributes = Class.forName("sun.nio.fs.UnixFileAttributes");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(attributes, MethodHandles.lookup());
            return new VarHandle[] {lookup.findVarHandle(attributes, "st_ctime_sec", long.class),
                    lookup.findVarHandle(attributes, "st_ctime_nsec", long.class)};
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another JDK: the unix view reads the same time
        }
    }
}
