package dev.encodeflow.rules.sandbox;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Run inside the rule sandbox by {@link SandboxIsolationTest}: tries what escaped rule code would
 * try and prints one line per attempt, "name: reached" or "name: blocked (why)".
 */
public final class IsolationProbe {

    private IsolationProbe() {
    }

    public static void main(String[] args) {
        String home = args.length > 0 ? args[0] : "/root";
        attempt("database", () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            }
            return true;
        });
        attempt("outside network", () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("192.0.2.1", 80), 1000);
            }
            return true;
        });
        attempt("read /etc/passwd", () -> Files.readString(Path.of("/etc/passwd")).length() > 0);
        attempt("list the service's folder", () -> Files.list(Path.of(home)).count() >= 0);
        attempt("write a file", () -> {
            Path file = Path.of("/tmp/escaped");
            Files.write(file, new byte[4096]);
            return Files.size(file) == 4096;
        });
        attempt("run a shell", () -> new ProcessBuilder("/bin/sh", "-c", "true").start().waitFor() == 0);
        attempt("read the service's environment", () -> !java.util.Set.of("PATH", "LANG", "MALLOC_ARENA_MAX", "PWD")
                .containsAll(System.getenv().keySet()));
        System.out.flush();
    }

    private static void attempt(String name, Callable<Boolean> action) {
        try {
            System.out.println(name + ": " + (action.call() ? "reached" : "blocked (nothing there)"));
        } catch (Throwable e) {
            System.out.println(name + ": blocked (" + e.getClass().getSimpleName() + ")");
        }
    }
}
