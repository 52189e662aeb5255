package dev.encodeflow.rules.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds what this machine offers to wall a JVM in, once: bubblewrap (preferred), else unshare's
 * network namespace (weaker), each under prlimit and, when the service runs as root, setpriv to
 * an unprivileged user. Each candidate is tried with a ping before it is trusted.
 */
final class SandboxLauncher {

    private final SandboxCommand command;

    private SandboxLauncher(SandboxCommand command) {
        this.command = command;
    }

    /** The launcher to use, or null when candidates cannot be sandboxed here (and the mode allows that). */
    static SandboxLauncher resolve(SandboxConfig config, Predicate<SandboxLauncher> works) {
        String mode = config.mode().strip().toLowerCase(Locale.ROOT);
        if (mode.equals("off")) {
            return null;
        }
        Path prlimit = onPath("prlimit");
        Path setpriv = onPath("setpriv");
        boolean root = isRoot();
        List<SandboxLauncher> candidates = new ArrayList<>();
        Path bwrap = config.bwrap().map(Path::of).orElse(onPath("bwrap"));
        if (prlimit != null && (!root || setpriv != null)) {
            List<Path> classPath = root ? SandboxClassPath.readableByOthers(SandboxClassPath.ofThisJvm(),
                    stage(config)) : SandboxClassPath.ofThisJvm();
            Path javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
            List<Path> links = linksOutside(javaHome);
            long cpu = Math.max(10, config.timeout().toSeconds() * 2);
            Integer uid = root ? config.uid() : null;
            if ((mode.equals("auto") || mode.equals("bwrap")) && bwrap != null && Files.isExecutable(bwrap)) {
                candidates.add(new SandboxLauncher(new SandboxCommand(SandboxCommand.Isolation.BWRAP, bwrap, setpriv,
                        prlimit, uid, javaHome, links, classPath, config.heapMb(), cpu)));
            }
            Path unshare = onPath("unshare");
            if ((mode.equals("auto") || mode.equals("process")) && unshare != null) {
                candidates.add(new SandboxLauncher(new SandboxCommand(SandboxCommand.Isolation.PROCESS, unshare,
                        setpriv, prlimit, uid, javaHome, links, classPath, config.heapMb(), cpu)));
            }
        }
        for (SandboxLauncher candidate : candidates) {
            if (works.test(candidate)) {
                return candidate;
            }
        }
        if (!mode.equals("auto")) {
            throw new IllegalStateException("rules.sandbox.mode=" + mode + " but that sandbox does not run here "
                    + "(needs " + (mode.equals("bwrap") ? "bwrap, " : "unshare, ") + "prlimit"
                    + (root ? " and setpriv" : "") + "); see docs/security.md");
        }
        return null;
    }

    Process start(boolean longRun) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.arguments(longRun)).directory(new File("/tmp"));
        // Nothing of the service's environment (database passwords, say) reaches the sandbox.
        builder.environment().clear();
        builder.environment().putAll(java.util.Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8",
                "MALLOC_ARENA_MAX", "1"));
        return builder.start();
    }

    String describe() {
        return (command.isolation() == SandboxCommand.Isolation.BWRAP ? "bubblewrap" : "process (unshare, no bubblewrap)")
                + (command.uid() != null ? ", user " + command.uid() : "") + ", " + command.heapMb() + " MB heap";
    }

    SandboxCommand command() {
        return command;
    }

    private static Path stage(SandboxConfig config) {
        return config.workDir().map(Path::of)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "encodeflow-sandbox-classpath"));
    }

    /** Symbolic links inside the JDK that point outside it (Debian keeps its conf in /etc): bound too. */
    static List<Path> linksOutside(Path javaHome) {
        Set<Path> targets = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(javaHome, 4)) {
            for (Path file : files.filter(Files::isSymbolicLink).toList()) {
                try {
                    Path target = file.toRealPath();
                    if (!target.startsWith(javaHome.toRealPath())) {
                        targets.add(target);
                    }
                } catch (IOException e) {
                    // a dangling link: nothing to bind
                }
            }
        } catch (IOException e) {
            // an unreadable JDK folder: the ping will tell
        }
        return List.copyOf(targets);
    }

    static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            // not Linux: treat as unprivileged
        }
        return false;
    }
}
