package dev.encodeflow.media.encoder;

import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import java.util.ArrayList;
import java.util.List;

/**
 * VP9 with libvpx-vp9. Presets are libvpx's deadlines; each sets a speed ({@code -cpu-used}).
 * A crf alone means constant quality ({@code -b:v 0}).
 */
final class Vp9Encoder implements VideoEncoder {

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
    public List<String> encodeArguments(Rung rung, int threads) {
        String preset = presetOf(rung);
        String speed = switch (preset) {
            case "best" -> "0";
            case "realtime" -> "8";
            default -> "4";
        };
        List<String> args = new ArrayList<>(List.of("-c:v", "libvpx-vp9", "-deadline", preset, "-cpu-used", speed));
        if (rung.crf() != null) {
            args.addAll(List.of("-crf", String.valueOf(rung.crf()), "-b:v", "0"));
        } else {
            args.addAll(RateControl.bitrate(rung));
        }
        args.addAll(List.of("-row-mt", "1", "-pix_fmt", "yuv420p", "-threads", String.valueOf(threads)));
        return args;
    }
}
