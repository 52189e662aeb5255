package dev.encodeflow.planning;

import dev.encodeflow.model.Probe;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The source's key frames from {@link dev.encodeflow.media.FfmpegCommands#sourceKeyFrames}
 * (the video packets' timestamps and flags in decode order, and the stream's time base): each as
 * a frame index at the probe's constant rate and as its exact time from the first frame shown
 * (the earliest timestamp), floored to the microsecond so that a seek to it lands on that frame
 * and keeps it. More than {@link #MOST} key frames (an intra-only mezzanine, where every frame is
 * one) are not kept: any cut is then as good.
 */
public final class SourceKeyFrames {

    /** Key frames kept at most: two hours at one every two seconds, a few tens of KB in the probe. */
    public static final int MOST = 4096;

    /** Key frame indices, ascending, and each one's time in seconds from the first frame. */
    public record Found(List<Long> frames, List<Double> seconds) {
    }

    private SourceKeyFrames() {
    }

    /** The key frames; null when there are none to read, or too many to keep. */
    public static Found parse(String lines, Probe probe) {
        long timeBaseNum = 0;
        long timeBaseDen = 0;
        List<Long> keys = new ArrayList<>();
        long first = Long.MAX_VALUE;
        for (String line : lines.split("\n")) {
            String[] fields = line.strip().split(",");
            if (fields.length == 2 && fields[0].equals("stream") && fields[1].contains("/")) {
                String[] base = fields[1].split("/");
                timeBaseNum = parse(base[0]);
                timeBaseDen = parse(base[1]);
            } else if (fields.length == 3 && fields[0].equals("packet")) {
                long pts = parse(fields[1]);
                if (pts == Long.MIN_VALUE) {
                    continue; // "N/A": a packet without a time says nothing about where frames are
                }
                first = Math.min(first, pts);
                if (fields[2].startsWith("K")) {
                    keys.add(pts);
                }
            }
        }
        if (keys.isEmpty() || keys.size() > MOST || timeBaseNum <= 0 || timeBaseDen <= 0) {
            return null;
        }
        TreeMap<Long, Double> byFrame = new TreeMap<>();
        for (long pts : keys) {
            long micros;
            try {
                micros = Math.floorDiv(Math.multiplyExact(Math.subtractExact(pts, first),
                        Math.multiplyExact(timeBaseNum, 1_000_000L)), timeBaseDen);
            } catch (ArithmeticException e) {
                return null; // timestamps no real file has: its key frames are not worth planning with
            }
            double seconds = micros / 1e6;
            long frame = Math.round(seconds * probe.fpsNum() / probe.fpsDen());
            if (frame >= 0 && frame < probe.frames()) {
                byFrame.putIfAbsent(frame, seconds);
            }
        }
        return new Found(List.copyOf(byFrame.keySet()), List.copyOf(byFrame.values()));
    }

    private static long parse(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
