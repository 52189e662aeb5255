package dev.encodeflow.rules.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The class path of the sandbox JVM: the service's own. In the packaged service that is the
 * {@code quarkus-app} folder's jars; under Maven it is the JVM's class path (a manifest-only jar's
 * {@code Class-Path} expanded). Entries the sandbox's unprivileged user could not read (a Maven
 * repository under a private home) are hard-linked, or copied, into a world-readable folder.
 */
final class SandboxClassPath {

    private SandboxClassPath() {
    }

    /** The entries of this JVM's class path, as absolute paths. */
    static List<Path> ofThisJvm() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (path.getFileName() != null && path.getFileName().toString().equals("quarkus-run.jar")) {
                entries.addAll(quarkusApp(path.getParent()));
            } else {
                entries.add(path);
                entries.addAll(manifestClassPath(path));
            }
        }
        return entries.stream().filter(Files::exists).toList();
    }

    /** The packaged service: app/, lib/boot/, lib/main/ (its own classes and every dependency). */
    private static List<Path> quarkusApp(Path root) {
        List<Path> jars = new ArrayList<>();
        for (String dir : List.of("app", "lib/boot", "lib/main")) {
            try (Stream<Path> files = Files.list(root.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                // not there: nothing to add
            }
        }
        return jars;
    }

    private static List<Path> manifestClassPath(Path jar) {
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return List.of();
            }
            List<Path> entries = new ArrayList<>();
            for (String url : classPath.trim().split("\\s+")) {
                try {
                    entries.add(Path.of(jar.getParent().toUri().resolve(url)).toAbsolutePath().normalize());
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    // not a file: URL
                }
            }
            return entries;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The entries, with each one another user could not read replaced by a readable link or copy. */
    static List<Path> readableByOthers(List<Path> entries, Path stage) {
        List<Path> readable = new ArrayList<>();
        for (Path entry : entries) {
            readable.add(othersCanRead(entry) ? entry : staged(entry, stage));
        }
        return readable;
    }

    static boolean othersCanRead(Path path) {
        try {
            for (Path dir = path.getParent(); dir != null; dir = dir.getParent()) {
                if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            Set<PosixFilePermission> own = Files.getPosixFilePermissions(path);
            return own.contains(PosixFilePermission.OTHERS_READ)
                    && (!Files.isDirectory(path) || own.contains(PosixFilePermission.OTHERS_EXECUTE));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Path staged(Path entry, Path stage) {
        try {
            Files.createDirectories(stage);
            Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path target = stage.resolve(key(entry) + "-" + entry.getFileName());
            if (Files.isDirectory(entry)) {
                copyTree(entry, target);
            } else if (!Files.exists(target)) {
                try {
                    Files.createLink(target, entry);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    return target;
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(entry, target, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + entry + " readable to the rule sandbox", e);
        }
    }

    /** A folder (target/classes) is copied afresh: its content changes between builds. */
    private static void copyTree(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    /** Same path, size and time: same key (a changed jar gets a new link). */
    private static String key(Path entry) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(entry.toString().getBytes(StandardCharsets.UTF_8));
            if (Files.isRegularFile(entry)) {
                digest.update((Files.size(entry) + ":" + Files.getLastModifiedTime(entry).toMillis())
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
