package dev.encodeflow.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes events on the {@code asset-events} channel as JSON with their stable id as message id
 * (RabbitMQ: persistent, routed by their type; Kafka: keyed by their asset, {@link BrokerMetadata}).
 * The returned future completes once the connector acknowledged the message (the broker confirmed
 * it: publisher confirms, or Kafka's {@code acks=all}), so the caller (the
 * transactional outbox, {@link dev.encodeflow.tasks.NotifyTask}) knows it was handed over.
 */
@ApplicationScoped
public class EventPublisher {

    private final Emitter<byte[]> events;
    private final ObjectMapper json;

    EventPublisher(@Channel("asset-events") Emitter<byte[]> events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    public CompletableFuture<Void> publish(Event event) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> handed = new CompletableFuture<>();
        events.send(Message.of(body, BrokerMetadata.event(event), () -> {
            handed.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            handed.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        }));
        return handed;
    }
}
