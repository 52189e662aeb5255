package dev.encodeflow.media.encoder;

import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** H.264 with libx264. Closed GOPs are x264's default, so every chunk decodes on its own. */
final class AvcEncoder implements VideoEncoder {

    static final List<String> PRESETS = List.of("medium", "ultrafast", "superfast", "veryfast", "faster", "fast",
            "slow", "slower", "veryslow");
    private static final Map<String, String> PROBE_PROFILES = Map.of("baseline", "Constrained Baseline",
            "main", "Main", "high", "High", "high10", "High 10");

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
    public List<Integer> bitDepths() {
        return List.of(8, 10);
    }

    @Override
    public List<String> profiles(int bitDepth) {
        return bitDepth == 10 ? List.of("high10") : List.of("baseline", "main", "high");
    }

    @Override
    public String probeProfile(String profile) {
        return PROBE_PROFILES.get(profile);
    }

    @Override
    public List<String> encodeArguments(Rung rung, int threads, int keyFrameInterval, Pass pass) {
        List<String> args = new ArrayList<>(List.of("-c:v", "libx264", "-preset", presetOf(rung)));
        if (rung.profile() != null) {
            args.addAll(List.of("-profile:v", rung.profile()));
        }
        args.addAll(RateControl.standard(rung));
        if (keyFrameInterval > 0) {
            args.addAll(List.of("-x264-params", "keyint=" + keyFrameInterval + ":min-keyint=" + keyFrameInterval
                    + ":scenecut=0"));
        }
        if (pass != null) {
            args.addAll(pass.ffmpegArguments());
        }
        args.addAll(List.of("-pix_fmt", pixelFormat(rung), "-threads", String.valueOf(threads)));
        return args;
    }
}
