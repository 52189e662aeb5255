package dev.encodeflow.support;

import java.util.List;

/**
 * Sources with the properties streaming output must cope with, generated tiny with ffmpeg's own
 * sources into the test input root, once per build: a 50 fps clip, a rotated one, an anamorphic
 * one, an interlaced one, one whose audio starts late, one with 5.1 sound.
 */
public final class StreamingMedia {

    private StreamingMedia() {
    }

    private static final List<String> X264 = List.of("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p");

    /** 3 s of 320x180 at 50 fps (150 frames), silent. */
    public static String fifty() {
        return TestMedia.generate("stream-50fps.mp4", concat(List.of("-f", "lavfi", "-i",
                "testsrc2=size=320x180:rate=50:duration=3"), X264, List.of("-g", "37")));
    }

    /** 2 s of 320x180 at 25 fps, stored landscape and shown turned a quarter (display matrix 90). */
    public static String rotated() {
        String plain = TestMedia.generate("stream-plain.mp4", concat(List.of("-f", "lavfi", "-i",
                "testsrc2=size=320x180:rate=25:duration=2"), X264, List.of()));
        return TestMedia.generate("stream-rotated.mp4", List.of("-i", TestMedia.INPUT.resolve(plain).toString(),
                "-c", "copy", "-metadata:s:v:0", "rotate=90"));
    }

    /** 2 s of 240x180 pixels 4:3 wide each: 16:9 on screen (320x180), at 25 fps. */
    public static String anamorphic() {
        return TestMedia.generate("stream-anamorphic.mp4", concat(List.of("-f", "lavfi", "-i",
                "testsrc2=size=240x180:rate=25:duration=2", "-vf", "setsar=4/3"), X264, List.of()));
    }

    /** 2 s of 320x180 interlaced, top field first, 25 frames (50 fields) a second, coded as fields. */
    public static String interlaced() {
        return TestMedia.generate("stream-interlaced.mp4", concat(List.of("-f", "lavfi", "-i",
                "testsrc2=size=320x180:rate=50:duration=2", "-vf", "tinterlace=interleave_top,fieldorder=tff"),
                X264, List.of("-flags", "+ildct+ilme", "-x264-params", "tff=1")));
    }

    /** 2 s of video whose tone starts 0.3 s after the first frame. */
    public static String lateAudio() {
        return TestMedia.generate("stream-late-audio.mov", concat(List.of("-f", "lavfi", "-i",
                "testsrc2=size=320x180:rate=25:duration=2", "-itsoffset", "0.3", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000:duration=1.7"), X264, List.of("-c:a", "pcm_s16le")));
    }

    /** 2 s of video with 5.1 sound (six channels, the side layout most files use). */
    public static String surround() {
        return TestMedia.generate("stream-surround.mov", concat(List.of("-f", "lavfi", "-i",
                "testsrc2=size=320x180:rate=25:duration=2", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000:duration=2", "-filter_complex",
                "[1:a]pan=5.1(side)|c0=c0|c1=c0|c2=c0|c3=0.5*c0|c4=c0|c5=c0[a]", "-map", "0:v", "-map", "[a]"),
                X264, List.of("-c:a", "pcm_s16le")));
    }

    /**
     * 5 s of 160x90 at a nominal 25 fps with a pause: frames 20 to 40 are missing, so frame 19
     * is shown for 0.88 s (104 frames over 5 s: a variable frame rate).
     */
    public static String variableRate() {
        return TestMedia.generate("stream-vfr.mp4", concat(List.of("-f", "lavfi", "-i",
                "testsrc2=size=160x90:rate=25:duration=5", "-vf", "select='not(between(n,20,40))'", "-fps_mode", "vfr"),
                X264));
    }

    /** 6 s of 320x180 at 25 fps: a calm first half, a noisy second one (the rate must move). */
    public static String changingComplexity() {
        return TestMedia.generate("stream-complexity.mp4", concat(List.of("-f", "lavfi", "-i",
                "testsrc2=size=320x180:rate=25:duration=6", "-vf", "noise=alls=24:allf=t+u:enable='gte(t,3)'"),
                List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "10", "-pix_fmt", "yuv420p")));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
