package dev.encodeflow.media;

import dev.encodeflow.media.encoder.Encoders;
import dev.encodeflow.model.AudioCodec;
import dev.encodeflow.model.Chunk;
import dev.encodeflow.model.Rung;
import dev.encodeflow.model.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds ffmpeg and ffprobe argument lists. Pure: paths in, arguments out, nothing run. Every
 * file is passed with the {@code file:} protocol, so a name can never be read as another
 * protocol or an option, and nothing here ever goes through a shell. Every input is opened with
 * {@code -protocol_whitelist file} (no network, no pipes, no nested protocols such as concat: or
 * subfile:), and a source only by the demuxers of {@code media.source-formats}: a playlist, a
 * concat list or an image sequence is refused by ffmpeg itself before it reads anything else.
 * Every ffmpeg run reports its progress on standard output, which is how a hung one is told from
 * a slow one.
 */
public final class FfmpegCommands {

    /** The demuxers of the service's own files (chunks, audio, renditions); nothing else opens them. */
    public static final String OWN_FORMATS = "mov,matroska,webm,ogg";
    public static final List<String> DEFAULT_SOURCE_FORMATS = List.of("mov", "matroska", "webm", "mpegts", "mxf",
            "avi", "mpeg", "dv");

    private final String ffmpeg;
    private final String ffprobe;
    private final String sourceFormats;

    public FfmpegCommands(String ffmpeg, String ffprobe) {
        this(ffmpeg, ffprobe, DEFAULT_SOURCE_FORMATS);
    }

    public FfmpegCommands(String ffmpeg, String ffprobe, List<String> sourceFormats) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
        this.sourceFormats = String.join(",", sourceFormats);
    }

    /** Streams and format as JSON, with the exact packet count of each stream (no decoding). */
    public List<String> probe(Path source) {
        return List.of(ffprobe, "-v", "error", "-protocol_whitelist", "file", "-format_whitelist", sourceFormats,
                "-count_packets", "-show_streams", "-show_format", "-of", "json", file(source));
    }

    /**
     * Runs ffmpeg's interlace detector (idet) over the first {@code frames} frames of the source's
     * video; its summary is on standard error ({@link ProbeParser#settledFieldOrder}).
     */
    public List<String> detectFields(Path source, int frames) {
        return List.of(ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-v", "info", "-protocol_whitelist", "file",
                "-format_whitelist", sourceFormats, "-i", file(source), "-map", "0:v:0", "-frames:v",
                String.valueOf(frames), "-vf", "idet", "-an", "-sn", "-dn", "-f", "null", "-");
    }

    /**
     * Encodes frames {@code [chunk.startFrame, chunk.endFrame)} of the source's first video stream.
     * The input seek lands half a frame before the first wanted frame (accurate seek decodes from
     * the keyframe before and drops what precedes), {@code -frames:v} stops after the last, and
     * timestamps restart at zero so the chunks join end to end. Passthrough frame timing keeps
     * ffmpeg from dropping or duplicating frames; the output rate makes the last frame last as long
     * as the others (a chunk of a divided rate would otherwise end one source frame early). A key
     * frame starts every {@code keyFrameInterval} output frames (the segment grid; the chunk starts
     * on it). ffmpeg turns a rotated source upright before the filters (autorotate).
     */
    public List<String> encodeChunk(Path source, TaskSpec.EncodeChunk spec, int threads, Path output) {
        return encodeChunk(source, spec, threads, output, null);
    }

    /**
     * One pass of a two-pass chunk encode ({@link dev.encodeflow.media.encoder.VideoEncoder#twoPass}):
     * the first writes only its statistics (no output file), the second the chunk.
     */
    public List<String> encodeChunk(Path source, TaskSpec.EncodeChunk spec, int threads, Path output,
            dev.encodeflow.media.encoder.VideoEncoder.Pass pass) {
        Chunk chunk = spec.chunk();
        Rung rung = spec.rung();
        int frameStep = spec.frameStep();
        List<String> args = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-v", "error", "-nostats", "-progress", "pipe:1", "-y"));
        TaskSpec.Picture picture = spec.picture();
        if (picture != null && picture.variableRate()) {
            // Frames are grid frames: seek to the key frame before the chunk's first grid time and
            // let the fps filter pick, for every grid time, the frame shown then (even one shown
            // long before, in a pause), on the source's own timestamps.
            if (chunk.startFrame() > 0) {
                args.addAll(List.of("-noaccurate_seek", "-ss", seconds(Math.max(0, gridSeconds(picture,
                        chunk.startFrame()) - picture.constantRateFrom() - 1))));
            }
            args.add("-copyts");
        } else if (chunk.startFrame() > 0) {
            args.addAll(List.of("-ss", seconds(chunk.seekSeconds())));
        }
        // Decoding threads too are bounded by the task's slots, so a pool never runs more threads than it has.
        args.addAll(List.of("-threads", String.valueOf(threads), "-protocol_whitelist", "file", "-format_whitelist",
                sourceFormats, "-i", file(source), "-map", "0:v:0", "-frames:v",
                String.valueOf(chunk.outputFrames(frameStep)), "-vf", videoFilter(chunk, rung, frameStep, spec.picture()),
                "-fps_mode", "passthrough"));
        if (spec.picture() != null) {
            args.addAll(List.of("-r", spec.picture().fpsNum() + "/" + ((long) spec.picture().fpsDen() * frameStep)));
        }
        args.addAll(List.of("-an", "-sn", "-dn", "-map_metadata", "-1"));
        args.addAll(Encoders.of(rung.codec()).encodeArguments(rung, threads, spec.keyFrames(), pass));
        if (pass != null && pass.number() == 1) {
            args.addAll(List.of("-f", "null", "-"));
        } else {
            args.addAll(List.of("-f", "mp4", file(output)));
        }
        return args;
    }

    /**
     * Deinterlacing first (bwdif, one frame per frame, so frame numbers keep their meaning), then
     * timestamps from zero, one frame in {@code frameStep} kept (those whose index in the source
     * divides by it, so chunks agree on which), then the rendition's size with square pixels.
     */
    static String videoFilter(Chunk chunk, Rung rung, int frameStep, TaskSpec.Picture picture) {
        String scale = "scale=" + rung.width() + ":" + rung.height() + ":flags=lanczos,setsar=1";
        String deinterlace = picture != null && picture.deinterlace() != null
                ? "bwdif=mode=send_frame:parity=" + picture.deinterlace() + ":deint=all," : "";
        if (picture != null && picture.variableRate()) {
            deinterlace += constantRate(picture, gridSeconds(picture, chunk.startFrame())) + ",";
        }
        if (frameStep <= 1) {
            return deinterlace + "setpts=PTS-STARTPTS," + scale;
        }
        // Kept frames are renumbered: the n-th lasts frameStep source frames.
        return deinterlace + "select='not(mod(n+" + chunk.startFrame() + "," + frameStep + "))',setpts=N*" + frameStep
                + "/FRAME_RATE/TB," + scale;
    }

    /** The fps filter that puts a variable-rate source on its grid from {@code fromSeconds}. */
    public static String constantRate(TaskSpec.Picture picture, double fromSeconds) {
        return "fps=fps=" + picture.fpsNum() + "/" + picture.fpsDen() + ":start_time=" + seconds(fromSeconds)
                + ":round=near";
    }

    /** The source timestamp of grid frame {@code frame} of a variable-rate source. */
    static double gridSeconds(TaskSpec.Picture picture, long frame) {
        return picture.constantRateFrom() + (double) frame * picture.fpsDen() / picture.fpsNum();
    }

    /**
     * Encodes the source's first audio stream (AAC or Opus), shifted so that time zero is the first
     * video frame: audio that starts late is padded with silence, audio that starts early is cut.
     * Mono and stereo stay as they are; a source with more channels gives two tracks, a stereo
     * downmix first (the default, which every device plays) and the multichannel original second.
     * Each track gets {@code kbpsPerPair} for every two channels (128 kbps stereo, 384 kbps 5.1).
     */
    public List<String> encodeAudio(Path source, double offsetSeconds, AudioCodec codec, int kbpsPerPair, int channels,
            Path output) {
        return encodeAudio(source, offsetSeconds, codec, kbpsPerPair, channels, null, List.of(), output);
    }

    /**
     * As above, each track normalised to {@code loudnessLufs} (null: as the source has it) with
     * the gain {@code measured} by {@link #measureLoudness} for it (one entry per track, null for a
     * silent one).
     */
    public List<String> encodeAudio(Path source, double offsetSeconds, AudioCodec codec, int kbpsPerPair, int channels,
            Double loudnessLufs, List<Loudness.Measured> measured, Path output) {
        List<String> args = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-v", "error", "-nostats",
                "-progress", "pipe:1", "-y", "-protocol_whitelist", "file", "-format_whitelist", sourceFormats, "-i",
                file(source)));
        String encoder = codec == AudioCodec.OPUS ? "libopus" : "aac";
        int tracks = audioTracks(channels);
        for (int track = 0; track < tracks; track++) {
            String filter = audioTrackFilter(offsetSeconds, channels, track, loudnessLufs == null ? null
                    : Loudness.applyFilter(loudnessLufs, track < measured.size() ? measured.get(track) : null));
            args.addAll(List.of("-map", "0:a:0", "-filter:a:" + track, filter));
        }
        args.addAll(List.of("-c:a", encoder));
        if (tracks == 1) {
            args.addAll(List.of("-b:a", kbps(kbpsPerPair, channels) + "k"));
        } else {
            args.addAll(List.of("-ac:a:0", "2", "-b:a:0", kbps(kbpsPerPair, 2) + "k", "-b:a:1",
                    kbps(kbpsPerPair, channels) + "k", "-disposition:a:0", "default", "-disposition:a:1", "0"));
        }
        args.addAll(List.of("-vn", "-sn", "-dn", "-map_metadata", "-1", "-f", codec.format(), file(output)));
        return args;
    }

    /** Audio tracks a rendition carries: one for mono and stereo, a stereo downmix and the original above. */
    public static int audioTracks(int channels) {
        return channels <= 2 ? 1 : 2;
    }

    /**
     * The first pass of loudness normalisation: track {@code track} exactly as the encode will
     * shape it (shifted, downmixed for the stereo track of a multichannel source), measured, no
     * output; the measurement is on standard error ({@link Loudness#parse}).
     */
    public List<String> measureLoudness(Path source, double offsetSeconds, int channels, int track, double loudnessLufs) {
        // The multichannel track is measured before its layout relabelling (see audioTrackFilter).
        String filter = shiftFilter(offsetSeconds) + (channels > 2 && track == 0 ? ",aformat=channel_layouts=stereo" : "")
                + "," + Loudness.measureFilter(loudnessLufs);
        return List.of(ffmpeg, "-nostdin", "-hide_banner", "-v", "info", "-nostats", "-protocol_whitelist", "file",
                "-format_whitelist", sourceFormats, "-i", file(source), "-map", "0:a:0", "-af", filter, "-vn", "-sn",
                "-dn", "-f", "null", "-");
    }

    /**
     * One track's filter chain: the shift, then {@code loudness} (a loudnorm stage, or null); for
     * the stereo track of a multichannel source with loudness, the downmix before it (otherwise
     * {@code -ac} does it after the filters), so what is measured is what is heard; for the
     * multichannel track the layouts its codecs can carry last (Opus has no mapping for 5.1(side),
     * MP4 none for some others; a relabelling that changes no sample, and ffmpeg 5.1 cannot
     * negotiate it before loudnorm).
     */
    static String audioTrackFilter(double offsetSeconds, int channels, int track, String loudness) {
        String chain = shiftFilter(offsetSeconds);
        if (channels > 2 && track == 0 && loudness != null) {
            chain += ",aformat=channel_layouts=stereo";
        }
        if (loudness != null) {
            chain += "," + loudness;
        }
        if (channels > 2 && track == 1) {
            chain += ",aformat=channel_layouts=7.1|5.1|quad|stereo";
        }
        return chain;
    }

    static int kbps(int perPair, int channels) {
        return Math.max(32, perPair * Math.max(1, channels) / 2);
    }

    private static String shiftFilter(double offsetSeconds) {
        if (offsetSeconds > 0.0005) {
            long millis = Math.round(offsetSeconds * 1000);
            return "adelay=delays=" + millis + ":all=1,asetpts=PTS-STARTPTS";
        } else if (offsetSeconds < -0.0005) {
            return "atrim=start=" + seconds(-offsetSeconds) + ",asetpts=PTS-STARTPTS";
        }
        return "asetpts=PTS-STARTPTS";
    }

    /**
     * Joins chunks listed in a concat file (names relative to it) without re-encoding, adds the
     * audio track when there is one, into the codec's container (MP4 with the index moved to the
     * front for progressive playback, or WebM).
     */
    public List<String> assemble(Path concatList, Path audio, String container, Path output) {
        List<String> args = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-v", "error", "-nostats",
                "-progress", "pipe:1", "-y", "-protocol_whitelist", "file", "-format_whitelist", "concat," + OWN_FORMATS,
                "-f", "concat", "-safe", "1", "-i", file(concatList)));
        if (audio != null) {
            // Every audio track (stereo, and the multichannel original after it where there is one).
            args.addAll(List.of("-protocol_whitelist", "file", "-format_whitelist", OWN_FORMATS, "-i", file(audio),
                    "-map", "0:v:0", "-map", "1:a"));
        } else {
            args.addAll(List.of("-map", "0:v:0"));
        }
        // The video and the first audio track are the default ones (players, WebM's in particular,
        // pick tracks by this flag); a second audio track is an alternative.
        args.addAll(List.of("-c", "copy", "-disposition:v:0", "default"));
        if (audio != null) {
            args.addAll(List.of("-disposition:a:0", "default"));
        }
        if ("mp4".equals(container)) {
            args.addAll(List.of("-movflags", "+faststart"));
        }
        args.addAll(List.of("-f", container, file(output)));
        return args;
    }

    /**
     * Reads every packet of every stream and reports what it found. With {@code fullDecode} every
     * frame is decoded too; otherwise only the key frames (each chunk starts with one) are, and
     * the frames are counted by their packets. Decoding errors appear on standard error, so one
     * pass both counts frames and checks the file decodes cleanly.
     */
    public List<String> inspect(Path file, int threads, boolean fullDecode) {
        return inspect(file, threads, fullDecode ? Decode.ALL : Decode.KEY_FRAMES);
    }

    /** How much of the video an inspection decodes. */
    public enum Decode {
        /** Every frame: the frame count is the decoded frames. */
        ALL,
        /** Key frames only (skip_frame: decoders that honour it); the frame count is the packets. */
        KEY_FRAMES,
        /** Nothing beyond the stream parameters; the frame count is the packets. */
        NONE
    }

    /** Stream facts of a rendition and its frame count, decoding as {@code decode} says. */
    public List<String> inspect(Path file, int threads, Decode decode) {
        List<String> args = new ArrayList<>(List.of(ffprobe, "-v", "error", "-threads", String.valueOf(threads),
                "-protocol_whitelist", "file", "-format_whitelist", OWN_FORMATS));
        switch (decode) {
            case ALL -> args.add("-count_frames");
            case KEY_FRAMES -> args.addAll(List.of("-skip_frame", "nokey", "-count_packets", "-count_frames"));
            case NONE -> args.add("-count_packets");
        }
        args.addAll(List.of("-show_entries",
                "stream=index,codec_type,codec_name,profile,width,height,pix_fmt,nb_read_frames,nb_read_packets,"
                        + "duration,start_time"
                        + ":stream_tags=DURATION"
                        + ":format=duration",
                "-of", "json", file(file)));
        return args;
    }

    /**
     * Decodes the key frames of a rendition's video and nothing else, for decoders that ignore
     * skip_frame (VP9, AV1): the demuxer drops the other packets ({@code -discard nokey}), which
     * only some demuxers honour ({@link #dropsNonKeyPackets}). Decode errors are its stderr.
     */
    public List<String> decodeKeyFrames(Path file, int threads) {
        return List.of(ffmpeg, "-nostdin", "-hide_banner", "-v", "error", "-nostats", "-threads",
                String.valueOf(threads), "-discard", "nokey", "-protocol_whitelist", "file", "-format_whitelist",
                OWN_FORMATS, "-i", file(file), "-map", "0:v:0", "-f", "null", "-");
    }

    /**
     * Decodes one video frame at each of {@code seconds} (a seek to the key frame at or before
     * each, then one frame): the key frames of a rendition whose decoder ignores skip_frame and
     * whose demuxer cannot drop packets (VP9 in WebM). Prints how many frames were decoded;
     * decode errors are its stderr.
     */
    public List<String> decodeFramesAt(Path file, int threads, List<Double> seconds) {
        StringBuilder intervals = new StringBuilder();
        for (double at : seconds) {
            intervals.append(intervals.isEmpty() ? "" : ",").append(String.format(java.util.Locale.ROOT, "%.6f%%+#1", at));
        }
        return List.of(ffprobe, "-v", "error", "-threads", String.valueOf(threads), "-protocol_whitelist", "file",
                "-format_whitelist", OWN_FORMATS, "-select_streams", "v:0", "-read_intervals", intervals.toString(),
                "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file(file));
    }

    /**
     * Whether {@code -discard nokey} makes the demuxer of this container drop non-key packets: the
     * MP4 (mov) demuxer does; Matroska/WebM's passes every packet on (measured with ffmpeg 5.1).
     */
    public static boolean dropsNonKeyPackets(String container) {
        return "mp4".equals(container);
    }

    /**
     * The key-frame flag of every packet of the first video stream, one line each ("K_" or "__"),
     * in decode order. In a closed-GOP stream a key frame's place in decode order is its place in
     * presentation order (nothing before it is shown after it), so line n is frame n's flag; the
     * short lines keep a 12-hour 60 fps file within the output a child may write.
     */
    public List<String> keyFrames(Path file) {
        return List.of(ffprobe, "-v", "error", "-protocol_whitelist", "file", "-format_whitelist", OWN_FORMATS,
                "-select_streams", "v:0", "-show_entries", "packet=flags", "-of", "csv=p=0", file(file));
    }

    /**
     * The presentation timestamp and flags of every packet of the source's first video stream, one
     * line each ("packet,128000,K__"), and the stream's time base ("stream,1/12800"): a demux of
     * the file without decoding, to find its key frames and their exact times.
     */
    public List<String> sourceKeyFrames(Path source) {
        return List.of(ffprobe, "-v", "error", "-protocol_whitelist", "file", "-format_whitelist", sourceFormats,
                "-select_streams", "v:0", "-show_entries", "packet=pts,flags:stream=time_base", "-of", "csv",
                file(source));
    }

    static String file(Path path) {
        return "file:" + path.toAbsolutePath();
    }

    static String seconds(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }
}
