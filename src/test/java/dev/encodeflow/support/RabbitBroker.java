package dev.encodeflow.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The RabbitMQ on this machine (127.0.0.1:5672, guest/guest; .ci/run starts it), as a test
 * profile (the service with {@code messaging.broker=rabbitmq}) and as a client for the test.
 */
public class RabbitBroker implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("messaging.broker", "rabbitmq", "rabbitmq-host", "127.0.0.1", "rabbitmq-port", "5672",
                "messaging.progress-interval", "PT0.5S");
    }

    /** A connection that recovers by itself after a broker restart. */
    public static Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setAutomaticRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(500);
        return factory.newConnection("encodeflow-test");
    }

    /** Takes up to {@code count} messages from a queue within {@code timeout}, acknowledging them. */
    public static List<GetResponse> take(Channel channel, String queue, int count, Duration timeout) throws Exception {
        List<GetResponse> got = new ArrayList<>();
        Instant end = Instant.now().plus(timeout);
        while (got.size() < count && Instant.now().isBefore(end)) {
            GetResponse response = channel.basicGet(queue, true);
            if (response == null) {
                Thread.sleep(50);
            } else {
                got.add(response);
            }
        }
        return got;
    }

    /** rabbitmqctl with arguments; fails the test if it fails. */
    public static void ctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new AssertionError("rabbitmqctl " + String.join(" ", args) + ": " + out);
        }
    }
}
