package dev.encodeflow.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes events on the {@code asset-events} channel as JSON, persistent, routed by their type,
 * with their stable id as message id. The returned future completes once the connector
 * acknowledged the message (with RabbitMQ: the broker confirmed it), so the caller (the
 * transactional outbox, {@link dev.encodeflow.tasks.NotifyTask}) knows it was handed over.
 */
@ApplicationScoped
public class EventPublisher {

    private static final int PERSISTENT = 2;

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
        OutgoingRabbitMQMetadata amqp = OutgoingRabbitMQMetadata.builder()
                .withRoutingKey(event.type())
                .withMessageId(event.id())
                .withType(event.type())
                .withContentType("application/json")
                .withDeliveryMode(PERSISTENT)
                .withTimestamp(ZonedDateTime.now())
                .withAppId("encodeflow")
                .build();
        CompletableFuture<Void> handed = new CompletableFuture<>();
        events.send(Message.of(body, Metadata.of(amqp), () -> {
            handed.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            handed.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        }));
        return handed;
    }
}
