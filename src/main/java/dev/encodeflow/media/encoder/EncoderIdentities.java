package dev.encodeflow.media.encoder;

import dev.encodeflow.media.MediaTools;
import dev.encodeflow.model.Codec;
import dev.encodeflow.process.Cancellation;
import dev.encodeflow.process.ProcessFailedException;
import dev.encodeflow.process.ProcessResult;
import dev.encodeflow.process.ProcessRunner;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * What actually encodes each codec here: the ffmpeg build (its version and libavcodec's, which
 * wraps the library and can change the bytes too) and the encoder library's own version, as the
 * library itself reports it when it encodes one tiny frame at {@code -loglevel verbose}. Asking
 * the library, not a package manager, is what catches a rebuilt or swapped shared library.
 * Detected once per process (four encodes of one 64x64 frame, in parallel: about 0.3 s).
 */
@ApplicationScoped
public class EncoderIdentities {

    private static final Logger LOG = Logger.getLogger(EncoderIdentities.class);
    private static final Pattern FFMPEG = Pattern.compile("ffmpeg version (\\S+)");
    private static final Pattern FFPROBE = Pattern.compile("ffprobe version (\\S+)");
    private static final Pattern LIBAVCODEC = Pattern.compile("libavcodec\\s+(\\d+)\\.\\s*(\\d+)\\.\\s*(\\d+)");

    /** The encoder ffmpeg runs for a codec and how that library names its version on stderr. */
    private record Library(String encoder, String container, String name, Pattern version) {
    }

    private static final Map<Codec, Library> LIBRARIES = Map.of(
            Codec.AVC, new Library("libx264", "mp4", "x264 core", Pattern.compile("264 - core (\\d+ r\\d+ \\w+)")),
            Codec.HEVC, new Library("libx265", "mp4", "x265", Pattern.compile("HEVC encoder version (\\S+)")),
            Codec.VP9, new Library("libvpx-vp9", "webm", "libvpx", Pattern.compile("\\[libvpx-vp9 @ [^]]+] (v\\S+)")),
            Codec.AV1, new Library("libsvtav1", "mp4", "SVT-AV1", Pattern.compile("SVT-AV1 Encoder Lib (v\\S+)")));

    private final MediaTools tools;
    private final ProcessRunner runner;
    private volatile Map<Codec, String> detected;
    private volatile String prober;

    EncoderIdentities(MediaTools tools, ProcessRunner runner) {
        this.tools = tools;
        this.runner = runner;
    }

    /**
     * The identity of the encoder of {@code codec}, e.g. {@code ffmpeg 5.1.9-0+deb12u1 (libavcodec
     * 59.37.100) / x264 core 164 r3095 baee400}; {@code unknown} parts where a tool would not say.
     */
    public String of(Codec codec) {
        return all().get(codec);
    }

    /** Every codec's identity, detected on the first call. */
    public Map<Codec, String> all() {
        Map<Codec, String> known = detected;
        if (known == null) {
            synchronized (this) {
                known = detected;
                if (known == null) {
                    known = detect();
                    detected = known;
                }
            }
        }
        return known;
    }

    /**
     * The identity of the ffprobe build (what probes and validation read files with), asked once:
     * {@code media.ffprobe} may name another build than {@code media.ffmpeg}'s.
     */
    public String ffprobe() {
        String known = prober;
        if (known == null) {
            Matcher version = FFPROBE.matcher(run(List.of(tools.ffprobe(), "-hide_banner", "-version"), Map.of()));
            known = "ffprobe " + (version.find() ? version.group(1) : "unknown");
            prober = known;
        }
        return known;
    }

    /** The identity of the ffmpeg build alone (what audio encodes, probes and muxing depend on). */
    public String ffmpeg() {
        String any = of(Codec.AVC);
        return any.substring(0, any.indexOf(" / "));
    }

    private Map<Codec, String> detect() {
        // ffprobe's identity beside the encoders', so that the first probe does not wait for it.
        CompletableFuture<String> prober = CompletableFuture.supplyAsync(this::ffprobe);
        String build = build();
        Map<Codec, CompletableFuture<String>> running = new EnumMap<>(Codec.class);
        for (Codec codec : Codec.values()) {
            running.put(codec, CompletableFuture.supplyAsync(() -> library(codec)));
        }
        Map<Codec, String> identities = new EnumMap<>(Codec.class);
        running.forEach((codec, library) -> identities.put(codec, build + " / " + library.join()));
        LOG.infof("Encoders: %s; probes: %s", identities.values(), prober.join());
        return Map.copyOf(identities);
    }

    private String build() {
        String out = run(List.of(tools.ffmpeg(), "-hide_banner", "-version"), Map.of());
        Matcher version = FFMPEG.matcher(out);
        Matcher avcodec = LIBAVCODEC.matcher(out);
        return "ffmpeg " + (version.find() ? version.group(1) : "unknown")
                + (avcodec.find() ? " (libavcodec " + avcodec.group(1) + "." + avcodec.group(2) + "." + avcodec.group(3)
                        + ")" : "");
    }

    private String library(Codec codec) {
        Library library = LIBRARIES.get(codec);
        String out = run(List.of(tools.ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "verbose", "-f", "lavfi",
                "-i", "color=black:s=64x64:r=1", "-frames:v", "1", "-c:v", library.encoder(), "-threads", "1",
                // x264 says its version in the headers it logs when they are global (as for MP4);
                // SVT-AV1 at its info level.
                "-flags", "+global_header", "-f", "null", "-"), Map.of("SVT_LOG", "3"));
        Matcher version = library.version().matcher(out);
        return library.name() + " " + (version.find() ? version.group(1) : "unknown");
    }

    /** Both output streams of a short run; empty when the tool does not run (it then says "unknown"). */
    private String run(List<String> command, Map<String, String> environment) {
        try {
            ProcessResult result = runner.run(command, Duration.ofSeconds(30), null, new Cancellation(), environment);
            return result.stdout() + "\n" + result.stderrTail();
        } catch (ProcessFailedException e) {
            LOG.warnf("Could not ask %s for its version: %s", command.get(0), e.getMessage());
            return "";
        }
    }
}
