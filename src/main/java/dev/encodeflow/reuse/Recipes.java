package dev.encodeflow.reuse;

import dev.encodeflow.media.FfmpegCommands;
import dev.encodeflow.media.encoder.VideoEncoder;
import dev.encodeflow.model.AudioCodec;
import dev.encodeflow.model.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The keys of the work that can be reused, built from the very commands that do it: the same
 * command builders run with placeholder paths and one thread, so whatever a future change adds
 * to a command (a filter, a rate-control flag) changes the key by itself, with nobody having to
 * remember to list it here.
 */
public final class Recipes {

    private static final Path SOURCE = Path.of("/source");
    private static final Path OUTPUT = Path.of("/output.mp4");
    private static final Path STATS = Path.of("/output.pass");

    private Recipes() {
    }

    /** The key of one chunk encode (both passes when two-pass); null when the source has no content hash. */
    public static ReuseKey chunk(FfmpegCommands commands, TaskSpec.EncodeChunk spec, boolean twoPass, String encoder) {
        if (spec.identity() == null) {
            return null;
        }
        List<String> args = new ArrayList<>();
        if (twoPass) {
            args.addAll(tail(commands.encodeChunk(SOURCE, spec, 1, null, new VideoEncoder.Pass(1, STATS))));
            args.addAll(tail(commands.encodeChunk(SOURCE, spec, 1, OUTPUT, new VideoEncoder.Pass(2, STATS))));
        } else {
            args.addAll(tail(commands.encodeChunk(SOURCE, spec, 1, OUTPUT)));
        }
        return ReuseKey.of("chunk", spec.identity().sha256(), encoder, args);
    }

    /**
     * The key of an audio encode: its loudness measurements (their results are a function of the
     * same inputs) and the encode with an unmeasured gain.
     */
    public static ReuseKey audio(FfmpegCommands commands, TaskSpec.EncodeAudio spec, int kbps, String encoder) {
        if (spec.identity() == null) {
            return null;
        }
        List<String> args = new ArrayList<>();
        int tracks = FfmpegCommands.audioTracks(spec.channelCount());
        if (spec.loudnessLufs() != null) {
            for (int track = 0; track < tracks; track++) {
                args.addAll(tail(commands.measureLoudness(SOURCE, spec.offsetSeconds(), spec.channelCount(), track,
                        spec.loudnessLufs())));
            }
        }
        args.addAll(tail(commands.encodeAudio(SOURCE, spec.offsetSeconds(), spec.codec(), kbps, spec.channelCount(),
                spec.loudnessLufs(), Collections.nCopies(tracks, null), output(spec.codec()))));
        return ReuseKey.of("audio", spec.identity().sha256(), encoder, args);
    }

    /**
     * The key of a probe: ffprobe's two reads (streams; key frames) and the interlace detection,
     * over a content hash, with {@code tools} naming the ffprobe and ffmpeg builds that read them.
     */
    public static ReuseKey probe(FfmpegCommands commands, String sourceSha256, int fieldSampleFrames, String tools) {
        List<String> args = new ArrayList<>(tail(commands.probe(SOURCE)));
        args.addAll(tail(commands.sourceKeyFrames(SOURCE)));
        args.addAll(tail(commands.detectFields(SOURCE, fieldSampleFrames)));
        return ReuseKey.of("probe", sourceSha256, tools, args);
    }

    private static Path output(AudioCodec codec) {
        return Path.of("/output." + codec.extension());
    }

    /** A command without its binary's path (which instance-specific install paths would change). */
    private static List<String> tail(List<String> command) {
        return command.subList(1, command.size());
    }
}
