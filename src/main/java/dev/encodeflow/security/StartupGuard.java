package dev.encodeflow.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Stops the start of a service that would serve anonymous requests beyond the loopback
 * interface (or whose token settings are half done), with a message that says how to fix it.
 * Even before this check runs, {@link RoleAugmentor} grants nothing to an anonymous request
 * that did not come over loopback.
 */
@ApplicationScoped
public class StartupGuard {

    private static final Logger LOG = Logger.getLogger(StartupGuard.class);

    void check(@Observes @Priority(1) StartupEvent event) {
        var config = ConfigProvider.getConfig();
        AuthSettings settings = AuthSettings.from(key -> config.getOptionalValue(key, String.class).orElse(null));
        // Tests listen on quarkus.http.test-host (localhost), whatever quarkus.http.host says.
        String host = LaunchMode.current() == LaunchMode.TEST
                ? config.getOptionalValue("quarkus.http.test-host", String.class).orElse("localhost")
                : config.getOptionalValue(AuthSettings.HOST, String.class).orElse("0.0.0.0");
        settings.refusal(host).ifPresent(reason -> {
            LOG.error(reason);
            throw new IllegalStateException(reason);
        });
        if (settings.tokensRequired()) {
            LOG.infof("Bearer tokens required on /api/v1 (issuer %s); listening on %s", settings.issuer().get(), host);
        } else {
            LOG.warnf("No token key configured: anonymous requests are served, on %s only. "
                    + "See docs/security.md to configure keys before exposing the service.", host);
        }
    }
}
