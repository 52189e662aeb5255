package dev.encodeflow.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Bit rates of a produced file, from its video packets (ffprobe). */
public final class Bitrates {

    private Bitrates() {
    }

    /** Video bits over the video's duration, and the most bits in any one-second window, in kbps. */
    public static double[] averageAndPeakKbps(Path file) {
        String csv = TestMedia.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "packet=pts_time,size", "-of", "csv=p=0", file.toString()));
        List<double[]> packets = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String[] parts = line.strip().split(",");
            if (parts.length == 2) {
                packets.add(new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])});
            }
        }
        packets.sort((a, b) -> Double.compare(a[0], b[0]));
        double frame = packets.size() > 1 ? packets.get(1)[0] - packets.get(0)[0] : 0.04;
        double duration = packets.get(packets.size() - 1)[0] - packets.get(0)[0] + frame;
        double total = packets.stream().mapToDouble(p -> p[1]).sum();
        int perSecond = (int) Math.round(1 / frame);
        double peak = 0;
        double window = 0;
        for (int i = 0; i < packets.size(); i++) {
            window += packets.get(i)[1];
            if (i >= perSecond) {
                window -= packets.get(i - perSecond)[1];
            }
            if (i >= perSecond - 1) {
                peak = Math.max(peak, window);
            }
        }
        return new double[] {total * 8 / duration / 1000, peak * 8 / 1000};
    }
}
