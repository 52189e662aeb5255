package dev.encodeflow.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The video codecs a rendition may ask for, by the names the public contract uses, with the
 * container each is delivered in and the audio codec that container carries.
 */
public enum Codec {
    AVC("mp4", AudioCodec.AAC, 16),
    HEVC("mp4", AudioCodec.AAC, 16),
    VP9("webm", AudioCodec.OPUS, 16),
    // SVT-AV1 refuses pictures under 64x64 (measured with ffmpeg 5.1's libsvtav1).
    AV1("mp4", AudioCodec.AAC, 64);

    private final String container;
    private final AudioCodec audio;
    private final int minSide;

    Codec(String container, AudioCodec audio, int minSide) {
        this.container = container;
        this.audio = audio;
        this.minSide = minSide;
    }

    /** The smallest width or height this codec's encoder accepts. */
    public int minSide() {
        return minSide;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The file format (and extension) of this codec's renditions. */
    public String container() {
        return container;
    }

    public AudioCodec audioCodec() {
        return audio;
    }

    /** The codec for a contract name, or null when there is none. */
    @JsonCreator
    public static Codec fromId(String id) {
        for (Codec codec : values()) {
            if (codec.id().equals(id)) {
                return codec;
            }
        }
        return null;
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Codec::id).collect(Collectors.joining(", "));
    }
}
