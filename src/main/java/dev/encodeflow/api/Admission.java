package dev.encodeflow.api;

import dev.encodeflow.facts.AssetIngest;
import dev.encodeflow.facts.AssetRequest;
import dev.encodeflow.facts.FactRequest;
import dev.encodeflow.facts.LadderValidator;
import dev.encodeflow.media.MediaConfig;
import dev.encodeflow.media.SourceResolver;
import dev.encodeflow.model.MezzanineArrived;
import dev.encodeflow.security.LimitsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a request passes before anything is written, whichever door it came through (REST
 * or the broker): bean constraints, the checks they cannot express (chunk floor, ladder rules,
 * the source inside the input roots), all reported at once as an {@link ApiException} (400)
 * naming each field.
 */
@ApplicationScoped
public class Admission {

    private final AssetIngest ingest;
    private final RequestValidation validation;
    private final SourceResolver sources;
    private final LimitsConfig limits;

    Admission(AssetIngest ingest, RequestValidation validation, MediaConfig media, LimitsConfig limits) {
        this.ingest = ingest;
        this.validation = validation;
        this.limits = limits;
        this.sources = SourceResolver.of(media.inputRoots());
    }

    /** A new mezzanine, checked and with every default filled in. */
    public MezzanineArrived asset(AssetRequest body) {
        if (body == null) {
            throw ApiException.invalid("(body)", "a JSON object is required");
        }
        List<FieldError> errors = new ArrayList<>(validation.violations(body));
        if (body.chunking() != null && body.chunking().seconds() != null && body.chunking().seconds() > 0
                && body.chunking().seconds() < limits.minChunkSeconds()) {
            errors.add(new FieldError("chunking.seconds", "must be 0 (one chunk) or at least "
                    + limits.minChunkSeconds() + " (limits.min-chunk-seconds)"));
        }
        if (body.packaging() != null && body.packaging().segmentSeconds() != null
                && body.packaging().segmentSeconds() < limits.minChunkSeconds()) {
            // A chunk is at least one segment: the chunk floor holds for segments too.
            errors.add(new FieldError("packaging.segmentSeconds", "must be at least " + limits.minChunkSeconds()
                    + " (limits.min-chunk-seconds)"));
        }
        if (body.ladder() != null) {
            errors.addAll(LadderValidator.check(body.ladder()));
        }
        if (body.source() != null && !body.source().isBlank()) {
            try {
                sources.resolve(body.source());
            } catch (SourceResolver.InvalidSourceException e) {
                errors.add(new FieldError("source", e.getMessage()));
            }
        }
        RequestValidation.reject(errors);
        return ingest.normalize(body);
    }

    /** A fact about an asset or the catalog, checked (who may post it is the caller's concern). */
    public FactRequest fact(FactRequest body) {
        if (body == null) {
            throw ApiException.invalid("(body)", "a JSON object is required");
        }
        RequestValidation.reject(validation.violations(body));
        return body;
    }
}
