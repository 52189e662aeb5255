package dev.encodeflow.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets each variant's {@code BANDWIDTH} in an HLS master playlist to what the HLS specification
 * asks for, the peak segment bit rate (its video and the default audio), and adds
 * {@code AVERAGE-BANDWIDTH}. ffmpeg's DASH muxer writes the average there, which makes a player
 * pick a variant its link cannot carry through the rendition's hardest segments. Measured from
 * the segment files the media playlists list.
 */
final class HlsBandwidth {

    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+)");
    private static final Pattern AUDIO = Pattern.compile("#EXT-X-MEDIA:TYPE=AUDIO[^\\n]*DEFAULT=YES[^\\n]*URI=\"([^\"]+)\"");

    private HlsBandwidth() {
    }

    /** Rewrites {@code master} in place. */
    static void rewrite(Path master) throws IOException {
        Path folder = master.getParent();
        String text = Files.readString(master, StandardCharsets.UTF_8);
        Matcher audio = AUDIO.matcher(text);
        double[] audioRates = audio.find() ? rates(folder.resolve(audio.group(1))) : new double[] {0, 0};
        List<String> lines = new ArrayList<>(text.lines().toList());
        for (int i = 0; i + 1 < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("#EXT-X-STREAM-INF:")) {
                continue;
            }
            double[] video = rates(folder.resolve(lines.get(i + 1).strip()));
            long peak = Math.round(video[0] + audioRates[0]);
            long average = Math.round(video[1] + audioRates[1]);
            String attributes = line.substring("#EXT-X-STREAM-INF:".length())
                    .replaceAll("(^|,)AVERAGE-BANDWIDTH=\\d+", "")
                    .replaceAll("(^|,)BANDWIDTH=\\d+", "");
            attributes = attributes.startsWith(",") ? attributes.substring(1) : attributes;
            lines.set(i, String.format(Locale.ROOT, "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d%s", peak,
                    average, attributes.isEmpty() ? "" : "," + attributes));
        }
        Files.writeString(master, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /** Peak and average bits per second over a media playlist's segments. */
    static double[] rates(Path playlist) throws IOException {
        Path folder = playlist.getParent();
        double peak = 0;
        double bits = 0;
        double seconds = 0;
        double duration = -1;
        for (String line : Files.readAllLines(playlist, StandardCharsets.UTF_8)) {
            Matcher inf = EXTINF.matcher(line);
            if (inf.find()) {
                duration = Double.parseDouble(inf.group(1));
            } else if (duration > 0 && !line.isBlank() && !line.startsWith("#")) {
                Path segment = folder.resolve(line.strip()).normalize();
                if (!segment.startsWith(folder)) {
                    throw new IOException("segment outside the package: " + line);
                }
                double segmentBits = Files.size(segment) * 8.0;
                peak = Math.max(peak, segmentBits / duration);
                bits += segmentBits;
                seconds += duration;
                duration = -1;
            }
        }
        return new double[] {peak, seconds > 0 ? bits / seconds : 0};
    }
}
