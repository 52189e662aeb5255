package dev.encodeflow.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The audio codecs renditions carry: AAC in MP4, Opus in WebM. */
public enum AudioCodec {
    AAC("m4a", "mp4"),
    OPUS("webm", "webm");

    private final String extension;
    private final String format;

    AudioCodec(String extension, String format) {
        this.extension = extension;
        this.format = format;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String extension() {
        return extension;
    }

    /** The ffmpeg muxer of an audio-only file of this codec. */
    public String format() {
        return format;
    }
}
