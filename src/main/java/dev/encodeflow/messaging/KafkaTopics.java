package dev.encodeflow.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the three topics when they are missing, as {@link BrokerTopology} declares RabbitMQ's
 * queues: a cluster that refuses automatic topic creation (production ones do) still works, and
 * facts published before the first consumer wait in their topic. Partitions and replication are
 * the broker's defaults unless {@code messaging.kafka-partitions} /
 * {@code messaging.kafka-replication-factor} say otherwise; an existing topic is left as it is.
 * The admin client uses the same {@code kafka.*} settings as the channels (servers, security).
 */
@ApplicationScoped
class KafkaTopics {

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);
    static final List<String> TOPICS = List.of(BrokerConfigSourceFactory.FACTS_QUEUE,
            BrokerConfigSourceFactory.DEAD_LETTER_QUEUE, BrokerConfigSourceFactory.EVENTS_EXCHANGE);

    private final Instance<Map<String, Object>> kafkaConfig;
    private final MessagingConfig config;

    KafkaTopics(@Identifier("default-kafka-broker") Instance<Map<String, Object>> kafkaConfig, MessagingConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.config = config;
    }

    /**
     * Settings that no cluster would accept refuse the start with their name, instead of a topic
     * creation retried every 2 s for ever.
     */
    static void check(java.util.Optional<Integer> partitions, java.util.Optional<Short> replicationFactor) {
        if (partitions.isPresent() && partitions.get() < 1) {
            throw new IllegalStateException("messaging.kafka-partitions must be at least 1, not " + partitions.get());
        }
        if (replicationFactor.isPresent() && replicationFactor.get() < 1) {
            throw new IllegalStateException("messaging.kafka-replication-factor must be at least 1, not "
                    + replicationFactor.get());
        }
    }

    boolean createOnce() {
        Map<String, Object> settings = new HashMap<>(kafkaConfig.get());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "encodeflow-topology");
        Object servers = settings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(settings)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = TOPICS.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, config.kafkaPartitions(), config.kafkaReplicationFactor()))
                    .toList();
            if (!missing.isEmpty()) {
                for (var result : admin.createTopics(missing).values().entrySet()) {
                    try {
                        result.getValue().get(10, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        // Another instance created it at the same moment: that is what we wanted.
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
            LOG.infof("Kafka %s: topics %s there (%s created)", servers, TOPICS,
                    missing.isEmpty() ? "none" : missing.stream().map(NewTopic::name).toList());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.warnf("Kafka %s not reachable yet or topics not created (%s); retrying", servers, e.getMessage());
            return false;
        }
    }
}
