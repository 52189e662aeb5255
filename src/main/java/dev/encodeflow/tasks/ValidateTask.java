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
        // Every codec has its key frames decoded (each chunk starts with one) and its frames
        // counted by their packets, unless media.validation-decode=full. AVC and HEVC decoders
        // honour skip_frame: a handful of key frames decode faster on one thread than decoder
        // threads take to start (0.08 s against 0.11 s with four, 20 s 720p). VP9 and AV1 decoders
        // ignore it (they decoded every frame: 1.4 s of a 20 s 720p AV1 rendition on two
        // threads); in MP4 the demuxer drops their non-key packets instead (0.27 s), read beside
        // a packet count that decodes nothing. VP9 in WebM, whose demuxer cannot, has one frame
        // decoded at each key frame of its grid (0.14 s against 0.94 s for every frame), or
        // every frame when it has no grid or a very long one.
        VideoEncoder encoder = Encoders.of(spec.rung().codec());
        boolean keysBySkipping = !media.fullDecode() && encoder.decoderSkipsToKeyFrames();
        boolean keysByDemuxer = !media.fullDecode() && !keysBySkipping
                && FfmpegCommands.dropsNonKeyPackets(spec.rung().codec().container());
        List<Double> keyTimes = media.fullDecode() || keysBySkipping || keysByDemuxer ? List.of() : gridTimes(spec);
        List<List<String>> reads = new ArrayList<>();
        if (keysByDemuxer) {
            reads.add(media.commands().inspect(assembled, 1, FfmpegCommands.Decode.NONE));
            reads.add(media.commands().decodeKeyFrames(assembled, context.threads()));
        } else if (!keyTimes.isEmpty()) {
            reads.add(media.commands().inspect(assembled, 1, FfmpegCommands.Decode.NONE));
            reads.add(media.commands().decodeFramesAt(assembled, context.threads(), keyTimes));
        } else {
            reads.add(media.commands().inspect(assembled, keysBySkipping ? 1 : context.threads(),
                    keysBySkipping ? FfmpegCommands.Decode.KEY_FRAMES : FfmpegCommands.Decode.ALL));
        }
        if (spec.keyFrames() > 0) {
            // The key-frame flags of every packet, read at the same time.
            reads.add(media.commands().keyFrames(assembled));
        }
        @SuppressWarnings("unchecked")
        ProcessResult[] results = media.runTogether("ffprobe", context.cancellation(), reads.get(0),
                reads.subList(1, reads.size()).toArray(new List[0]));
        boolean secondDecodes = keysByDemuxer || !keyTimes.isEmpty();
        String decodeErrors = results[0].stderrTail() + (secondDecodes ? results[1].stderrTail() : "");
        List<String> problems = problems(spec, ProbeParser.inspection(results[0].stdout()), decodeErrors);
        if (!keyTimes.isEmpty()) {
            String decoded = results[1].stdout().strip();
            if (!decoded.equals(String.valueOf(keyTimes.size()))) {
                problems.add("decoded " + (decoded.isEmpty() ? "no" : decoded) + " of its " + keyTimes.size()
                        + " key frames");
            }
        }
        if (spec.keyFrames() > 0) {
            problems.addAll(ProbeParser.keyFrames(results[results.length - 1].stdout()).offGrid(spec.keyFrames()));
        }
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
