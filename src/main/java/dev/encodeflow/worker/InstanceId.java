package dev.encodeflow.worker;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** This instance's name on the task claims it holds: host, process id and a random suffix. */
@Singleton
public class InstanceId {

    private final String value;

    InstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        value = host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
