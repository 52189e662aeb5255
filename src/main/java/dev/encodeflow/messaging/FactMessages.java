package dev.encodeflow.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.encodeflow.api.Admission;
import dev.encodeflow.api.ApiException;
import dev.encodeflow.api.ErrorMappers;
import dev.encodeflow.api.FieldError;
import dev.encodeflow.facts.AssetIngest;
import dev.encodeflow.facts.AssetRequest;
import dev.encodeflow.facts.FactIngest;
import dev.encodeflow.facts.FactRequest;
import dev.encodeflow.facts.UnknownAssetException;
import dev.encodeflow.model.MezzanineArrived;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Applies one fact message: the JSON of {@code POST /api/v1/assets} with {@code "type":
 * "MezzanineArrived"}, or the JSON of {@code POST /api/v1/facts}. The same parsing, checks and
 * idempotency as REST ({@link Admission}); a message without an {@code id} gets one derived from
 * its AMQP {@code message_id}, or from its bytes, so a redelivery is still the same fact.
 * Whatever cannot be applied is a {@link Rejected} with the reason, as the REST answer would name
 * it; a database that is away is an exception (the caller retries).
 */
@ApplicationScoped
public class FactMessages {

    static final String ASSET = "MezzanineArrived";
    /** As REST's {@code quarkus.http.limits.max-body-size}. */
    static final int MAX_BYTES = 1024 * 1024;

    /**
     * A message that cannot be applied, and why. {@code unknownAsset}: a fact about an asset not
     * (yet) there, which with several API instances may be the asset's own creation still in
     * flight on another one: worth a short wait before it is dead-lettered.
     */
    public static final class Rejected extends Exception {
        private final boolean unknownAsset;

        Rejected(String reason) {
            this(reason, false);
        }

        Rejected(String reason, boolean unknownAsset) {
            super(reason, null, false, false);
            this.unknownAsset = unknownAsset;
        }

        public boolean unknownAsset() {
            return unknownAsset;
        }
    }

    /** What a message did: a new asset or fact, or a repeat of one already applied. */
    public record Applied(String assetId, boolean duplicate) {
    }

    private final ObjectMapper json;
    private final Admission admission;
    private final AssetIngest assets;
    private final FactIngest facts;
    private final MessagingConfig config;

    FactMessages(ObjectMapper json, Admission admission, AssetIngest assets, FactIngest facts, MessagingConfig config) {
        this.json = json;
        this.admission = admission;
        this.assets = assets;
        this.facts = facts;
        this.config = config;
    }

    public Applied apply(byte[] body, String messageId) throws Rejected {
        if (body.length == 0) {
            throw new Rejected("(body): empty (a message without a body)");
        }
        if (body.length > MAX_BYTES) {
            throw new Rejected("(body): " + body.length + " bytes, at most " + MAX_BYTES);
        }
        try {
            JsonNode root = json.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(body);
            if (root == null || !root.isObject()) {
                throw new Rejected("(body): must be a JSON object");
            }
            ObjectNode message = (ObjectNode) root;
            JsonNode type = message.get("type");
            if (type == null || !type.isTextual()) {
                throw new Rejected("type: is required (" + ASSET + ", EncodeStale, Cancel, Reprioritize"
                        + (config.acceptCatalogFacts() ? ", EncoderUpgraded" : "") + ")");
            }
            if (!message.hasNonNull("id")) {
                message.put("id", "msg-" + digest(messageId != null ? messageId.getBytes(StandardCharsets.UTF_8) : body));
            }
            return ASSET.equals(type.asText()) ? asset(message) : fact(message);
        } catch (JsonProcessingException e) {
            dev.encodeflow.api.ErrorBody error = ErrorMappers.jsonError(e);
            throw new Rejected(describe(error.error(), error.details()));
        } catch (java.io.IOException e) {
            throw new Rejected("(body): " + e.getMessage());
        } catch (ApiException e) {
            throw new Rejected(describe(e.getMessage(), e.details()));
        } catch (UnknownAssetException e) {
            throw new Rejected(e.getMessage(), true);
        }
    }

    private Applied asset(ObjectNode message) throws JsonProcessingException, Rejected {
        message.remove("type");
        MezzanineArrived arrived = admission.asset(json.treeToValue(message, AssetRequest.class));
        AssetIngest.Outcome outcome = assets.create(arrived);
        if (outcome == AssetIngest.Outcome.CONFLICT) {
            throw new Rejected("asset '" + arrived.id() + "' exists with a different request");
        }
        return new Applied(arrived.id(), outcome == AssetIngest.Outcome.EXISTING);
    }

    private Applied fact(ObjectNode message) throws JsonProcessingException, Rejected {
        FactRequest request = admission.fact(json.treeToValue(message, FactRequest.class));
        if (!(request instanceof FactRequest.AboutAsset about)) {
            if (!config.acceptCatalogFacts()) {
                throw new Rejected("type: " + message.get("type").asText() + " is a fact about the whole catalog: "
                        + "only REST takes it (operator role), unless messaging.accept-catalog-facts=true");
            }
            facts.record(request);
            return new Applied(null, false);
        }
        FactIngest.Recorded recorded = (FactIngest.Recorded) facts.record(request);
        return new Applied(about.assetId(), recorded.duplicate());
    }

    static String describe(String message, List<FieldError> details) {
        if (details == null || details.isEmpty()) {
            return message;
        }
        return message + ": " + details.stream().map(d -> d.field() + ": " + d.message())
                .collect(Collectors.joining("; "));
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
