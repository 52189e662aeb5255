package dev.encodeflow.messaging;

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes the {@code facts} channel (the queue or topic {@code encodeflow.facts}). Every message
 * is settled here: acknowledged once its transaction committed (Kafka: its offset is committed
 * after that); a message that can never be applied is copied to {@code encodeflow.facts.dlq}
 * with the reason in the {@code x-encodeflow-error} header (and its original headers), the broker
 * confirms the copy, and only then is the original acknowledged, so it is never lost between the
 * two. While the database is away the consumer
 * waits and retries the same message (nothing else could be applied meanwhile either).
 */
@ApplicationScoped
public class FactsConsumer {

    public static final String ERROR_HEADER = "x-encodeflow-error";
    private static final Logger LOG = Logger.getLogger(FactsConsumer.class);
    private static final int MAX_REASON = 1000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How long a fact about an unknown asset waits for the asset before it is dead-lettered. */
    private static final Duration UNKNOWN_ASSET_GRACE = Duration.ofSeconds(2);

    private final FactMessages messages;
    private final Emitter<byte[]> deadLetters;
    private volatile boolean stopping;

    FactsConsumer(FactMessages messages, @Channel("facts-dlq") Emitter<byte[]> deadLetters) {
        this.messages = messages;
        this.deadLetters = deadLetters;
    }

    void onStop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        stopping = true;
    }

    @Incoming("facts")
    @Blocking
    public CompletionStage<Void> consume(Message<?> message) {
        byte[] body = bytes(message.getPayload());
        String messageId = BrokerMetadata.messageId(message);
        long backoff = 100;
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                messages.apply(body, messageId);
                return message.ack();
            } catch (FactMessages.Rejected e) {
                if (e.unknownAsset() && System.nanoTime() - started < UNKNOWN_ASSET_GRACE.toNanos() && !stopping) {
                    // Its MezzanineArrived may be committing on another API instance right now.
                    sleep(200);
                    continue;
                }
                return deadLetter(message, body, e.getMessage());
            } catch (RuntimeException e) {
                if (!transientFailure(e) || stopping) {
                    if (stopping) {
                        return message.nack(e);
                    }
                    String incident = UUID.randomUUID().toString();
                    LOG.errorf(e, "Fact message could not be applied, incident %s", incident);
                    return deadLetter(message, body, "internal error (incident " + incident + ")");
                }
                LOG.warnf("Fact message waits for the database (attempt %d): %s", attempt, e.getMessage());
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
            }
        }
    }

    private CompletionStage<Void> deadLetter(Message<?> original, byte[] body, String reason) {
        String shortReason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
        Map<String, String> headers = BrokerMetadata.headers(original);
        headers.put(ERROR_HEADER, shortReason);
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        deadLetters.send(Message.of(body, BrokerMetadata.deadLetter(original, headers), () -> {
            confirmed.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            confirmed.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        }));
        // Not waited for here: the client publishes on this message's Vert.x context, which is
        // busy until this method returns. The original is settled once the copy is confirmed.
        return confirmed.orTimeout(30, TimeUnit.SECONDS).handle((ok, failure) -> failure).thenCompose(failure -> {
            if (failure != null) {
                if (BrokerMetadata.requeues(original) || stopping) {
                    // Not copied: the original goes back to the queue (RabbitMQ) or is read again
                    // after a restart (Kafka: its offset is not committed), and comes again.
                    LOG.warnf("Could not dead-letter a fact message (%s), requeued: %s", shortReason, failure);
                    return original.nack(failure);
                }
                // Kafka cannot put one record back without stopping the partition: copy again.
                LOG.warnf("Could not dead-letter a fact message (%s), trying again: %s", shortReason, failure);
                return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS))
                        .thenCompose(nothing -> deadLetter(original, body, reason));
            }
            LOG.infof("Fact message dead-lettered: %s", shortReason);
            return original.ack();
        });
    }

    /** A database that is away, a pool that is exhausted, a lost serialization race: worth waiting for. */
    static boolean transientFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // Data (22) and integrity (23) errors are the message's fault; everything else is the server's.
                return state == null || !(state.startsWith("22") || state.startsWith("23"));
            }
            if (t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.QueryTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(Object payload) {
        if (payload == null) {
            return new byte[0]; // a Kafka record without a value (a tombstone)
        }
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof Buffer buffer) {
            return buffer.getBytes();
        }
        if (payload instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
            return buffer.getBytes();
        }
        return String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
