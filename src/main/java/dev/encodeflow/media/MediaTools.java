package dev.encodeflow.media;

import dev.encodeflow.process.Cancellation;
import dev.encodeflow.process.ProcessFailedException;
import dev.encodeflow.process.ProcessResult;
import dev.encodeflow.process.ProcessRunner;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The ffmpeg and ffprobe binaries this instance uses: from configuration, else found on PATH.
 * They are checked once (they must run {@code -version}); a missing tool is a start-up error
 * for a worker and a failing health check for anyone.
 */
@ApplicationScoped
public class MediaTools {

    private final ProcessRunner runner;
    private final Optional<String> configuredFfmpeg;
    private final Optional<String> configuredFfprobe;

    MediaTools(MediaConfig config, ProcessRunner runner) {
        this.runner = runner;
        this.configuredFfmpeg = config.ffmpeg();
        this.configuredFfprobe = config.ffprobe();
    }

    public String ffmpeg() {
        return resolve("ffmpeg", configuredFfmpeg).toString();
    }

    public String ffprobe() {
        return resolve("ffprobe", configuredFfprobe).toString();
    }

    /** Runs each tool's {@code -version}; returns the first line of each, or throws with why not. */
    public List<String> check() throws MissingToolException {
        return List.of(version("ffmpeg", configuredFfmpeg), version("ffprobe", configuredFfprobe));
    }

    private String version(String name, Optional<String> configured) throws MissingToolException {
        Path tool = resolve(name, configured);
        try {
            ProcessResult result = runner.run(List.of(tool.toString(), "-hide_banner", "-version"),
                    Duration.ofSeconds(20), new Cancellation());
            if (!result.succeeded()) {
                throw new MissingToolException(name + " at " + tool + " does not run: " + result.lastErrorLine());
            }
            return result.stdout().lines().findFirst().orElse(name);
        } catch (ProcessFailedException e) {
            throw new MissingToolException(name + " at " + tool + " does not run: " + e.getMessage());
        }
    }

    private static Path resolve(String name, Optional<String> configured) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return Path.of(configured.get());
        }
        Path found = ProcessRunner.findOnPath(name);
        return found != null ? found : Path.of(name);
    }

    /** A tool that is not there or does not run. */
    public static class MissingToolException extends Exception {
        public MissingToolException(String message) {
            super(message + " (install ffmpeg, or set media.ffmpeg / media.ffprobe)");
        }
    }
}
