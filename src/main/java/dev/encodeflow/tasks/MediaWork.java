package dev.encodeflow.tasks;

import dev.encodeflow.media.FfmpegCommands;
import dev.encodeflow.media.MediaConfig;
import dev.encodeflow.media.MediaLayout;
import dev.encodeflow.media.MediaTools;
import dev.encodeflow.media.SourceIdentities;
import dev.encodeflow.media.SourceResolver;
import dev.encodeflow.model.SourceIdentity;
import dev.encodeflow.process.Cancellation;
import dev.encodeflow.process.ProcessFailedException;
import dev.encodeflow.process.ProcessResult;
import dev.encodeflow.process.ProcessRunner;
import dev.encodeflow.worker.TaskFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/** What the media task handlers share: sources, output layout, the ffmpeg commands and runner. */
@ApplicationScoped
public class MediaWork {

    private final SourceResolver sources;
    private final MediaLayout layout;
    private final MediaTools tools;
    private final ProcessRunner runner;
    private final Duration timeout;
    private final Duration stallTimeout;
    private final int audioKbps;
    private final boolean fullDecode;
    private final List<String> sourceFormats;
    private final MediaConfig.SourceLimits sourceLimits;
    private final long minFreeBytes;

    private final dev.encodeflow.metrics.TaskMetrics metrics;

    MediaWork(MediaConfig config, MediaTools tools, ProcessRunner runner, dev.encodeflow.metrics.TaskMetrics metrics) {
        this.metrics = metrics;
        this.sources = SourceResolver.of(config.inputRoots());
        this.layout = new MediaLayout(Path.of(config.outputRoot()));
        this.tools = tools;
        this.runner = runner;
        this.timeout = config.processTimeout();
        this.stallTimeout = config.stallTimeout();
        this.audioKbps = config.audioBitrateKbps();
        this.fullDecode = config.validationDecode() == MediaConfig.ValidationDecode.FULL;
        this.sourceFormats = List.copyOf(config.sourceFormats());
        this.sourceLimits = config.sourceLimits();
        this.minFreeBytes = config.minFreeDiskMb() << 20;
    }

    public List<String> sourceFormats() {
        return sourceFormats;
    }

    public MediaConfig.SourceLimits sourceLimits() {
        return sourceLimits;
    }

    /**
     * Waits (a retryable failure) while the output folder has less free space than {@code needed}
     * plus {@code media.min-free-disk-mb}: a full disk delays work with a reason instead of
     * breaking it half way.
     */
    public void requireFreeSpace(long needed, String what) throws TaskFailure, IOException {
        requireFreeSpace(layout.root(), needed, minFreeBytes, what);
    }

    static void requireFreeSpace(Path root, long needed, long minFreeBytes, String what) throws TaskFailure, IOException {
        Files.createDirectories(root);
        long free = Files.getFileStore(root).getUsableSpace();
        if (free < needed + minFreeBytes) {
            throw TaskFailure.retryable("waiting for disk space before " + what + ": " + (free >> 20) + " MB free in "
                    + root + ", " + ((needed + minFreeBytes) >> 20) + " MB needed (media.min-free-disk-mb keeps "
                    + (minFreeBytes >> 20) + " MB free)");
        }
    }

    /** Whether validation decodes every frame (else every packet is read and the key frames decoded). */
    public boolean fullDecode() {
        return fullDecode;
    }

    public MediaLayout layout() {
        return layout;
    }

    /** The ffmpeg binary in use. */
    public String ffmpeg() {
        return tools.ffmpeg();
    }

    public FfmpegCommands commands() {
        return new FfmpegCommands(tools.ffmpeg(), tools.ffprobe(), sourceFormats);
    }

    public int audioKbps() {
        return audioKbps;
    }

    /** The source file, checked again against the input roots (it was checked on ingestion too). */
    public Path source(String source) throws TaskFailure {
        try {
            return sources.resolve(source);
        } catch (SourceResolver.InvalidSourceException e) {
            throw TaskFailure.permanent("source " + source + ": " + e.getMessage());
        }
    }

    /**
     * The source file, which must still be the file that was probed: a source replaced or
     * rewritten since fails the asset (permanently) rather than mix two files in one rendition.
     */
    public Path source(String source, SourceIdentity identity) throws TaskFailure, IOException {
        Path file = source(source);
        checkUnchanged(source, file, identity);
        return file;
    }

    /** Called again after a task has read the source: it must not have changed meanwhile either. */
    public void checkUnchanged(String source, Path file, SourceIdentity identity) throws TaskFailure, IOException {
        try {
            SourceIdentities.verify(file, identity);
        } catch (SourceIdentities.Changed e) {
            throw TaskFailure.permanent("the source " + source + " changed since it was probed (" + e.getMessage()
                    + "): its renditions would mix two files; post it again as a new asset");
        } catch (java.nio.file.NoSuchFileException e) {
            throw TaskFailure.permanent("the source " + source + " is gone since it was probed");
        }
    }

    /** Runs ffprobe; a non-zero exit is a retryable failure carrying its last error line. */
    public ProcessResult run(String what, List<String> command, Cancellation cancellation)
            throws TaskFailure, ProcessFailedException {
        return checked(what, runner.run(command, timeout, cancellation));
    }

    /**
     * Runs short reads of one file at once (demuxes and decodes, one process each, the first on
     * this thread: each mostly waits on its own parse), each checked as {@link #run} checks it; a
     * failure of any fails all, the first command's reported first. Cancelling {@code cancellation} stops all.
     */
    public ProcessResult[] runTogether(String what, Cancellation cancellation, List<List<String>> commands)
            throws TaskFailure, ProcessFailedException {
        List<String> first = commands.get(0);
        List<List<String>> others = commands.subList(1, commands.size());
        Cancellation side = new Cancellation();
        List<java.util.concurrent.Future<ProcessResult>> sides = new java.util.ArrayList<>();
        for (List<String> other : others) {
            sides.add(SIDE.submit(() -> runner.run(other, timeout, side)));
        }
        ProcessResult main;
        try {
            main = runner.run(first, timeout, cancellation);
        } catch (ProcessFailedException | RuntimeException e) {
            side.cancel(cancellation.isCancelled() ? cancellation.reason() : "the other read failed");
            sides.forEach(MediaWork::awaitQuietly);
            throw e;
        }
        if (cancellation.isCancelled()) {
            side.cancel(cancellation.reason());
        }
        ProcessResult[] results = new ProcessResult[commands.size()];
        results[0] = main;
        for (int i = 0; i < sides.size(); i++) {
            try {
                results[i + 1] = sides.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                side.cancel("interrupted");
                throw new ProcessFailedException("interrupted while " + what + " ran", false);
            } catch (java.util.concurrent.ExecutionException e) {
                side.cancel("the other read failed");
                sides.forEach(MediaWork::awaitQuietly);
                if (e.getCause() instanceof ProcessFailedException failed) {
                    throw failed;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        for (int i = 0; i < results.length; i++) {
            results[i] = checked(what, results[i]);
        }
        return results;
    }

    /** Side processes of {@link #runTogether}: daemon threads, created as needed. */
    private static final java.util.concurrent.ExecutorService SIDE = java.util.concurrent.Executors.newCachedThreadPool(
            task -> {
                Thread thread = new Thread(task, "media-side");
                thread.setDaemon(true);
                return thread;
            });

    private static void awaitQuietly(java.util.concurrent.Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // the first failure is the one reported
        }
    }

    private ProcessResult checked(String what, ProcessResult result) throws TaskFailure {
        metrics.childCpu(result.cpuSeconds());
        if (!result.succeeded()) {
            // A refused format or protocol says why on an earlier line than the last one.
            String refused = result.stderrTail().lines().filter(l -> l.contains("not on whitelist")).findFirst()
                    .orElse(null);
            throw TaskFailure.retryable(what + " failed: " + (refused != null ? refused.strip() : result.lastErrorLine()));
        }
        return result;
    }

    /**
     * Runs ffmpeg writing {@code target} through a temporary name, renamed into place on success.
     * A run that stops reporting progress for the stall timeout is killed (and retried as a task).
     */
    public ProcessResult produce(String what, Path target, java.util.function.Function<Path, List<String>> command,
            Cancellation cancellation) throws TaskFailure, ProcessFailedException, IOException {
        Files.createDirectories(target.getParent());
        Path temporary = MediaLayout.temporary(target);
        try {
            ProcessResult result = checked(what, runner.run(command.apply(temporary), timeout, stallTimeout,
                    cancellation));
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return result;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Deletes a folder and everything in it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Runs an ffmpeg that writes no file of its own (a first pass): watched for progress like
     * {@link #produce}, killed and retried when it stalls.
     */
    public ProcessResult produceNothing(String what, List<String> command, Cancellation cancellation)
            throws TaskFailure, ProcessFailedException {
        return checked(what, runner.run(command, timeout, stallTimeout, cancellation));
    }

    public static String sha256(Path file) throws IOException {
        return SourceIdentities.sha256(file);
    }
}
