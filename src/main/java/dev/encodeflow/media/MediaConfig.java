package dev.encodeflow.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where media comes from and goes to, which tools handle it, and the defaults of a request. */
@ConfigMapping(prefix = "media")
public interface MediaConfig {

    /** Folders that sources may come from; a source resolving anywhere else is refused. */
    @WithDefault("media/in")
    List<String> inputRoots();

    /** Where renditions (and the work files of assets in progress) are written. */
    @WithDefault("media/out")
    String outputRoot();

    /** The ffmpeg binary; found on PATH when absent. */
    Optional<String> ffmpeg();

    /** The ffprobe binary; found on PATH when absent. */
    Optional<String> ffprobe();

    /** Chunk length used when a request gives none; 0 means one chunk. */
    @WithDefault("4.0")
    double defaultChunkSeconds();

    /** Priority used when a request gives none. */
    @WithDefault("50")
    int defaultPriority();

    /** The ladder used when a request gives none. */
    List<RungConfig> defaultLadder();

    /** Longest a single ffmpeg or ffprobe run may take before it is killed. */
    @WithDefault("PT2H")
    Duration processTimeout();

    /** An ffmpeg run that reports no progress for this long is considered hung: killed and retried. */
    @WithDefault("PT60S")
    Duration stallTimeout();

    /** AAC bit rate of the audio track every rendition carries. */
    @WithDefault("128")
    int audioBitrateKbps();

    /**
     * How deep validation decodes the assembled file. {@code keyframes}: every packet of every
     * stream is read (exact frame count, timestamps, durations, stream parameters) and every key
     * frame, so every chunk's start, is decoded. {@code full}: every frame is decoded, which costs
     * about a fifth of an AVC encode's time on top (B1, docs/benchmarks.md).
     */
    @WithDefault("keyframes")
    ValidationDecode validationDecode();

    enum ValidationDecode { KEYFRAMES, FULL }

    interface RungConfig {
        String name();

        String codec();

        int width();

        int height();

        Optional<Integer> crf();

        Optional<Integer> bitrateKbps();

        Optional<String> preset();
    }
}
