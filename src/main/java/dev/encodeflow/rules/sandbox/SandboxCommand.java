package dev.encodeflow.rules.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of one sandboxed JVM, built as an argument list (no shell), outermost first:
 * {@code setpriv} drops to an unprivileged user (when the service is root), {@code prlimit} caps
 * address space, CPU time, file size (0: nothing can be written), open files and processes, and
 * then either {@code bwrap} gives the JVM new namespaces: no network at all (not even the host's
 * loopback, so no PostgreSQL), no other processes, and a file system holding only the JDK, the
 * system libraries and the class path, read-only, with an empty private {@code /tmp}; or, where
 * bubblewrap is not installed, {@code unshare} gives it a network namespace of its own (the
 * weaker "process" isolation: the unprivileged user's file permissions are the only wall around
 * the file system). Pure.
 */
public record SandboxCommand(Isolation isolation, Path isolator, Path setpriv, Path prlimit, Integer uid,
        Path javaHome, List<Path> javaHomeLinks, List<Path> classPath, int heapMb, long cpuSeconds) {

    /** How the JVM is walled in. */
    public enum Isolation { BWRAP, PROCESS }

    static final String MAIN = SandboxMain.class.getName();
    static final String LIBS = "/usr/lib/x86_64-linux-gnu";

    public List<String> arguments() {
        return arguments(MAIN, false);
    }

    /**
     * The command for one run; {@code longRun} (a preview over many assets) lets the JIT's
     * optimizing compiler work, which a short compile-and-scenarios run would only pay for.
     */
    public List<String> arguments(boolean longRun) {
        return arguments(MAIN, longRun);
    }

    /** The same walls around another main class (the isolation tests run a probe in them). */
    public List<String> arguments(String mainClass) {
        return arguments(mainClass, false);
    }

    private List<String> arguments(String mainClass, boolean longRun) {
        List<String> c = new ArrayList<>();
        if (uid != null && setpriv != null) {
            c.addAll(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                    "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"));
        }
        long addressSpace = (heapMb + 512L) << 20;
        c.addAll(List.of(prlimit.toString(), "--as=" + addressSpace, "--cpu=" + cpuSeconds, "--fsize=0",
                "--nofile=1024", "--nproc=128", "--core=0", "--"));
        if (isolation == Isolation.PROCESS) {
            c.addAll(List.of(isolator.toString(), "--user", "--net", "--ipc", "--uts", "--"));
            c.addAll(java(mainClass, longRun));
            return c;
        }
        c.addAll(List.of(isolator.toString(), "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
                "--new-session", "--cap-drop", "ALL", "--uid", "65534", "--gid", "65534", "--hostname", "sandbox",
                "--clearenv", "--setenv", "PATH", "/nonexistent", "--setenv", "LANG", "C.UTF-8",
                // Each glibc arena reserves 64 MB of address space: one keeps the JVM inside its limit.
                "--setenv", "MALLOC_ARENA_MAX", "1",
                "--proc", "/proc", "--dev", "/dev", "--size", "1048576", "--tmpfs", "/tmp",
                "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/lib", "/lib",
                "--ro-bind", LIBS, LIBS,
                "--symlink", LIBS + "/ld-linux-x86-64.so.2", "/usr/lib64/ld-linux-x86-64.so.2",
                "--ro-bind", javaHome.toString(), javaHome.toString()));
        for (Path link : javaHomeLinks) {
            c.addAll(List.of("--ro-bind", link.toString(), link.toString()));
        }
        for (Path entry : classPath) {
            c.addAll(List.of("--ro-bind", entry.toString(), entry.toString()));
        }
        c.addAll(List.of("--chdir", "/tmp", "--"));
        c.addAll(java(mainClass, longRun));
        return c;
    }

    private List<String> java(String mainClass, boolean longRun) {
        List<String> jit = longRun ? List.of("-XX:CICompilerCount=2")
                : List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");
        List<String> java = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-Xmx" + heapMb + "m",
                "-Xss1m", "-XX:+UseSerialGC"));
        java.addAll(jit);
        java.addAll(List.of("-XX:MaxMetaspaceSize=192m",
                "-XX:CompressedClassSpaceSize=64m", "-XX:ReservedCodeCacheSize=48m", "-XX:-UsePerfData",
                "-XX:+ExitOnOutOfMemoryError", "-XX:+ErrorFileToStderr", "-Xshare:auto",
                "-Djava.io.tmpdir=/tmp", "-Duser.home=/tmp",
                "-cp", String.join(":", classPath.stream().map(Path::toString).toList()), mainClass));
        return java;
    }
}
