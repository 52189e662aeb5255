package dev.encodeflow.media.encoder;

import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import java.util.ArrayList;
import java.util.List;

/** H.265 with libx265, tagged {@code hvc1} so Apple players accept it; closed GOPs for chunking. */
final class HevcEncoder implements VideoEncoder {

    @Override
    public Codec codec() {
        return Codec.HEVC;
    }

    @Override
    public String probeName() {
        return "hevc";
    }

    @Override
    public List<String> presets() {
        return AvcEncoder.PRESETS;
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
        List<String> args = new ArrayList<>(List.of("-c:v", "libx265", "-preset", presetOf(rung)));
        if (rung.crf() != null) {
            args.addAll(List.of("-crf", String.valueOf(rung.crf())));
        } else {
            args.addAll(RateControl.bitrate(rung));
        }
        args.addAll(List.of("-x265-params", "log-level=error:open-gop=0:pools=" + threads,
                "-pix_fmt", "yuv420p", "-tag:v", "hvc1"));
        return args;
    }
}
