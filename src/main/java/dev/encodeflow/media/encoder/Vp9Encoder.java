package dev.encodeflow.media.encoder;

import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * VP9 with libvpx-vp9. Presets are libvpx's deadlines; each sets a speed ({@code -cpu-used}).
 * A crf alone means constant quality ({@code -b:v 0}); with a cap it is constrained quality.
 * Profiles are VP9's numbers: 0 for 8-bit, 2 for 10-bit 4:2:0.
 */
final class Vp9Encoder implements VideoEncoder {

    private static final Map<String, String> PROBE_PROFILES = Map.of("0", "Profile 0", "2", "Profile 2");

    @Override
    public Codec codec() {
        return Codec.VP9;
    }

    @Override
    public String probeName() {
        return "vp9";
    }

    @Override
    public List<String> presets() {
        return List.of("good", "best", "realtime");
    }

    @Override
    public int minCrf() {
        return 0;
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
        return bitDepth == 10 ? List.of("2") : List.of("0");
    }

    @Override
    public String probeProfile(String profile) {
        return PROBE_PROFILES.get(profile);
    }

    /** libvpx has no two-pass mode at the realtime deadline. */
    @Override
    public boolean twoPass(Rung rung) {
        return rung.bitrateKbps() != null && !"realtime".equals(presetOf(rung));
    }

    @Override
    public List<String> encodeArguments(Rung rung, int threads, int keyFrameInterval, Pass pass) {
        String preset = presetOf(rung);
        String speed = switch (preset) {
            case "best" -> "0";
            case "realtime" -> "8";
            default -> "4";
        };
        List<String> args = new ArrayList<>(List.of("-c:v", "libvpx-vp9", "-deadline", preset, "-cpu-used", speed));
        String profile = rung.profile() != null ? rung.profile() : rung.effectiveBitDepth() == 10 ? "2" : "0";
        args.addAll(List.of("-profile:v", profile));
        if (rung.crf() != null && rung.maxrateKbps() == null) {
            args.addAll(List.of("-crf", String.valueOf(rung.crf()), "-b:v", "0"));
        } else if (rung.crf() != null) {
            args.addAll(List.of("-crf", String.valueOf(rung.crf()), "-b:v", rung.maxrateKbps() + "k"));
        } else {
            args.addAll(RateControl.standard(rung));
        }
        if (keyFrameInterval > 0) {
            // Equal minimum and maximum distance: libvpx places no key frame of its own.
            args.addAll(List.of("-g", String.valueOf(keyFrameInterval), "-keyint_min", String.valueOf(keyFrameInterval)));
        }
        if (pass != null) {
            args.addAll(pass.ffmpegArguments());
        }
        args.addAll(List.of("-row-mt", "1", "-pix_fmt", pixelFormat(rung), "-threads", String.valueOf(threads)));
        return args;
    }

    /** ffmpeg 5.1's VP9 decoder ignores skip_frame and decodes every frame. */
    @Override
    public boolean decoderSkipsToKeyFrames() {
        return false;
    }
}
