package dev.encodeflow.worker;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This instance's name on the task claims it holds: {@code <name>/<boot>}. The name is stable
 * across restarts ({@code workers.instance-name}, by default host and HTTP port, which no two
 * live instances on a host share); the boot part is new on every start. So a restarted instance
 * knows that claims with its name and another boot are from its previous, dead run.
 */
@Singleton
public class InstanceId {

    private final String name;
    private final String value;

    InstanceId(@ConfigProperty(name = "workers.instance-name") Optional<String> configured,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        String boot = UUID.randomUUID().toString().substring(0, 8);
        if (configured.isPresent() && !configured.get().isBlank()) {
            name = configured.get();
        } else if (port > 0) {
            name = host() + ":" + port;
        } else {
            // A random port is not a stable name: never claim a previous run's tasks.
            name = host() + ":random-" + boot;
        }
        value = name + "/" + boot;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** The claim owner written on tasks. */
    public String value() {
        return value;
    }

    /** The owner prefix shared by every run of this instance. */
    public String namePrefix() {
        return name + "/";
    }

    @Override
    public String toString() {
        return value;
    }
}
