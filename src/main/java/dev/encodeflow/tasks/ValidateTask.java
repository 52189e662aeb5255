package dev.encodeflow.tasks;

import dev.encodeflow.media.FfmpegCommands;
import dev.encodeflow.media.ProbeParser;
import dev.encodeflow.media.encoder.Encoders;
import dev.encodeflow.media.encoder.VideoEncoder;
import dev.encodeflow.model.Output;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.model.Validated;
import dev.encodeflow.process.ProcessResult;
import dev.encodeflow.worker.TaskContext;
import dev.encodeflow.worker.TaskFailure;
import dev.encodeflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * VALIDATE: decodes the assembled rendition completely and checks it against the source and the
 * recipe: exact frame count, duration, codec, size, audio. A valid file is published by an atomic
 * rename to its final name; an invalid one fails the rendition with every mismatch listed.
 */
@ApplicationScoped
public class ValidateTask implements TaskHandler {

    private final MediaWork media;

    ValidateTask(MediaWork media) {
        this.media = media;
    }

    @Override
    public TaskType type() {
        return TaskType.VALIDATE;
    }

    @Override
    public Object run(TaskContext context) throws Exception {
        TaskSpec.Validate spec = context.spec(TaskSpec.Validate.class);
        String asset = context.task().assetId();
        String name = spec.rung().name();
        Path assembled = media.layout().absolute(spec.path());
        String publishedRelative = media.layout().outputFile(asset, name, spec.rung().codec().container());
        Path published = media.layout().absolute(publishedRelative);
        if (!Files.exists(assembled)) {
            // An earlier run of this task may have published it and then lost its claim.
            if (Files.exists(published) && spec.sha256().equals(MediaWork.sha256(published))) {
                return new Validated(name, spec.generation(), true, null, output(publishedRelative, published, spec));
            }
            throw TaskFailure.permanent("the assembled file of " + name + " is missing: " + spec.path());
        }
        List<String> problems = inspect(spec, assembled, context);
        if (!problems.isEmpty()) {
            return new Validated(name, spec.generation(), false, String.join("; ", problems), null);
        }
        Files.createDirectories(published.getParent());
        keepReplaced(asset, name, spec.generation(), publishedRelative, published);
        Files.move(assembled, published, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The chunks and leftovers of a published generation are no longer needed.
        MediaWork.deleteTree(media.layout().absolute(media.layout().renditionWorkDir(asset, name, spec.generation())));
        return new Validated(name, spec.generation(), true, null, output(publishedRelative, published, spec));
    }

    /**
     * The file a new generation replaces stays on disk as a link of its own (listed with the
     * rendition's previous generations, removed per outputs.keep-previous); the published path
     * switches in one rename. A link left by an earlier attempt of this task is the same file.
     */
    private void keepReplaced(String asset, String name, int generation, String publishedRelative, Path published)
            throws java.io.IOException {
        if (generation == 0 || !Files.exists(published)) {
            return;
        }
        Path kept = media.layout().absolute(
                dev.encodeflow.outputs.OutputGenerations.keptPath(asset, name, generation, publishedRelative));
        Files.createDirectories(kept.getParent());
        try {
            Files.createLink(kept, published);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // An earlier attempt kept it already.
        } catch (UnsupportedOperationException e) {
            Files.copy(published, kept);
        }
    }

    /**
     * How validation reaches a rendition's key frames (each chunk starts with one): it decodes
     * them, and counts frames by their packets, unless media.validation-decode=full.
     */
    enum KeyFrameReach {
        /**
         * The decoder honours skip_frame (AVC, HEVC): one inspection on one thread, since a handful
         * of key frames decode faster than decoder threads start (0.08 s against 0.11 s with four,
         * 20 s 720p).
         */
        SKIP_FRAME,
        /**
         * The decoder ignores skip_frame (AV1; it decoded every frame, 1.4 s of 20 s 720p on two
         * threads) but the demuxer drops non-key packets (MP4): 0.27 s, beside an inspection that
         * decodes nothing.
         */
        DEMUXER,
        /**
         * Neither can skip (VP9 in WebM): one seek and one decoded frame per key frame of the
         * grid, 0.14 s against 0.94 s for every frame, beside an inspection that decodes nothing.
         */
        SEEKS,
        /** Every frame: asked for, or VP9 without a grid (or one too long to seek frame by frame). */
        EVERY_FRAME
    }

    static KeyFrameReach reach(TaskSpec.Validate spec, boolean fullDecode) {
        if (fullDecode) {
            return KeyFrameReach.EVERY_FRAME;
        }
        if (Encoders.of(spec.rung().codec()).decoderSkipsToKeyFrames()) {
            return KeyFrameReach.SKIP_FRAME;
        }
        if (FfmpegCommands.dropsNonKeyPackets(spec.rung().codec().container())) {
            return KeyFrameReach.DEMUXER;
        }
        return gridTimes(spec).isEmpty() ? KeyFrameReach.EVERY_FRAME : KeyFrameReach.SEEKS;
    }

    /**
     * Reads the assembled file, all reads at once: the inspection, the key-frame decode where the
     * inspection does not do it, and the key-frame flags of every packet where there is a grid.
     * Every way it differs from what it must be.
     */
    private List<String> inspect(TaskSpec.Validate spec, Path assembled, TaskContext context) throws Exception {
        KeyFrameReach reach = reach(spec, media.fullDecode());
        List<Double> seeks = reach == KeyFrameReach.SEEKS ? gridTimes(spec) : List.of();
        ProcessResult[] results = media.runTogether("ffprobe", context.cancellation(),
                reads(media.commands(), spec, assembled, context.threads(), media.fullDecode()));
        boolean separateDecode = reach == KeyFrameReach.DEMUXER || reach == KeyFrameReach.SEEKS;
        String decodeErrors = results[0].stderrTail() + (separateDecode ? results[1].stderrTail() : "");
        List<String> problems = problems(spec, ProbeParser.inspection(results[0].stdout()), decodeErrors);
        if (reach == KeyFrameReach.SEEKS) {
            String decoded = results[1].stdout().strip();
            if (!decoded.equals(String.valueOf(seeks.size()))) {
                problems.add("decoded " + (decoded.isEmpty() ? "no" : decoded) + " of its " + seeks.size()
                        + " key frames");
            }
        }
        if (spec.keyFrames() > 0) {
            problems.addAll(ProbeParser.keyFrames(results[results.length - 1].stdout()).offGrid(spec.keyFrames()));
        }
        return problems;
    }

    /**
     * The reads validation runs at once on an assembled file, in order: the inspection, the
     * key-frame decode where the inspection does not do it, the key-frame flags where there is a
     * grid. Public so that a benchmark can time exactly these reads without the service.
     */
    public static List<List<String>> reads(FfmpegCommands commands, TaskSpec.Validate spec, Path assembled,
            int threads, boolean fullDecode) {
        KeyFrameReach reach = reach(spec, fullDecode);
        List<List<String>> reads = new ArrayList<>();
        reads.add(switch (reach) {
            case SKIP_FRAME -> commands.inspect(assembled, 1, FfmpegCommands.Decode.KEY_FRAMES);
            case DEMUXER, SEEKS -> commands.inspect(assembled, 1, FfmpegCommands.Decode.NONE);
            case EVERY_FRAME -> commands.inspect(assembled, threads, FfmpegCommands.Decode.ALL);
        });
        if (reach == KeyFrameReach.DEMUXER) {
            reads.add(commands.decodeKeyFrames(assembled, threads));
        } else if (reach == KeyFrameReach.SEEKS) {
            reads.add(commands.decodeFramesAt(assembled, threads, gridTimes(spec)));
        }
        if (spec.keyFrames() > 0) {
            reads.add(commands.keyFrames(assembled));
        }
        return reads;
    }

    /** Most key frames decoded one by one; a longer grid is decoded whole (a read's arguments stay small). */
    static final int MAX_SEEKS = 2000;

    /**
     * Half a frame after each key frame of the rendition's grid (a seek lands on the key frame at
     * or before it, whatever the container's timestamp rounding); empty without a grid or past
     * {@link #MAX_SEEKS}.
     */
    static List<Double> gridTimes(TaskSpec.Validate spec) {
        long interval = spec.keyFrames();
        long frames = spec.expectedFrames();
        if (interval <= 0 || frames <= 0 || (frames + interval - 1) / interval > MAX_SEEKS) {
            return List.of();
        }
        List<Double> times = new ArrayList<>();
        for (long frame = 0; frame < frames; frame += interval) {
            times.add((frame + 0.5) * spec.frameSeconds());
        }
        return times;
    }

    /** Audio and video may differ in length by this much and still count as in sync. */
    static final double AUDIO_SYNC_SECONDS = 0.1;

    /** Every way the file differs from what the source and recipe say it must be. Pure. */
    static List<String> problems(TaskSpec.Validate spec, ProbeParser.Inspection found, String decodeErrors) {
        List<String> problems = new ArrayList<>();
        VideoEncoder encoder = Encoders.of(spec.rung().codec());
        if (!decodeErrors.isBlank()) {
            problems.add("does not decode cleanly: " + decodeErrors.strip().lines().findFirst().orElse(""));
        }
        if (!encoder.probeName().equals(found.videoCodec())) {
            problems.add("video codec is " + found.videoCodec() + ", expected " + encoder.probeName());
        }
        if (spec.rung().profile() != null) {
            String profile = encoder.probeProfile(spec.rung().profile());
            if (!profile.equals(found.profile())) {
                problems.add("profile is " + found.profile() + ", expected " + profile);
            }
        }
        String pixelFormat = encoder.pixelFormat(spec.rung());
        if (!pixelFormat.equals(found.pixelFormat())) {
            problems.add("pixel format is " + found.pixelFormat() + ", expected " + pixelFormat);
        }
        if (found.width() != spec.rung().width() || found.height() != spec.rung().height()) {
            problems.add("size is " + found.width() + "x" + found.height() + ", expected " + spec.rung().width() + "x"
                    + spec.rung().height());
        }
        if (found.frames() != spec.expectedFrames()) {
            problems.add("has " + found.frames() + " frames, expected " + spec.expectedFrames()
                    + (spec.frameStep() > 1 ? " (one in " + spec.frameStep() + " of the source's " + spec.frames() + ")"
                            : " (the source's)"));
        }
        double expected = spec.expectedFrames() * spec.frameSeconds();
        if (Math.abs(found.videoDurationSeconds() - expected) > 1.5 * spec.frameSeconds()) {
            problems.add(String.format(Locale.ROOT, "video lasts %.3f s, expected %.3f s", found.videoDurationSeconds(),
                    expected));
        }
        if (found.hasAudio() != spec.hasAudio()) {
            problems.add(spec.hasAudio() ? "audio is missing" : "has audio the source does not have");
        } else if (spec.hasAudio()
                && Math.abs(found.audioDurationSeconds() - spec.expectedAudioSeconds()) > AUDIO_SYNC_SECONDS) {
            problems.add(String.format(Locale.ROOT,
                    "audio lasts %.3f s, expected %.3f s (the source's %.3f s starting %.3f s from the video): out of sync",
                    found.audioDurationSeconds(), spec.expectedAudioSeconds(), spec.audioDurationSeconds(),
                    spec.audioOffsetSeconds() == null ? 0.0 : spec.audioOffsetSeconds()));
        }
        return problems;
    }

    private static Output output(String relative, Path file, TaskSpec.Validate spec) throws IOException {
        double duration = spec.expectedFrames() * spec.frameSeconds();
        return new Output(relative, Files.size(file), spec.expectedFrames(), Math.round(duration * 1e6) / 1e6,
                spec.sha256());
    }
}
