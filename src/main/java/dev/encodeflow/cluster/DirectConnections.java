package dev.encodeflow.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Connections to the service's database outside the pool, for the two that live apart from
 * transactions: the wake-up listener (LISTEN is session state, held for the instance's life) and
 * the notifier. Named, so that {@code pg_stat_activity} tells them apart.
 */
@ApplicationScoped
public class DirectConnections {

    private final String url;
    private final String user;
    private final String password;

    DirectConnections(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username", defaultValue = "postgres") String user,
            @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "") String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public Connection open(String applicationName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url, properties);
    }
}
