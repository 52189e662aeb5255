package dev.encodeflow.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * What the broker says about a message, and what we tell it, for both connectors. An outgoing
 * message carries the metadata of both (each connector reads only its own; the in-memory one
 * neither), so the publishers need not know which broker is configured.
 *
 * <p>Kafka has no message id or content type of its own: the same names travel as record headers
 * ({@code message_id}, {@code content-type}, {@code type}), so a producer that sets
 * {@code message_id} gets the same idempotency as with AMQP's property.
 */
final class BrokerMetadata {

    static final String MESSAGE_ID = "message_id";
    static final String TYPE = "type";
    static final String CONTENT_TYPE = "content-type";
    private static final String JSON = "application/json";
    private static final int PERSISTENT = 2;

    private BrokerMetadata() {
    }

    /** The producer's id of an incoming message (AMQP message_id, or Kafka header message_id). */
    static String messageId(Message<?> message) {
        Optional<IncomingRabbitMQMetadata> amqp = message.getMetadata(IncomingRabbitMQMetadata.class);
        if (amqp.isPresent()) {
            return amqp.get().getMessageId().orElse(null);
        }
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> lastHeader(kafka.getHeaders(), MESSAGE_ID)).orElse(null);
    }

    /** The incoming message's headers as text (kept on a dead-lettered copy). */
    static Map<String, String> headers(Message<?> message) {
        Map<String, String> headers = new LinkedHashMap<>();
        message.getMetadata(IncomingRabbitMQMetadata.class).ifPresent(m -> m.getHeaders().forEach((k, v) -> {
            if (v != null) {
                headers.put(k, v.toString());
            }
        }));
        message.getMetadata(IncomingKafkaRecordMetadata.class).ifPresent(m -> {
            for (Header header : m.getHeaders()) {
                if (header.value() != null) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
            }
        });
        return headers;
    }

    /** Whether the broker can take a message back (RabbitMQ requeues; Kafka only re-reads after a restart). */
    static boolean requeues(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).isEmpty();
    }

    /** A persistent JSON message with these headers; the original's message id when it had one. */
    static Metadata deadLetter(Message<?> original, Map<String, String> headers) {
        String messageId = messageId(original);
        OutgoingRabbitMQMetadata.Builder amqp = OutgoingRabbitMQMetadata.builder()
                .withHeaders(new LinkedHashMap<>(headers)).withDeliveryMode(PERSISTENT).withContentType(JSON);
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach((k, v) -> kafkaHeaders.add(k, v.getBytes(StandardCharsets.UTF_8)));
        if (messageId != null) {
            amqp.withMessageId(messageId);
            if (!headers.containsKey(MESSAGE_ID)) {
                kafkaHeaders.add(MESSAGE_ID, messageId.getBytes(StandardCharsets.UTF_8));
            }
        }
        // The original record's key stays with the copy (its partitioning means something to its producer).
        Object key = original.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getKey)
                .orElse(null);
        OutgoingKafkaRecordMetadata<Object> kafka = OutgoingKafkaRecordMetadata.builder().withKey(key)
                .withHeaders(kafkaHeaders).build();
        return Metadata.of(amqp.build(), kafka);
    }

    /**
     * An event: with RabbitMQ routed by its type, persistent; with Kafka keyed by its asset, so
     * one asset's events stay in order on one partition, its type in a header.
     */
    static Metadata event(Event event) {
        OutgoingRabbitMQMetadata amqp = OutgoingRabbitMQMetadata.builder()
                .withRoutingKey(event.type())
                .withMessageId(event.id())
                .withType(event.type())
                .withContentType(JSON)
                .withDeliveryMode(PERSISTENT)
                .withTimestamp(ZonedDateTime.now())
                .withAppId("encodeflow")
                .build();
        RecordHeaders headers = new RecordHeaders();
        headers.add(MESSAGE_ID, event.id().getBytes(StandardCharsets.UTF_8));
        headers.add(TYPE, event.type().getBytes(StandardCharsets.UTF_8));
        headers.add(CONTENT_TYPE, JSON.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(event.assetId()).withHeaders(headers).build();
        return Metadata.of(amqp, kafka);
    }

    private static String lastHeader(org.apache.kafka.common.header.Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
