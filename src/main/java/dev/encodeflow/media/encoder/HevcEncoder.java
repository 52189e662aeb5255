package dev.encodeflow.media.encoder;

import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** H.265 with libx265, tagged {@code hvc1} so Apple players accept it; closed GOPs for chunking. */
final class HevcEncoder implements VideoEncoder {

    private static final Map<String, String> PROBE_PROFILES = Map.of("main", "Main", "main10", "Main 10");

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
    public List<Integer> bitDepths() {
        return List.of(8, 10);
    }

    @Override
    public List<String> profiles(int bitDepth) {
        return bitDepth == 10 ? List.of("main10") : List.of("main");
    }

    @Override
    public String probeProfile(String profile) {
        return PROBE_PROFILES.get(profile);
    }

    @Override
    public List<String> encodeArguments(Rung rung, int threads, int keyFrameInterval, Pass pass) {
        List<String> args = new ArrayList<>(List.of("-c:v", "libx265", "-preset", presetOf(rung)));
        if (rung.profile() != null) {
            args.addAll(List.of("-profile:v", rung.profile()));
        }
        args.addAll(RateControl.standard(rung));
        String gop = keyFrameInterval > 0
                ? ":keyint=" + keyFrameInterval + ":min-keyint=" + keyFrameInterval + ":scenecut=0" : "";
        // libx265 takes its passes through its own parameters, not ffmpeg's -pass.
        if (pass != null) {
            gop += ":pass=" + pass.number() + ":stats=" + pass.stats().toAbsolutePath();
        }
        args.addAll(List.of("-x265-params", "log-level=error:open-gop=0:pools=" + threads + ":frame-threads="
                + Math.min(threads, 4) + gop, "-pix_fmt", pixelFormat(rung), "-tag:v", "hvc1"));
        return args;
    }
}
