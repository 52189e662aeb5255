package dev.encodeflow.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Declares what the channels do not declare themselves: the dead-letter queue (the connector
 * would only declare one by putting dead-letter arguments on {@code encodeflow.facts}, and a
 * client that then declared that queue plainly would be refused), and, so that nothing published
 * before the first consumer is lost, the facts queue and the events exchange. All durable, all
 * without arguments, so declaring them again (another instance, an ops script) is harmless. A
 * broker that is away at start is retried in the background; the connector reports it on health.
 * With Kafka, the topics are created instead when missing ({@link KafkaTopics}).
 */
@ApplicationScoped
public class BrokerTopology {

    private static final Logger LOG = Logger.getLogger(BrokerTopology.class);

    private final MessagingConfig config;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final String virtualHost;
    private final KafkaTopics kafkaTopics;
    private volatile java.util.function.BooleanSupplier declare;
    private volatile boolean declared;
    private volatile boolean stopping;

    BrokerTopology(MessagingConfig config, KafkaTopics kafkaTopics, @ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String username,
            @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
            @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost) {
        this.config = config;
        this.kafkaTopics = kafkaTopics;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.virtualHost = virtualHost;
    }

    void onStart(@Observes StartupEvent event) {
        switch (config.broker()) {
            case "in-memory" -> {
                return;
            }
            case "rabbitmq" -> declare = this::declareOnce;
            case "kafka" -> {
                KafkaTopics.check(config.kafkaPartitions(), config.kafkaReplicationFactor());
                declare = kafkaTopics::createOnce;
            }
            default -> throw new IllegalStateException("messaging.broker must be in-memory, rabbitmq or kafka, not '"
                    + config.broker() + "'");
        }
        declared = declare.getAsBoolean();
        if (!declared) {
            Thread retry = new Thread(this::retry, "broker-topology");
            retry.setDaemon(true);
            retry.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private void retry() {
        while (!stopping && !declared) {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
            declared = declare.getAsBoolean();
        }
    }

    private boolean declareOnce() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(5000);
        try (Connection connection = factory.newConnection("encodeflow-topology");
                Channel channel = connection.createChannel()) {
            channel.queueDeclare(BrokerConfigSourceFactory.FACTS_QUEUE, true, false, false, null);
            channel.queueDeclare(BrokerConfigSourceFactory.DEAD_LETTER_QUEUE, true, false, false, null);
            channel.exchangeDeclare(BrokerConfigSourceFactory.EVENTS_EXCHANGE, "topic", true);
            LOG.infof("RabbitMQ %s:%d: queues %s, %s and exchange %s declared", host, port,
                    BrokerConfigSourceFactory.FACTS_QUEUE, BrokerConfigSourceFactory.DEAD_LETTER_QUEUE,
                    BrokerConfigSourceFactory.EVENTS_EXCHANGE);
            return true;
        } catch (Exception e) {
            LOG.warnf("RabbitMQ %s:%d not reachable yet (%s); retrying", host, port, e.getMessage());
            return false;
        }
    }
}
