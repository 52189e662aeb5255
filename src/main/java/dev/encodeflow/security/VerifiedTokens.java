package dev.encodeflow.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tokens already verified, with the identity each gave, until the token expires (five minutes at
 * most). Ingestion systems send the same token for every request; checking its RS256 signature
 * and parsing its claims each time cost about a third of the cheapest request (the auth-overhead
 * benchmark). The key is the whole token, so only the very token that was verified is accepted
 * again, and never after its expiry.
 */
@ApplicationScoped
public class VerifiedTokens {

    static final Duration LONGEST = Duration.ofMinutes(5);

    private record Verified(SecurityIdentity identity, Instant expires) {
    }

    private final Clock clock;
    private final Cache<String, Verified> cache;

    VerifiedTokens(Clock clock) {
        this.clock = clock;
        this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfter(new Expiry<String, Verified>() {
            @Override
            public long expireAfterCreate(String token, Verified verified, long now) {
                return Math.max(0, Duration.between(clock.instant(), verified.expires()).toNanos());
            }

            @Override
            public long expireAfterUpdate(String token, Verified verified, long now, long current) {
                return current;
            }

            @Override
            public long expireAfterRead(String token, Verified verified, long now, long current) {
                return current;
            }
        }).build();
    }

    /** The identity a token gave when it was verified, while it is still valid. */
    public Optional<SecurityIdentity> find(String token) {
        Verified verified = cache.getIfPresent(token);
        if (verified == null || !clock.instant().isBefore(verified.expires())) {
            return Optional.empty();
        }
        return Optional.of(verified.identity());
    }

    /** Remembers a verified token's identity (its roles included), without the request it came with. */
    void remember(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getRawToken() == null
                || jwt.getExpirationTime() <= 0 || cache.getIfPresent(jwt.getRawToken()) != null) {
            // Not a verified token, or one already remembered (the augmentor sees every request's
            // identity, the remembered ones too).
            return;
        }
        Instant expires = Instant.ofEpochSecond(jwt.getExpirationTime());
        Instant cap = clock.instant().plus(LONGEST);
        SecurityIdentity detached = QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .build();
        cache.put(jwt.getRawToken(), new Verified(detached, expires.isBefore(cap) ? expires : cap));
    }
}
