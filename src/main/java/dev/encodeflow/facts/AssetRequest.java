package dev.encodeflow.facts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The body of {@code POST /api/v1/assets}: a new mezzanine (see CONTRACT.md). */
public record AssetRequest(
        @Pattern(regexp = AssetRequest.ID, message = "must be 1 to 128 of A-Z a-z 0-9 . _ - (not . or ..)") String id,
        @NotBlank @Size(max = 4096) String source,
        @Min(0) @Max(100) Integer priority,
        @Valid Chunking chunking,
        @Size(min = 1, max = 32, message = "must have 1 to 32 renditions") List<@NotNull @Valid RungRequest> ladder,
        @Valid Packaging packaging,
        @Valid Quality quality,
        @Valid Audio audio) {

    /** A request of 0.5.0's shape (no packaging or quality directives). */
    public AssetRequest(String id, String source, Integer priority, Chunking chunking, List<RungRequest> ladder) {
        this(id, source, priority, chunking, ladder, null, null, null);
    }

    /** A request of 0.6.0's first shape (no audio directives). */
    public AssetRequest(String id, String source, Integer priority, Chunking chunking, List<RungRequest> ladder,
            Packaging packaging, Quality quality) {
        this(id, source, priority, chunking, ladder, packaging, quality, null);
    }

    /**
     * Audio directives: {@code loudnessLufs}, the integrated loudness (EBU R128, LUFS) every audio
     * track is normalised to, e.g. -23 (EBU R128 broadcast) or -16 (common for streaming); absent:
     * the source's levels.
     */
    public record Audio(@DecimalMin(value = "-70", message = "must be at least -70 LUFS")
            @DecimalMax(value = "-5", message = "must be at most -5 LUFS") Double loudnessLufs) {
    }

    /**
     * Streaming output: the segment length every rendition's key frames follow, and the manifests
     * to write ({@code []} for none).
     */
    public record Packaging(
            @DecimalMin(value = "0.1", message = "must be at least 0.1 s") @DecimalMax(value = "60",
                    message = "must be at most 60 s") Double segmentSeconds,
            @Size(max = 2) List<@NotNull @Pattern(regexp = "hls|dash", message = "must be hls or dash") String> formats) {
    }

    /** Whether to measure each rendition's quality against the source. */
    public record Quality(Boolean measure) {
    }

    /** "." and ".." are names of folders already (an asset's files live under a folder of its id). */
    public static final String ID = "(?!\\.{1,2}$)[A-Za-z0-9._-]{1,128}";

    /** Chunking directives: target chunk length in seconds, 0 for a single chunk. */
    public record Chunking(@NotNull @DecimalMin("0") @DecimalMax("3600") Double seconds) {
    }

    /** One rendition as requested; codec-specific rules are checked by {@link LadderValidator}. */
    public record RungRequest(
            @NotNull @Pattern(regexp = "(?!\\.{1,2}$)[A-Za-z0-9._-]{1,64}", message = "must be 1 to 64 of A-Z a-z 0-9 . _ - (not . or ..)")
            String name,
            @NotNull @Size(max = 16) String codec,
            @NotNull @Min(16) @Max(8192) Integer width,
            @NotNull @Min(16) @Max(8192) Integer height,
            Integer crf,
            Integer bitrateKbps,
            Integer maxrateKbps,
            Integer bufferKbits,
            @Size(max = 32) String preset,
            @Size(max = 32) String profile,
            Integer bitDepth,
            @DecimalMin(value = "1", message = "must be at least 1 frame per second")
            @DecimalMax(value = "240", message = "must be at most 240 frames per second") Double fps) {
    }
}
