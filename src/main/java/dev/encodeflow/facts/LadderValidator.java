package dev.encodeflow.facts;

import dev.encodeflow.api.FieldError;
import dev.encodeflow.media.encoder.Encoders;
import dev.encodeflow.media.encoder.RateControl;
import dev.encodeflow.media.encoder.VideoEncoder;
import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of a ladder that depend on the codec: allowed codec, even picture size, exactly one
 * rate control within the codec's range, a preset from the codec's own list. Whatever passes
 * here maps one to one onto encoder arguments; nothing a user writes reaches ffmpeg unchecked.
 */
public final class LadderValidator {

    private LadderValidator() {
    }

    public static List<FieldError> check(List<AssetRequest.RungRequest> ladder) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ladder.size(); i++) {
            AssetRequest.RungRequest rung = ladder.get(i);
            if (rung == null) {
                continue;
            }
            String at = "ladder[" + i + "].";
            if (rung.name() != null && !names.add(rung.name())) {
                errors.add(new FieldError(at + "name", "duplicate rendition name '" + rung.name() + "'"));
            }
            if (rung.width() != null && rung.width() % 2 != 0) {
                errors.add(new FieldError(at + "width", "must be even"));
            }
            if (rung.height() != null && rung.height() % 2 != 0) {
                errors.add(new FieldError(at + "height", "must be even"));
            }
            if (rung.codec() == null) {
                continue;
            }
            Codec codec = Codec.fromId(rung.codec());
            if (codec == null) {
                errors.add(new FieldError(at + "codec", "must be one of " + Codec.allowed()));
                continue;
            }
            VideoEncoder encoder = Encoders.of(codec);
            if (rung.width() != null && rung.width() < codec.minSide()) {
                errors.add(new FieldError(at + "width", "must be at least " + codec.minSide() + " for " + codec.id()));
            }
            if (rung.height() != null && rung.height() < codec.minSide()) {
                errors.add(new FieldError(at + "height", "must be at least " + codec.minSide() + " for " + codec.id()));
            }
            checkRateControl(rung, encoder, at, errors);
            if (rung.preset() != null && !encoder.presets().contains(rung.preset())) {
                errors.add(new FieldError(at + "preset", "must be one of " + String.join(", ", encoder.presets())
                        + " for " + codec.id()));
            }
            checkDepthAndProfile(rung, encoder, at, errors);
        }
        return errors;
    }

    private static void checkDepthAndProfile(AssetRequest.RungRequest rung, VideoEncoder encoder, String at,
            List<FieldError> errors) {
        int depth = rung.bitDepth() == null ? 8 : rung.bitDepth();
        if (!encoder.bitDepths().contains(depth)) {
            errors.add(new FieldError(at + "bitDepth", "must be one of " + encoder.bitDepths() + " for "
                    + encoder.codec().id()));
            return;
        }
        if (rung.profile() == null) {
            return;
        }
        List<String> profiles = encoder.profiles(depth);
        if (!profiles.contains(rung.profile())) {
            errors.add(new FieldError(at + "profile", "must be one of " + String.join(", ", profiles) + " for "
                    + encoder.codec().id() + " at " + depth + "-bit"));
        } else if (encoder.codec() == Codec.AVC && Integer.valueOf(0).equals(rung.crf())) {
            errors.add(new FieldError(at + "profile", "lossless avc (crf 0) needs x264's own High 4:4:4 Predictive"
                    + " profile: leave profile out"));
        } else if (encoder.codec() == Codec.AVC && "ultrafast".equals(rung.preset())
                && List.of("main", "high").contains(rung.profile())) {
            // ultrafast turns CABAC, B-frames and 8x8 transforms off: x264 writes Constrained
            // Baseline whatever the profile asked for, so the rendition could never validate.
            errors.add(new FieldError(at + "profile", "x264's ultrafast preset produces Constrained Baseline, never "
                    + rung.profile() + ": use superfast or slower, or profile baseline"));
        }
    }

    private static void checkRateControl(AssetRequest.RungRequest rung, VideoEncoder encoder, String at,
            List<FieldError> errors) {
        if (rung.crf() == null && rung.bitrateKbps() == null) {
            errors.add(new FieldError(at + "crf", "set crf or bitrateKbps"));
        } else if (rung.crf() != null && rung.bitrateKbps() != null) {
            errors.add(new FieldError(at + "bitrateKbps", "set crf or bitrateKbps, not both"));
        } else if (rung.crf() != null && (rung.crf() < encoder.minCrf() || rung.crf() > encoder.maxCrf())) {
            errors.add(new FieldError(at + "crf", "must be between " + encoder.minCrf() + " and " + encoder.maxCrf()
                    + " for " + encoder.codec().id()));
        } else if (rung.bitrateKbps() != null && outOfRange(rung.bitrateKbps())) {
            errors.add(new FieldError(at + "bitrateKbps", "must be between " + RateControl.MIN_KBPS + " and "
                    + RateControl.MAX_KBPS));
        }
        if (rung.maxrateKbps() != null) {
            if (outOfRange(rung.maxrateKbps())) {
                errors.add(new FieldError(at + "maxrateKbps", "must be between " + RateControl.MIN_KBPS + " and "
                        + RateControl.MAX_KBPS));
            } else if (rung.bitrateKbps() != null && rung.maxrateKbps() < rung.bitrateKbps()) {
                errors.add(new FieldError(at + "maxrateKbps", "must be at least bitrateKbps"));
            }
        }
        if (rung.bufferKbits() != null) {
            if (rung.maxrateKbps() == null && rung.bitrateKbps() == null) {
                errors.add(new FieldError(at + "bufferKbits", "needs maxrateKbps or bitrateKbps to cap"));
            } else if (rung.bufferKbits() < RateControl.MIN_KBPS || rung.bufferKbits() > 2 * RateControl.MAX_KBPS) {
                errors.add(new FieldError(at + "bufferKbits", "must be between " + RateControl.MIN_KBPS + " and "
                        + 2 * RateControl.MAX_KBPS));
            }
        }
    }

    private static boolean outOfRange(int kbps) {
        return kbps < RateControl.MIN_KBPS || kbps > RateControl.MAX_KBPS;
    }

    /**
     * What is wrong with a rung a rule made (rules may build rungs of their own, which no request
     * validation saw): the request's field checks and the codec's, as one message, or null.
     */
    public static String problemsOf(Rung rung) {
        List<String> problems = new ArrayList<>();
        if (rung.name() == null || !rung.name().matches("(?!\\.{1,2}$)[A-Za-z0-9._-]{1,64}")) {
            problems.add("name must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        if (rung.codec() == null) {
            problems.add("codec is required");
        }
        if (rung.width() < 16 || rung.width() > 8192 || rung.height() < 16 || rung.height() > 8192) {
            problems.add("width and height must be 16 to 8192");
        }
        if (rung.fps() != null && (rung.fps() < 1 || rung.fps() > 240)) {
            problems.add("fps must be 1 to 240");
        }
        if (rung.codec() != null) {
            for (FieldError error : check(List.of(new AssetRequest.RungRequest(rung.name(), rung.codec().id(),
                    rung.width(), rung.height(), rung.crf(), rung.bitrateKbps(), rung.maxrateKbps(), rung.bufferKbits(),
                    rung.preset(), rung.profile(), rung.bitDepth(), rung.fps())))) {
                problems.add(error.field().replace("ladder[0].", "") + " " + error.message());
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** The rung a valid request describes. */
    public static Rung toRung(AssetRequest.RungRequest rung) {
        return new Rung(rung.name(), Codec.fromId(rung.codec()), rung.width(), rung.height(), rung.crf(),
                rung.bitrateKbps(), rung.maxrateKbps(), rung.bufferKbits(), rung.preset(), rung.profile(),
                rung.bitDepth(), rung.fps());
    }
}
