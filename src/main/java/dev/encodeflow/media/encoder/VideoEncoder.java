package dev.encodeflow.media.encoder;

import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import java.util.List;

/**
 * One encoder "function" per codec: what a recipe may say for it, and the ffmpeg arguments that
 * say it. Users never pass ffmpeg flags; everything a rung can ask for goes through here, checked
 * against the lists below. Adding a codec means adding one implementation to {@link Encoders}.
 */
public interface VideoEncoder {

    Codec codec();

    /** The codec name ffprobe reports for this encoder's output (for validation). */
    String probeName();

    /** Presets this encoder accepts, by its own names; the first is the default. */
    List<String> presets();

    int minCrf();

    int maxCrf();

    /** Bit depths this encoder can produce. */
    List<Integer> bitDepths();

    /** Profiles allowed at a bit depth, by this codec's names (empty: the codec has no choice). */
    List<String> profiles(int bitDepth);

    /** What ffprobe calls a profile of {@link #profiles}. */
    String probeProfile(String profile);

    /**
     * Arguments after the input and filters: encoder, rate control, preset, profile, pixel
     * format, threads, and the key frame structure: with {@code keyFrameInterval} > 0 a key frame
     * (IDR, closed GOP) every that many frames from the first and none elsewhere (scene-cut
     * detection off, so every rendition has the same ones); 0 leaves the encoder's default. The
     * rung has been validated.
     */
    default List<String> encodeArguments(Rung rung, int threads, int keyFrameInterval) {
        return encodeArguments(rung, threads, keyFrameInterval, null);
    }

    /**
     * The same, for one pass of a two-pass encode ({@code pass} null: one pass). Only called with
     * a pass when {@link #twoPass} is true.
     */
    List<String> encodeArguments(Rung rung, int threads, int keyFrameInterval, Pass pass);

    /**
     * Whether a chunk of this rung is encoded in two passes: an average bit rate is then spread
     * over the chunk by the first pass's measure of each frame's complexity, instead of a rate
     * control that starts blind at every chunk start (the quality dip after chunk boundaries,
     * and averages off target). Quality-based rungs (crf) need no first pass.
     */
    default boolean twoPass(Rung rung) {
        return rung.bitrateKbps() != null;
    }

    /**
     * Whether ffmpeg's decoder of this codec honours {@code -skip_frame nokey}, so that checking an
     * output decodes only its key frames. ffmpeg 5.1's VP9 and AV1 decoders do not: they decode
     * every frame (measured: 500 of 500 frames read), so validation reaches their key frames another
     * way (tasks.ValidateTask).
     */
    default boolean decoderSkipsToKeyFrames() {
        return true;
    }

    /** One pass of a two-pass encode: its number (1 or 2) and the first pass's statistics file. */
    record Pass(int number, java.nio.file.Path stats) {

        public List<String> ffmpegArguments() {
            return List.of("-pass", String.valueOf(number), "-passlogfile", stats.toAbsolutePath().toString());
        }
    }

    default String defaultPreset() {
        return presets().get(0);
    }

    default String presetOf(Rung rung) {
        return rung.preset() == null ? defaultPreset() : rung.preset();
    }

    /** The pixel format of the output: 4:2:0 at the rung's bit depth. */
    default String pixelFormat(Rung rung) {
        return rung.effectiveBitDepth() == 10 ? "yuv420p10le" : "yuv420p";
    }
}
