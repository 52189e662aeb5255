package dev.encodeflow.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether bearer tokens are configured, read from the MicroProfile JWT keys of Contract v2: the
 * key file's location is the switch. The issuer must be set with it: a key without an issuer
 * would accept tokens minted for any other service sharing the key. (An inline
 * {@code mp.jwt.verify.publickey} does not count: Quarkus sets one, with an issuer, in dev and
 * test mode when no key is configured.)
 */
public record AuthSettings(Optional<String> keyLocation, Optional<String> issuer) {

    public static final String KEY_LOCATION = "mp.jwt.verify.publickey.location";
    public static final String ISSUER = "mp.jwt.verify.issuer";
    public static final String HOST = "quarkus.http.host";
    public static final String LOOPBACK = "127.0.0.1";

    /** Reads the settings through any lookup of configuration values (missing or blank: empty). */
    public static AuthSettings from(Function<String, String> lookup) {
        return new AuthSettings(value(lookup, KEY_LOCATION), value(lookup, ISSUER));
    }

    /** Tokens are verified: a key and an issuer are configured. */
    public boolean tokensRequired() {
        return keyLocation.isPresent() && issuer.isPresent();
    }

    /** A key without an issuer: a mistake worth refusing to start over. */
    public boolean halfConfigured() {
        return keyLocation.isPresent() && issuer.isEmpty();
    }

    /**
     * Why the service must not start with these settings on {@code host}, or empty when it may:
     * without tokens, anonymous requests are served, so only the loopback interface may listen.
     */
    public Optional<String> refusal(String host) {
        if (halfConfigured()) {
            return Optional.of("Authentication is half configured: " + KEY_LOCATION
                    + " (MP_JWT_VERIFY_PUBLICKEY_LOCATION) is set but " + ISSUER
                    + " (MP_JWT_VERIFY_ISSUER) is not; tokens must name the issuer they come from. "
                    + "See docs/security.md.");
        }
        if (!tokensRequired() && !isLoopback(host)) {
            return Optional.of("Refusing to listen on " + host + " without authentication: anyone who reaches "
                    + "the service could change its work and its rules. Configure a key pair ("
                    + "MP_JWT_VERIFY_PUBLICKEY_LOCATION=<public key PEM> and MP_JWT_VERIFY_ISSUER=<issuer>; "
                    + "docs/examples/jwt-keys.sh makes one, docs/security.md explains), or listen on 127.0.0.1 only.");
        }
        return Optional.empty();
    }

    /** 127.0.0.0/8, ::1 and names that resolve only to them; a wildcard address is not loopback. */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host.strip());
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Optional<String> value(Function<String, String> lookup, String key) {
        String value = lookup.apply(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
