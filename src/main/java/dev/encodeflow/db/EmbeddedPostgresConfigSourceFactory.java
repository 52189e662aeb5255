package dev.encodeflow.db;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.util.List;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the datasource settings of an embedded PostgreSQL when none are configured, so that a
 * newcomer can start the service with no database at hand. An explicit
 * {@code quarkus.datasource.jdbc.url} (file, environment or system property) always wins: this
 * source has the lowest ordinal and is consulted only for keys nobody else defines.
 *
 * <p>The server starts lazily, on the first read of the URL, so merely building the configuration
 * (Quarkus does that at build time too) starts nothing.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "quarkus.datasource.jdbc.url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (isSet(context.getValue(URL)) || !enabled(context)) {
            return List.of();
        }
        return List.of(new EmbeddedPostgresConfigSource(dataDirectory(context)));
    }

    @Override
    public OptionalInt getPriority() {
        // Run after the standard sources so their values are visible in the context.
        return OptionalInt.of(Integer.MIN_VALUE + 100);
    }

    private static boolean enabled(ConfigSourceContext context) {
        ConfigValue value = context.getValue("database.embedded.enabled");
        return !isSet(value) || Boolean.parseBoolean(value.getValue());
    }

    private static String dataDirectory(ConfigSourceContext context) {
        ConfigValue value = context.getValue("database.embedded.data-dir");
        return isSet(value) ? value.getValue() : "media/db";
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
