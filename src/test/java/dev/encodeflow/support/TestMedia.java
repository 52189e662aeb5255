package dev.encodeflow.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test media, generated with ffmpeg's own sources into the test input root, once per build.
 * Small on purpose: the suite's speed depends on it.
 */
public final class TestMedia {

    /** The input root of the test profile (application.properties). */
    public static final Path INPUT = Path.of("target/test-media/in").toAbsolutePath();
    public static final Path OUTPUT = Path.of("target/test-media/out").toAbsolutePath();

    private TestMedia() {
    }

    /** 5 s of 320x240 testsrc2 at 25 fps (125 frames) with a 440 Hz tone, H.264 + AAC in MP4. */
    public static String clipWithAudio() {
        return generate("clip-audio.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=5",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=5",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "50",
                "-c:a", "aac", "-b:a", "96k", "-shortest"));
    }

    /** 4 s of 256x144 SMPTE HD bars with moving noise at 29.97 fps (120 frames), no audio. */
    public static String silentClip() {
        return generate("clip-silent.mov", List.of("-f", "lavfi", "-i",
                "testsrc2=size=256x144:rate=30000/1001:duration=4",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "30"));
    }

    /** 3 s of 320x240 at 29.97 fps (90 frames) with a tone: the codec ladder's mezzanine. */
    public static String ntscClipWithAudio() {
        return generate("clip-ntsc.mov", List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30000/1001:duration=3",
                "-f", "lavfi", "-i", "sine=frequency=500:sample_rate=48000:duration=3",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "30",
                "-c:a", "pcm_s16le", "-shortest"));
    }

    /** A file that is not media at all. */
    public static String garbage() {
        Path file = INPUT.resolve("garbage.mp4");
        try {
            Files.createDirectories(INPUT);
            if (!Files.exists(file)) {
                Files.writeString(file, "this is not a video\n".repeat(100), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file.getFileName().toString();
    }

    /** Generates {@code name} in the input root with the given ffmpeg input/output arguments, once. */
    public static synchronized String generate(String name, List<String> arguments) {
        Path file = INPUT.resolve(name);
        if (Files.exists(file)) {
            return name;
        }
        try {
            Files.createDirectories(INPUT);
            Path temporary = INPUT.resolve(name + ".part" + name.substring(name.lastIndexOf('.')));
            List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
            command.addAll(arguments);
            command.add(temporary.toString());
            run(command);
            Files.move(temporary, file);
            return name;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command and returns its standard output; fails the test on a non-zero exit. */
    public static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + err);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The MD5 of every decoded video frame, in order (ffmpeg's framemd5 muxer). */
    public static List<String> frameHashes(Path file) {
        String out = run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-map", "0:v:0",
                "-f", "framemd5", "-"));
        List<String> hashes = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String[] fields = line.split(",");
                hashes.add(fields[fields.length - 1].trim());
            }
        }
        return hashes;
    }

    /** ffprobe's JSON description of a file's streams, with exact (decoded) frame counts. */
    public static String probe(Path file) {
        return run(List.of("ffprobe", "-v", "error", "-count_frames", "-show_entries",
                "stream=codec_type,codec_name,width,height,nb_read_frames,duration,pix_fmt:format=duration",
                "-of", "json", file.toString()));
    }
}
