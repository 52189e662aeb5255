package dev.encodeflow.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a tool (ffmpeg, ffprobe) as a child process: an argument list, never a shell; a timeout;
 * standard output kept (bounded), standard error's tail kept for the error report; the exit code
 * returned. Where {@code setpriv} is available, the child is started with a parent-death signal,
 * so it is killed when this JVM dies, even by {@code kill -9}.
 *
 * <p>The parent-death signal fires when the thread that started the child exits, so the calling
 * thread must wait for the child, which {@link #run} always does.
 */
public final class ProcessRunner {

    private static final Logger LOG = Logger.getLogger(ProcessRunner.class);
    static final int STDOUT_LIMIT = 16 * 1024 * 1024;
    static final int STDERR_TAIL = 8 * 1024;
    static final long WATCH_MILLIS = 250;

    private final List<String> deathSignalPrefix;
    private final List<String> limitsPrefix;

    private ProcessRunner(List<String> deathSignalPrefix, List<String> limitsPrefix) {
        this.deathSignalPrefix = deathSignalPrefix;
        this.limitsPrefix = limitsPrefix;
    }

    /** A runner whose children die with the JVM when the platform allows it. */
    public static ProcessRunner withParentDeathSignal() {
        return withParentDeathSignal(ChildLimits.NONE);
    }

    /** A runner whose children die with the JVM and run under {@code limits} (where prlimit exists). */
    public static ProcessRunner withParentDeathSignal(ChildLimits limits) {
        List<String> prefix = List.of();
        Path setpriv = findOnPath("setpriv");
        if (setpriv != null && supportsDeathSignal(setpriv)) {
            prefix = List.of(setpriv.toString(), "--pdeathsig", "KILL", "--");
        } else {
            LOG.warn("setpriv --pdeathsig is not available: child processes may outlive a killed JVM");
        }
        List<String> limited = List.of();
        Path prlimit = findOnPath("prlimit");
        if (limits.any() && prlimit != null) {
            List<String> args = new ArrayList<>(List.of(prlimit.toString()));
            if (limits.addressSpaceBytes() > 0) {
                args.add("--as=" + limits.addressSpaceBytes());
            }
            if (limits.fileSizeBytes() > 0) {
                args.add("--fsize=" + limits.fileSizeBytes());
            }
            if (limits.cpuSeconds() > 0) {
                args.add("--cpu=" + limits.cpuSeconds());
            }
            args.addAll(List.of("--core=0", "--"));
            limited = List.copyOf(args);
        } else if (limits.any()) {
            LOG.warn("prlimit is not available: ffmpeg and ffprobe run without memory, file size and CPU limits");
        }
        return new ProcessRunner(prefix, limited);
    }

    public boolean killsChildrenOnDeath() {
        return !deathSignalPrefix.isEmpty();
    }

    /** Runs a command that prints nothing while it works (ffprobe): only the timeout applies. */
    public ProcessResult run(List<String> command, Duration timeout, Cancellation cancellation)
            throws ProcessFailedException {
        return run(command, timeout, null, cancellation);
    }

    /**
     * Runs a command. With a {@code stallTimeout}, standard output is a progress stream (ffmpeg's
     * {@code -progress pipe:1}): it is not kept, and a child that prints nothing for that long is
     * considered hung and killed.
     */
    public ProcessResult run(List<String> command, Duration timeout, Duration stallTimeout, Cancellation cancellation)
            throws ProcessFailedException {
        return run(command, timeout, stallTimeout, cancellation, Map.of());
    }

    /** As above, with {@code environment} added to (or replacing) the tools' minimal environment. */
    public ProcessResult run(List<String> command, Duration timeout, Duration stallTimeout, Cancellation cancellation,
            Map<String, String> environment) throws ProcessFailedException {
        List<String> full = new ArrayList<>(deathSignalPrefix);
        full.addAll(limitsPrefix);
        full.addAll(command);
        long started = System.nanoTime();
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(full);
            // Nothing of the service's environment (database credentials, say) reaches the tools.
            String path = builder.environment().getOrDefault("PATH", "/usr/bin:/bin");
            builder.environment().clear();
            builder.environment().put("PATH", path);
            builder.environment().put("LANG", "C.UTF-8");
            // SVT-AV1 logs its configuration on stderr unless told otherwise; keep the tail for errors.
            builder.environment().put("SVT_LOG", "1");
            builder.environment().putAll(environment);
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new ProcessFailedException("cannot start " + command.get(0) + ": " + e.getMessage(), false);
        }
        cancellation.attach(process);
        CpuSampler cpu = new CpuSampler(process.pid());
        try {
            StreamCollector stdout = new StreamCollector(process.getInputStream(),
                    stallTimeout == null ? STDOUT_LIMIT : 4096, stallTimeout != null, cpu,
                    stallTimeout == null ? null : new Progress.Parser(cancellation::report));
            StreamCollector stderr = new StreamCollector(process.getErrorStream(), STDERR_TAIL, true, cpu, null);
            stdout.start();
            stderr.start();
            watch(process, command.get(0), started, timeout, stallTimeout, stdout, cpu);
            stdout.join();
            stderr.join();
            if (cancellation.isCancelled()) {
                throw new ProcessFailedException("cancelled: " + cancellation.reason(), true);
            }
            return new ProcessResult(process.exitValue(), stallTimeout == null ? stdout.text() : "", stderr.text(),
                    (System.nanoTime() - started) / 1_000_000, cpu.seconds());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new ProcessFailedException("interrupted while running " + command.get(0), true);
        } finally {
            cancellation.detach();
            if (process.isAlive()) {
                kill(process);
            }
        }
    }

    /** Waits for the child; kills it when it runs past the timeout or stops making progress. */
    private static void watch(Process process, String name, long started, Duration timeout, Duration stallTimeout,
            StreamCollector progress, CpuSampler cpu) throws InterruptedException, ProcessFailedException {
        long deadline = started + timeout.toNanos();
        while (!process.waitFor(Math.max(1, Math.min(WATCH_MILLIS, (deadline - System.nanoTime()) / 1_000_000)),
                TimeUnit.MILLISECONDS)) {
            cpu.sample();
            long now = System.nanoTime();
            if (now >= deadline) {
                kill(process);
                throw new ProcessFailedException(name + " timed out after " + timeout.toSeconds() + " s", false);
            }
            if (stallTimeout != null && now - Math.max(started, progress.lastActivity()) > stallTimeout.toNanos()) {
                kill(process);
                throw new ProcessFailedException(name + " stalled: no progress for " + stallTimeout.toSeconds() + " s",
                        false);
            }
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The executable called {@code name} in a folder of PATH, or null. */
    public static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean supportsDeathSignal(Path setpriv) {
        try {
            Process probe = new ProcessBuilder(setpriv.toString(), "--pdeathsig", "KILL", "--", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Drains a child's stream on its own thread; keeps the head (stdout) or the tail (stderr). */
    private static final class StreamCollector extends Thread {
        private final InputStream in;
        private final int limit;
        private final boolean keepTail;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CpuSampler cpu;
        private final Progress.Parser progress;
        private volatile long lastActivity;

        StreamCollector(InputStream in, int limit, boolean keepTail, CpuSampler cpu, Progress.Parser progress) {
            super("process-stream");
            setDaemon(true);
            this.cpu = cpu;
            this.progress = progress;
            this.in = in;
            this.limit = limit;
            this.keepTail = keepTail;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    lastActivity = System.nanoTime();
                    // ffmpeg's last progress report ("progress=end") comes just before it exits.
                    cpu.sample();
                    if (progress != null) {
                        progress.accept(buffer, n);
                    }
                    synchronized (kept) {
                        if (keepTail) {
                            kept.write(buffer, 0, n);
                            if (kept.size() > 2 * limit) {
                                byte[] all = kept.toByteArray();
                                kept.reset();
                                kept.write(all, all.length - limit, limit);
                            }
                        } else if (kept.size() < limit) {
                            kept.write(buffer, 0, Math.min(n, limit - kept.size()));
                        }
                    }
                }
            } catch (IOException e) {
                // The process was killed or closed its stream: what we have is what there is.
            }
        }

        /** When the child last wrote to this stream (System.nanoTime), 0 if never. */
        long lastActivity() {
            return lastActivity;
        }

        String text() {
            synchronized (kept) {
                byte[] all = kept.toByteArray();
                int from = keepTail ? Math.max(0, all.length - limit) : 0;
                return new String(all, from, all.length - from, StandardCharsets.UTF_8);
            }
        }
    }
}
