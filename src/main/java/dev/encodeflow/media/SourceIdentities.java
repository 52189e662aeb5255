package dev.encodeflow.media;

import dev.encodeflow.model.SourceIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Takes and checks {@link SourceIdentity}s. The check is cheap (one stat) unless only the
 * status-change time moved (a chmod, a new hard link): then the content is hashed again, and only
 * a different hash counts as a change.
 */
public final class SourceIdentities {

    private SourceIdentities() {
    }

    /** A source that is not the file that was probed. */
    public static final class Changed extends Exception {
        public Changed(String message) {
            super(message);
        }
    }

    /** The identity of a file, hashing its content; the file must not change while it is read. */
    public static SourceIdentity take(Path file) throws IOException, Changed {
        SourceIdentity before = stat(file, null);
        String sha256 = sha256(file);
        SourceIdentity after = stat(file, sha256);
        if (!sameFile(before, after) || before.changedNanos() != after.changedNanos()) {
            throw new Changed("the source changed while it was being read (is it still being written?)");
        }
        return after;
    }

    /** Refuses a file that is not the one {@code expected} describes (null: nothing to check). */
    public static void verify(Path file, SourceIdentity expected) throws IOException, Changed {
        if (expected == null) {
            return;
        }
        SourceIdentity now = stat(file, null);
        if (!sameFile(expected, now)) {
            throw new Changed(difference(expected, now));
        }
        if (now.changedNanos() != expected.changedNanos() && !sha256(file).equals(expected.sha256())) {
            throw new Changed("its content is not the content that was probed (same size and time, another hash)");
        }
    }

    private static boolean sameFile(SourceIdentity a, SourceIdentity b) {
        return a.size() == b.size() && a.modifiedNanos() == b.modifiedNanos() && a.inode() == b.inode();
    }

    private static String difference(SourceIdentity expected, SourceIdentity now) {
        if (expected.inode() != now.inode()) {
            return "another file was put in its place";
        }
        if (expected.size() != now.size()) {
            return "its size changed from " + expected.size() + " to " + now.size() + " bytes";
        }
        return "it was modified";
    }

    /** The file's identity without its content hash (one stat). */
    public static SourceIdentity stat(Path file) throws IOException {
        return stat(file, null);
    }

    private static SourceIdentity stat(Path file, String sha256) throws IOException {
        Map<String, Object> unix = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
        return new SourceIdentity((Long) unix.get("size"), nanos(unix.get("lastModifiedTime")),
                nanos(unix.get("ctime")), (Long) unix.get("ino"), sha256);
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
