package dev.encodeflow.media;

import dev.encodeflow.model.Probe;
import java.time.Duration;

/**
 * The ceilings a probed source must stay under ({@code media.source-limits.*}): a file that
 * declares a 16384x16384 picture, a week of video or a thousand streams fails at the probe with
 * the number and the limit, before any decoder allocates for it.
 */
public final class SourceLimits {

    private SourceLimits() {
    }

    /** @throws ProbeParser.UnusableMediaException naming the first ceiling the source is over */
    public static void check(Probe probe, int streams, MediaConfig.SourceLimits limits)
            throws ProbeParser.UnusableMediaException {
        if (probe.width() > limits.maxWidth() || probe.height() > limits.maxHeight()) {
            throw new ProbeParser.UnusableMediaException("the source's picture is " + probe.width() + "x"
                    + probe.height() + ", larger than the limit of " + limits.maxWidth() + "x" + limits.maxHeight()
                    + " (media.source-limits.max-width, max-height)");
        }
        long pixels = (long) probe.width() * probe.height();
        if (pixels > limits.maxPixels()) {
            throw new ProbeParser.UnusableMediaException("the source's picture has " + pixels + " pixels, more than "
                    + "the limit of " + limits.maxPixels() + " (media.source-limits.max-pixels)");
        }
        Duration duration = Duration.ofMillis(Math.round(probe.durationSeconds() * 1000));
        if (duration.compareTo(limits.maxDuration()) > 0) {
            throw new ProbeParser.UnusableMediaException("the source lasts " + duration + ", longer than the limit of "
                    + limits.maxDuration() + " (media.source-limits.max-duration)");
        }
        if (streams > limits.maxStreams()) {
            throw new ProbeParser.UnusableMediaException("the source has " + streams + " streams, more than the limit "
                    + "of " + limits.maxStreams() + " (media.source-limits.max-streams)");
        }
    }
}
