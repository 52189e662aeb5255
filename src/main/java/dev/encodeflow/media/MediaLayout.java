package dev.encodeflow.media;

import dev.encodeflow.model.AudioCodec;
import dev.encodeflow.queue.ClaimedTask;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where files live under the output root. Paths stored in facts are relative to the root, so
 * instances that mount it elsewhere agree. Work files carry the task and attempt that wrote them:
 * two runs of the same task never write the same file, and only the run whose completion commits
 * is referenced by a fact.
 */
public final class MediaLayout {

    private final Path outputRoot;

    public MediaLayout(Path outputRoot) {
        this.outputRoot = outputRoot.toAbsolutePath().normalize();
    }

    public Path root() {
        return outputRoot;
    }

    public Path absolute(String relative) {
        Path resolved = outputRoot.resolve(relative).normalize();
        if (!resolved.startsWith(outputRoot)) {
            throw new IllegalArgumentException("path escapes the output root: " + relative);
        }
        return resolved;
    }

    public String relative(Path absolute) {
        return outputRoot.relativize(absolute.toAbsolutePath().normalize()).toString();
    }

    /** The asset's work folder (chunks, audio, assembled files before validation). */
    public String workDir(String assetId) {
        return assetId + "/.work";
    }

    public String renditionWorkDir(String assetId, String rendition, int generation) {
        return workDir(assetId) + "/" + rendition + "/g" + generation;
    }

    public String chunkFile(ClaimedTask task, String rendition, int generation, int chunk) {
        return renditionWorkDir(task.assetId(), rendition, generation)
                + String.format(Locale.ROOT, "/chunk-%05d.%s.mp4", chunk, runTag(task));
    }

    public String audioFile(ClaimedTask task, AudioCodec codec) {
        return workDir(task.assetId()) + "/audio-" + codec.id() + "." + runTag(task) + "." + codec.extension();
    }

    public String assembledFile(ClaimedTask task, String rendition, int generation, String container) {
        return renditionWorkDir(task.assetId(), rendition, generation) + "/assembled." + runTag(task) + "." + container;
    }

    /** The published rendition, in its codec's container. */
    public String outputFile(String assetId, String rendition, String container) {
        return assetId + "/" + rendition + "." + container;
    }

    /** A sibling name to write to before the atomic rename into place. */
    public static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + ".part");
    }

    private static String runTag(ClaimedTask task) {
        return "t" + task.id() + "a" + task.attempt();
    }
}
