package dev.encodeflow.messaging;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns {@code messaging.broker} into the SmallRye channel settings, so that one variable
 * ({@code MESSAGING_BROKER=rabbitmq}) switches the service from running alone to the broker. The
 * settings have the lowest ordinal: any {@code mp.messaging...} key set explicitly wins.
 *
 * <p>Channels: {@code facts} (in, the durable queue {@code encodeflow.facts}, declared without
 * arguments so that a client declaring it plainly gets the same queue), {@code facts-dlq} (out,
 * through the default exchange into {@code encodeflow.facts.dlq}) and {@code asset-events} (out,
 * the durable topic exchange {@code encodeflow.events}, confirmed by the broker before a
 * NOTIFY task counts as done). With {@code messaging.broker=kafka} the same three names are topics
 * (docs/messaging.md, "Kafka").
 */
public class BrokerConfigSourceFactory implements ConfigSourceFactory {

    public static final String FACTS_QUEUE = "encodeflow.facts";
    public static final String DEAD_LETTER_QUEUE = "encodeflow.facts.dlq";
    public static final String EVENTS_EXCHANGE = "encodeflow.events";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue broker = context.getValue("messaging.broker");
        String name = broker == null ? null : broker.getValue();
        Map<String, String> settings = new HashMap<>("rabbitmq".equals(name) ? rabbitmq()
                : "kafka".equals(name) ? kafka() : inMemory());
        ConfigValue roles = context.getValue("instance.roles");
        if (roles != null && roles.getValue() != null && !List.of(roles.getValue().split("\\s*,\\s*")).contains("api")) {
            // Facts come in through the API tier only; a worker or evaluator instance does not consume them.
            settings.keySet().removeIf(key -> key.startsWith("mp.messaging.incoming.facts."));
            settings.put("mp.messaging.incoming.facts.connector", "smallrye-in-memory");
        }
        return List.of(new MapBackedConfigSource("encodeflow-messaging-defaults", settings, 1) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(Integer.MIN_VALUE + 100);
    }

    static Map<String, String> inMemory() {
        return Map.of("mp.messaging.incoming.facts.connector", "smallrye-in-memory",
                "mp.messaging.outgoing.facts-dlq.connector", "smallrye-in-memory",
                "mp.messaging.outgoing.asset-events.connector", "smallrye-in-memory");
    }

    /**
     * Kafka: the same names as topics. Facts are read by the consumer group {@code encodeflow} (the
     * API instances share the partitions) from the earliest offset the group has not committed, so
     * facts published before the first consumer are not skipped; offsets are committed only after
     * the consumer acknowledged (its transaction committed). Events are keyed by asset and written
     * with {@code acks=all} by an idempotent producer. The client's own settings
     * ({@code kafka.bootstrap.servers}, security) come from {@code kafka.*}.
     */
    static Map<String, String> kafka() {
        Map<String, String> settings = new HashMap<>();
        String bytesIn = "org.apache.kafka.common.serialization.ByteArrayDeserializer";
        String bytesOut = "org.apache.kafka.common.serialization.ByteArraySerializer";
        String in = "mp.messaging.incoming.facts.";
        settings.put(in + "connector", "smallrye-kafka");
        settings.put(in + "topic", FACTS_QUEUE);
        settings.put(in + "group.id", "encodeflow");
        settings.put(in + "auto.offset.reset", "earliest");
        settings.put(in + "enable.auto.commit", "false");
        settings.put(in + "commit-strategy", "throttled");
        // Keys and bodies are read as bytes whatever they hold: the consumer parses the body itself.
        settings.put(in + "key.deserializer", bytesIn);
        settings.put(in + "value.deserializer", bytesIn);
        settings.put(in + "max.poll.records", "64");
        // A nack happens only while stopping (or when a dead letter cannot be written): the
        // channel stops without committing, and the record is read again after the restart.
        settings.put(in + "failure-strategy", "fail");
        String dlq = "mp.messaging.outgoing.facts-dlq.";
        settings.put(dlq + "connector", "smallrye-kafka");
        settings.put(dlq + "topic", DEAD_LETTER_QUEUE);
        settings.put(dlq + "key.serializer", bytesOut);
        settings.put(dlq + "value.serializer", bytesOut);
        settings.put(dlq + "acks", "all");
        String out = "mp.messaging.outgoing.asset-events.";
        settings.put(out + "connector", "smallrye-kafka");
        settings.put(out + "topic", EVENTS_EXCHANGE);
        settings.put(out + "key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        settings.put(out + "value.serializer", bytesOut);
        settings.put(out + "acks", "all");
        settings.put(out + "enable.idempotence", "true");
        return settings;
    }

    static Map<String, String> rabbitmq() {
        Map<String, String> settings = new HashMap<>();
        String in = "mp.messaging.incoming.facts.";
        settings.put(in + "connector", "smallrye-rabbitmq");
        settings.put(in + "queue.name", FACTS_QUEUE);
        settings.put(in + "queue.durable", "true");
        // The default exchange: publishers address the queue by its name; nothing to declare or bind.
        settings.put(in + "exchange.name", "\"\"");
        settings.put(in + "exchange.declare", "false");
        // Bodies are read as bytes whatever their content type claims: the consumer parses them.
        settings.put(in + "content-type-override", "application/octet-stream");
        settings.put(in + "max-outstanding-messages", "64");
        // The consumer settles every message itself; a nack (shutdown mid-message) puts it back.
        settings.put(in + "failure-strategy", "requeue");
        String dlq = "mp.messaging.outgoing.facts-dlq.";
        settings.put(dlq + "connector", "smallrye-rabbitmq");
        settings.put(dlq + "exchange.name", "\"\"");
        settings.put(dlq + "exchange.declare", "false");
        settings.put(dlq + "default-routing-key", DEAD_LETTER_QUEUE);
        settings.put(dlq + "publish-confirms", "true");
        String out = "mp.messaging.outgoing.asset-events.";
        settings.put(out + "connector", "smallrye-rabbitmq");
        settings.put(out + "exchange.name", EVENTS_EXCHANGE);
        settings.put(out + "exchange.type", "topic");
        settings.put(out + "exchange.durable", "true");
        settings.put(out + "publish-confirms", "true");
        // A broker that is away is waited for (the outbox keeps the events meanwhile).
        settings.put("rabbitmq-reconnect-attempts", "1000000");
        settings.put("rabbitmq-reconnect-interval", "2");
        return settings;
    }
}
