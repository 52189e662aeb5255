package dev.encodeflow.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Turns an authenticated caller's groups into the roles endpoints check ({@link Roles}), and
 * serves the newcomer's setup: with no token key configured, an anonymous request that arrived
 * over the loopback interface acts as the local operator with every role. The loopback test uses
 * the socket's own addresses, never a forwarded header, so no proxy header can claim to be local.
 * Anything else anonymous stays anonymous: endpoints then answer 401.
 */
@ApplicationScoped
public class RoleAugmentor implements SecurityIdentityAugmentor {

    static final String LOCAL_PRINCIPAL = "local";

    private final boolean tokensRequired;
    private final VerifiedTokens verified;

    RoleAugmentor(VerifiedTokens verified) {
        this.verified = verified;
        var config = ConfigProvider.getConfig();
        this.tokensRequired = AuthSettings.from(key -> config.getOptionalValue(key, String.class).orElse(null))
                .tokensRequired();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return augment(identity, context, Map.of());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
            Map<String, Object> attributes) {
        if (identity.isAnonymous()) {
            if (tokensRequired || !overLoopback(routingContext(identity, attributes))) {
                return Uni.createFrom().item(identity);
            }
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(LOCAL_PRINCIPAL))
                    .addRoles(Roles.effective(Roles.ALL))
                    .setAnonymous(false)
                    .build());
        }
        SecurityIdentity augmented = QuarkusSecurityIdentity.builder(identity)
                .addRoles(Roles.effective(identity.getRoles()))
                .build();
        verified.remember(augmented);
        return Uni.createFrom().item(augmented);
    }

    private static RoutingContext routingContext(SecurityIdentity identity, Map<String, Object> attributes) {
        RoutingContext fromAttributes = HttpSecurityUtils.getRoutingContextAttribute(attributes);
        return fromAttributes != null ? fromAttributes : HttpSecurityUtils.getRoutingContextAttribute(identity);
    }

    /** Both ends of the TCP connection are loopback addresses. */
    static boolean overLoopback(RoutingContext context) {
        if (context == null || context.request() == null || context.request().connection() == null) {
            return false;
        }
        return isLoopback(context.request().connection().remoteAddress())
                && isLoopback(context.request().connection().localAddress());
    }

    private static boolean isLoopback(SocketAddress address) {
        if (address == null || address.hostAddress() == null) {
            return false;
        }
        String host = address.hostAddress();
        return host.startsWith("127.") || host.equals("0:0:0:0:0:0:0:1") || host.equals("::1");
    }
}
