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

    /**
     * Arguments after the input and filters: encoder, rate control, preset, pixel format,
     * threads. The rung has been validated.
     */
    List<String> encodeArguments(Rung rung, int threads);

    default String defaultPreset() {
        return presets().get(0);
    }

    default String presetOf(Rung rung) {
        return rung.preset() == null ? defaultPreset() : rung.preset();
    }
}
