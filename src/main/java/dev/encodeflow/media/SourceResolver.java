package dev.encodeflow.media;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a source as posted (a path relative to an input root, or a {@code file:} URI) into a
 * readable file inside one of the configured input roots. Symbolic links are followed before the
 * check, so a link pointing out of the roots is refused like {@code ..} is. Network URLs are
 * refused: ffmpeg never sees anything but a checked local file.
 */
public final class SourceResolver {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private final List<Path> roots;

    public SourceResolver(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    public static SourceResolver of(List<String> roots) {
        List<Path> paths = new ArrayList<>();
        for (String root : roots) {
            paths.add(Path.of(root).toAbsolutePath().normalize());
        }
        return new SourceResolver(paths);
    }

    /** The real path of a readable regular file inside an input root. */
    public Path resolve(String source) throws InvalidSourceException {
        if (source == null || source.isBlank()) {
            throw new InvalidSourceException("must not be blank");
        }
        if (source.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidSourceException("must not contain control characters");
        }
        Path requested = requestedPath(source);
        InvalidSourceException lastProblem = null;
        for (Path root : roots) {
            Path candidate = root.resolve(requested).normalize();
            if (!candidate.startsWith(root)) {
                continue;
            }
            if (!Files.exists(candidate)) {
                lastProblem = new InvalidSourceException("file not found: " + source);
                continue;
            }
            try {
                Path real = candidate.toRealPath();
                Path realRoot = root.toRealPath();
                if (!real.startsWith(realRoot)) {
                    throw new InvalidSourceException("resolves outside the input roots");
                }
                if (!Files.isRegularFile(real)) {
                    throw new InvalidSourceException("not a regular file: " + source);
                }
                if (!Files.isReadable(real)) {
                    throw new InvalidSourceException("not readable: " + source);
                }
                return real;
            } catch (IOException e) {
                lastProblem = new InvalidSourceException("cannot be read: " + source);
            }
        }
        if (lastProblem != null) {
            throw lastProblem;
        }
        throw new InvalidSourceException("resolves outside the input roots");
    }

    /** The path part of a source: a relative path, an absolute path, or a file: URI. */
    private static Path requestedPath(String source) throws InvalidSourceException {
        try {
            if (SCHEME.matcher(source).find()) {
                URI uri = new URI(source);
                if (!"file".equalsIgnoreCase(uri.getScheme())) {
                    throw new InvalidSourceException("only local files are allowed (no " + uri.getScheme() + ": URLs)");
                }
                if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getRawQuery() != null
                        || uri.getRawFragment() != null || (uri.getHost() != null && !uri.getHost().isEmpty())) {
                    throw new InvalidSourceException("not a local file URI");
                }
                return Path.of(uri.getPath());
            }
            return Path.of(source);
        } catch (URISyntaxException | InvalidPathException e) {
            throw new InvalidSourceException("not a valid path or file URI");
        }
    }

    /** A source that cannot be used, with a reason fit for a 400 response. */
    public static class InvalidSourceException extends Exception {
        public InvalidSourceException(String message) {
            super(message);
        }
    }
}
