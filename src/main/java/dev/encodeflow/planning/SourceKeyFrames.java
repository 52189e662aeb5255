package dev.encodeflow.planning;

import dev.encodeflow.model.Probe;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The source's key frames, as frame indices at the probe's constant rate, from
 * {@link dev.encodeflow.media.FfmpegCommands#sourceKeyFrames} (packets in decode order: times are
 * taken relative to the earliest, the first frame shown). More than {@link #MOST} key frames (an
 * intra-only mezzanine, where every frame is one) are not kept: any cut is then as good.
 */
public final class SourceKeyFrames {

    /** Key frames kept at most: two hours at one every two seconds, a few tens of KB in the probe. */
    public static final int MOST = 4096;

    private SourceKeyFrames() {
    }

    /** Key frame indices, ascending; null when there are none to read or too many to keep. */
    public static List<Long> parse(String lines, Probe probe) {
        List<Double> keys = new ArrayList<>();
        double first = Double.POSITIVE_INFINITY;
        for (String line : lines.split("\n")) {
            int comma = line.indexOf(',');
            if (comma <= 0) {
                continue;
            }
            double time;
            try {
                time = Double.parseDouble(line.substring(0, comma).strip());
            } catch (NumberFormatException e) {
                continue; // "N/A": a packet without a time says nothing about where frames are
            }
            first = Math.min(first, time);
            if (line.substring(comma + 1).strip().startsWith("K")) {
                keys.add(time);
            }
        }
        if (keys.isEmpty() || keys.size() > MOST) {
            return null;
        }
        TreeSet<Long> frames = new TreeSet<>();
        for (double time : keys) {
            long frame = Math.round((time - first) * probe.fpsNum() / probe.fpsDen());
            if (frame >= 0 && frame < probe.frames()) {
                frames.add(frame);
            }
        }
        return List.copyOf(frames);
    }
}
