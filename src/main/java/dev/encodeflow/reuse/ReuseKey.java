package dev.encodeflow.reuse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The address of a result: SHA-256 over everything that decides its bytes. Callers pass the
 * source's content hash, the encoder identity and the canonical ffmpeg arguments (built for fixed
 * placeholder paths and one thread, the binary's own path left out), so a recipe change of any
 * kind, a new encoder build or another frame range is another key, while the same work for
 * another asset, another rendition name or another source path is the same key. Thread counts
 * are left out on purpose: they may change a few bits, never what the result is.
 */
public record ReuseKey(String kind, String hex) {

    /** Bumped when the meaning of stored results changes (a parser or layout change). */
    static final String FORMAT = "encodeflow-reuse-1";

    public static ReuseKey of(String kind, String sourceSha256, String encoder, List<String> arguments) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String part : List.of(FORMAT, kind, sourceSha256, encoder)) {
            field(digest, part);
        }
        for (String argument : arguments) {
            field(digest, argument);
        }
        return new ReuseKey(kind, HexFormat.of().formatHex(digest.digest()));
    }

    /** Length-prefixed, so that no two argument lists hash the same by shifting a separator. */
    private static void field(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }
}
