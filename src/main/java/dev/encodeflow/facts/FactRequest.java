package dev.encodeflow.facts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/facts}: one fact, told apart by {@code type}: about an
 * existing asset, or (EncoderUpgraded) about the platform. The optional {@code id} makes a repeated delivery harmless: a fact whose id the
 * asset has already seen is acknowledged and ignored.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = FactRequest.EncodeStale.class, name = "EncodeStale"),
    @JsonSubTypes.Type(value = FactRequest.Cancel.class, name = "Cancel"),
    @JsonSubTypes.Type(value = FactRequest.Reprioritize.class, name = "Reprioritize"),
    @JsonSubTypes.Type(value = FactRequest.EncoderUpgraded.class, name = "EncoderUpgraded")
})
@org.eclipse.microprofile.openapi.annotations.media.Schema(oneOf = {FactRequest.EncodeStale.class,
        FactRequest.Cancel.class, FactRequest.Reprioritize.class, FactRequest.EncoderUpgraded.class},
        discriminatorProperty = "type", discriminatorMapping = {
            @org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping(value = "EncodeStale",
                    schema = FactRequest.EncodeStale.class),
            @org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping(value = "Cancel",
                    schema = FactRequest.Cancel.class),
            @org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping(value = "Reprioritize",
                    schema = FactRequest.Reprioritize.class),
            @org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping(value = "EncoderUpgraded",
                    schema = FactRequest.EncoderUpgraded.class)})
public sealed interface FactRequest {

    String FACT_ID = "[A-Za-z0-9._:-]{1,128}";
    String FACT_ID_MESSAGE = "must be 1 to 128 of A-Z a-z 0-9 . _ : -";
    String ASSET_ID_MESSAGE = "must be 1 to 128 of A-Z a-z 0-9 . _ - (not . or ..)";
    String RENDITION = "[A-Za-z0-9._-]{1,64}";
    String RENDITION_MESSAGE = "must be 1 to 64 of A-Z a-z 0-9 . _ -";

    String id();

    /** A fact about one asset. */
    sealed interface AboutAsset extends FactRequest {
        String assetId();
    }

    /** Re-encode one rendition (or every rendition when {@code rendition} is absent). */
    record EncodeStale(@Pattern(regexp = FACT_ID, message = FACT_ID_MESSAGE) String id,
            @NotBlank @Pattern(regexp = AssetRequest.ID, message = ASSET_ID_MESSAGE) String assetId,
            @Pattern(regexp = RENDITION, message = RENDITION_MESSAGE) String rendition,
            @Size(max = 1000) String reason) implements AboutAsset {
    }

    /** Stop all work on the asset. */
    record Cancel(@Pattern(regexp = FACT_ID, message = FACT_ID_MESSAGE) String id,
            @NotBlank @Pattern(regexp = AssetRequest.ID, message = ASSET_ID_MESSAGE) String assetId,
            @Size(max = 1000) String reason) implements AboutAsset {
    }

    /** Move the asset's waiting work to another priority. */
    record Reprioritize(@Pattern(regexp = FACT_ID, message = FACT_ID_MESSAGE) String id,
            @NotBlank @Pattern(regexp = AssetRequest.ID, message = ASSET_ID_MESSAGE) String assetId,
            @NotNull @Min(0) @Max(100) Integer priority) implements AboutAsset {
    }

    /** Every encode of {@code codec} made with another encoder version becomes stale. */
    record EncoderUpgraded(@Pattern(regexp = FACT_ID, message = FACT_ID_MESSAGE) String id,
            @NotBlank @Size(max = 16) String codec,
            @NotBlank @Size(max = 128) String version) implements FactRequest {
    }
}
