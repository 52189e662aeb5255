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

    /**
     * Segment length of the streaming output when a request gives none: every rendition has a
     * key frame every this many seconds (rounded to whole source frames), and chunks are whole
     * segments.
     */
    @WithDefault("2.0")
    double segmentSeconds();

    /** Manifests written for an asset when its request names none: hls, dash, or {@code none}. */
    @WithDefault("hls,dash")
    List<String> packagingFormats();

    /** Whether renditions' quality is measured when a request does not say. */
    @WithDefault("true")
    boolean measureQuality();

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

    /** Audio bit rate per two channels (stereo 128, 5.1 384, mono 64), AAC and Opus alike. */
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

    /** Limits of every ffmpeg and ffprobe child (prlimit): a hostile file ends in a killed child. */
    ChildLimits childLimits();

    interface ChildLimits {
        /** Address space of one child, in MB (threads' stacks and malloc arenas count). */
        @WithDefault("8192")
        long addressSpaceMb();

        /** Largest file one child may write, in MB. */
        @WithDefault("65536")
        long fileSizeMb();

        /** CPU time of one child, all threads together. */
        @WithDefault("PT8H")
        Duration cpu();
    }

    /**
     * Source containers accepted, as ffmpeg demuxer names. Only these demuxers may open a source:
     * playlists (hls, dash), concat lists, image sequences and the like never read a source, so a
     * source can never make ffmpeg read other files.
     */
    @WithDefault("mov,matroska,webm,mpegts,mxf,avi,mpeg,dv")
    List<String> sourceFormats();

    /** Ceilings on sources, checked by the probe: larger ones fail with the reason. */
    SourceLimits sourceLimits();

    interface SourceLimits {
        @WithDefault("8192")
        int maxWidth();

        @WithDefault("8192")
        int maxHeight();

        /** Width x height. */
        @WithDefault("35389440")
        long maxPixels();

        @WithDefault("PT12H")
        Duration maxDuration();

        /** Streams of any kind in the container. */
        @WithDefault("32")
        int maxStreams();
    }

    /**
     * Free space the output folder must keep: an encode or an assembly that would leave less
     * waits (its task is retried later) with the reason, instead of filling the disk.
     */
    @WithDefault("1024")
    long minFreeDiskMb();

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
