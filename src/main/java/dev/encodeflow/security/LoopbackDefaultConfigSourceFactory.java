package dev.encodeflow.security;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The secure default for newcomers: with no token verification configured, the HTTP server
 * listens on 127.0.0.1 unless told otherwise (Quarkus' own default is every interface). With
 * tokens configured, Quarkus' default stands. An explicit {@code quarkus.http.host} always wins:
 * this source has the lowest ordinal; {@link StartupGuard} then refuses an unsafe one.
 */
public class LoopbackDefaultConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        AuthSettings settings = AuthSettings.from(key -> valueOf(context.getValue(key)));
        if (settings.tokensRequired()) {
            return List.of();
        }
        return List.of(new MapBackedConfigSource("encodeflow-loopback-default",
                Map.of(AuthSettings.HOST, AuthSettings.LOOPBACK), 1) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        // After the standard sources, so that their values are visible in the context.
        return OptionalInt.of(Integer.MIN_VALUE + 100);
    }

    private static String valueOf(ConfigValue value) {
        return value == null ? null : value.getValue();
    }
}
