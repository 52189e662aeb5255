package dev.encodeflow.media.encoder;

import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import java.util.ArrayList;
import java.util.List;

/** H.264 with libx264. Closed GOPs are x264's default, so every chunk decodes on its own. */
final class AvcEncoder implements VideoEncoder {

    static final List<String> PRESETS = List.of("medium", "ultrafast", "superfast", "veryfast", "faster", "fast",
            "slow", "slower", "veryslow");

    @Override
    public Codec codec() {
        return Codec.AVC;
    }

    @Override
    public String probeName() {
        return "h264";
    }

    @Override
    public List<String> presets() {
        return PRESETS;
    }

    @Override
    public int minCrf() {
        return 0;
    }

    @Override
    public int maxCrf() {
        return 51;
    }

    @Override
    public List<String> encodeArguments(Rung rung, int threads) {
        List<String> args = new ArrayList<>(List.of("-c:v", "libx264", "-preset", presetOf(rung)));
        if (rung.crf() != null) {
            args.addAll(List.of("-crf", String.valueOf(rung.crf())));
        } else {
            args.addAll(RateControl.bitrate(rung));
        }
        args.addAll(List.of("-pix_fmt", "yuv420p", "-threads", String.valueOf(threads)));
        return args;
    }
}
