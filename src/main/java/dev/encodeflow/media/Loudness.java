package dev.encodeflow.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Optional;

/**
 * Loudness normalisation to EBU R128 with ffmpeg's {@code loudnorm}, in its two-pass linear mode:
 * a first pass measures the track (integrated loudness, true peak, range), the second applies one
 * gain to the whole track, so its dynamics stay as mixed. A single-pass normalisation would ride
 * the gain through the programme (compressing it), which a mix engineer would not accept. Where a
 * linear gain cannot reach the target without passing the true-peak ceiling, loudnorm itself
 * falls back to its dynamic mode for that track (documented in docs/streaming.md).
 */
public final class Loudness {

    /** Maximum true peak, dBTP (EBU R128 allows -1; streaming services ask -1 or -2). */
    static final double TRUE_PEAK = -1.0;
    /**
     * Loudness range target, LU: the largest ffmpeg 5.1 accepts, so that a measured range wider
     * than the target does not push loudnorm out of linear mode.
     */
    static final double RANGE = 20.0;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Loudness() {
    }

    /** What the first pass measured of one track. */
    public record Measured(String integrated, String truePeak, String range, String threshold, String offset) {
    }

    /** The first pass: measures and prints its JSON summary on standard error. */
    static String measureFilter(double target) {
        return "loudnorm=" + targets(target) + ":print_format=json";
    }

    /**
     * The second pass: one gain from the measurement, then back to 48 kHz (loudnorm works, and
     * outputs, at 192 kHz). Silence (no measurable loudness) is left as it is.
     */
    static String applyFilter(double target, Measured measured) {
        if (measured == null) {
            return "aresample=48000";
        }
        return "loudnorm=" + targets(target) + ":measured_I=" + measured.integrated() + ":measured_TP="
                + measured.truePeak() + ":measured_LRA=" + measured.range() + ":measured_thresh="
                + measured.threshold() + ":offset=" + measured.offset() + ":linear=true,aresample=48000";
    }

    private static String targets(double target) {
        return String.format(Locale.ROOT, "I=%.1f:TP=%.1f:LRA=%.1f", target, TRUE_PEAK, RANGE);
    }

    /**
     * The measurement in the first pass's standard error: the last JSON object printed. Empty for
     * a silent track (loudness "-inf"), which no gain can bring to a target.
     */
    public static Optional<Measured> parse(String stderr) {
        int end = stderr.lastIndexOf('}');
        int start = end < 0 ? -1 : stderr.lastIndexOf('{', end);
        if (start < 0) {
            throw new IllegalStateException("no loudness measurement in ffmpeg's output");
        }
        JsonNode node;
        try {
            node = JSON.readTree(stderr.substring(start, end + 1));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable loudness measurement: " + e.getMessage());
        }
        Measured measured = new Measured(number(node, "input_i"), number(node, "input_tp"), number(node, "input_lra"),
                number(node, "input_thresh"), number(node, "target_offset"));
        if (measured.integrated() == null || measured.truePeak() == null || measured.threshold() == null) {
            return Optional.empty();
        }
        return Optional.of(new Measured(measured.integrated(), measured.truePeak(),
                measured.range() == null ? "0" : measured.range(), measured.threshold(),
                measured.offset() == null ? "0" : measured.offset()));
    }

    /** A finite number as ffmpeg printed it, re-formatted so nothing else reaches a filter string. */
    private static String number(JsonNode node, String field) {
        try {
            double value = Double.parseDouble(node.path(field).asText(""));
            return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
