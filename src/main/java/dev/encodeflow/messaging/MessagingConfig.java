package dev.encodeflow.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Facts in and events out (docs/messaging.md). */
@ConfigMapping(prefix = "messaging")
public interface MessagingConfig {

    /**
     * {@code in-memory}: the service runs alone, facts come over REST only and events stay in the
     * process; {@code rabbitmq}: facts are consumed from {@code encodeflow.facts} and events
     * published to {@code encodeflow.events} (Contract v2, "Messaging"); {@code kafka}: the same
     * names as topics ({@code kafka.bootstrap.servers}; docs/messaging.md).
     */
    @WithDefault("in-memory")
    String broker();

    /**
     * Whether facts about the whole catalog (EncoderUpgraded, which re-encodes every asset of a
     * codec) are taken from the broker. Over REST they need the operator role; a queue has no
     * caller to check, so by default they are dead-lettered and only REST accepts them.
     */
    @WithDefault("false")
    boolean acceptCatalogFacts();

    /**
     * Attempts of a NOTIFY task before it is dead-lettered: with the backoff capped at
     * {@code workers.retry-cap} (5 min), 100 attempts wait out a broker away for about 8 hours.
     */
    @WithDefault("100")
    int notifyMaxAttempts();

    /** Partitions of the topics the service creates when missing (Kafka); the broker's default when unset. */
    java.util.Optional<Integer> kafkaPartitions();

    /** Replication factor of the topics the service creates when missing (Kafka); the broker's default when unset. */
    java.util.Optional<Short> kafkaReplicationFactor();

    /** At most one AssetProgress event per asset per interval; {@code off} turns them off. */
    @WithDefault("PT5S")
    String progressInterval();
}
