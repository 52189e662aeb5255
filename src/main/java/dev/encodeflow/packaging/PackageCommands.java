package dev.encodeflow.packaging;

import dev.encodeflow.media.FfmpegCommands;
import dev.encodeflow.model.Codec;
import dev.encodeflow.model.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ffmpeg command that packages published renditions for streaming: ffmpeg's own DASH muxer,
 * which cuts CMAF (fragmented MP4) segments at the renditions' key frames and writes the MPD, and
 * with {@code -hls_playlist} the HLS master and media playlists over the very same segments. No
 * re-encoding: the renditions' key frames already fall on the segment grid. Pure.
 */
public final class PackageCommands {

    public static final String MPD = "manifest.mpd";
    public static final String MASTER = "master.m3u8";

    private final String ffmpeg;

    public PackageCommands(String ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /**
     * Packages {@code files} (one per rendition, in ladder order) into {@code directory}. Video of
     * every rendition; the audio tracks of one rendition, all renditions sharing the same audio
     * (the first MP4 rendition's AAC where there is one, else Opus). Renditions of one codec form
     * one adaptation set (players switch seamlessly only within a codec).
     */
    public List<String> command(List<TaskSpec.PackageInput> renditions, List<Path> files, List<String> formats,
            double segmentSeconds, Path directory) {
        List<String> args = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-v", "error", "-nostats",
                "-progress", "pipe:1", "-y"));
        for (Path file : files) {
            args.addAll(List.of("-protocol_whitelist", "file", "-format_whitelist", FfmpegCommands.OWN_FORMATS, "-i", "file:"
                    + file.toAbsolutePath()));
        }
        Map<Codec, List<Integer>> byCodec = new LinkedHashMap<>();
        for (int i = 0; i < renditions.size(); i++) {
            args.addAll(List.of("-map", i + ":v:0"));
            byCodec.computeIfAbsent(renditions.get(i).codec(), c -> new ArrayList<>()).add(i);
        }
        args.addAll(List.of("-map", audioSource(renditions) + ":a?", "-c", "copy"));
        StringBuilder sets = new StringBuilder();
        int set = 0;
        for (List<Integer> streams : byCodec.values()) {
            sets.append("id=").append(set++).append(",streams=")
                    .append(String.join(",", streams.stream().map(String::valueOf).toList())).append(' ');
        }
        sets.append("id=").append(set).append(",streams=a");
        args.addAll(List.of("-f", "dash", "-seg_duration", String.format(Locale.ROOT, "%.6f", segmentSeconds),
                "-use_template", "1", "-use_timeline", "1", "-dash_segment_type", "mp4", "-single_file", "0",
                "-adaptation_sets", sets.toString(),
                "-init_seg_name", "init-$RepresentationID$.m4s",
                "-media_seg_name", "seg-$RepresentationID$-$Number%05d$.m4s"));
        if (formats.contains("hls")) {
            args.addAll(List.of("-hls_playlist", "1", "-hls_master_name", MASTER));
        }
        args.add("file:" + directory.resolve(MPD).toAbsolutePath());
        return args;
    }

    /** The input whose audio every rendition shares: the first MP4 one (AAC), else the first. */
    static int audioSource(List<TaskSpec.PackageInput> renditions) {
        for (int i = 0; i < renditions.size(); i++) {
            if ("mp4".equals(renditions.get(i).codec().container())) {
                return i;
            }
        }
        return 0;
    }
}
