package dev.encodeflow.media.encoder;

import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import java.util.ArrayList;
import java.util.List;

/**
 * AV1 with SVT-AV1. Presets are SVT's numbers, 0 (slowest) to 13 (fastest). Main profile covers
 * 8- and 10-bit 4:2:0. Key frames at chunk starts and closed GOPs come from SVT's defaults
 * (key-frame intra refresh), pinned here so a library update cannot open them.
 */
final class Av1Encoder implements VideoEncoder {

    @Override
    public Codec codec() {
        return Codec.AV1;
    }

    @Override
    public String probeName() {
        return "av1";
    }

    @Override
    public List<String> presets() {
        return List.of("8", "0", "1", "2", "3", "4", "5", "6", "7", "9", "10", "11", "12", "13");
    }

    @Override
    public int minCrf() {
        return 1;
    }

    @Override
    public int maxCrf() {
        return 63;
    }

    @Override
    public List<Integer> bitDepths() {
        return List.of(8, 10);
    }

    @Override
    public List<String> profiles(int bitDepth) {
        return List.of("main");
    }

    @Override
    public String probeProfile(String profile) {
        return "main".equals(profile) ? "Main" : null;
    }

    /** ffmpeg 5.1's libsvtav1 has no multi-pass: bit-rate AV1 rungs stay one pass. */
    @Override
    public boolean twoPass(Rung rung) {
        return false;
    }

    @Override
    public List<String> encodeArguments(Rung rung, int threads, int keyFrameInterval, Pass pass) {
        List<String> args = new ArrayList<>(List.of("-c:v", "libsvtav1", "-preset", presetOf(rung)));
        args.addAll(RateControl.standard(rung));
        if (keyFrameInterval > 0) {
            // SVT-AV1 (ffmpeg 5.1) ignores forced key frames: the intra period is the grid, scene
            // detection stays off so it adds none.
            args.addAll(List.of("-g", String.valueOf(keyFrameInterval)));
        }
        args.addAll(List.of("-svtav1-params", "lp=" + threads + ":irefresh-type=2:scd=0", "-pix_fmt",
                pixelFormat(rung)));
        return args;
    }

    /** ffmpeg 5.1's AV1 decoder ignores skip_frame and decodes every frame. */
    @Override
    public boolean decoderSkipsToKeyFrames() {
        return false;
    }
}
