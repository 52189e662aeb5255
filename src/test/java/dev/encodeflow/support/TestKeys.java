package dev.encodeflow.support;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * An RSA key pair made for one test JVM, its public half written as PEM for the service to
 * verify with, and tokens signed with it (or, to be refused, with another key, issuer or time).
 * Quarkus loads this class twice (the test profile in one class loader, the test in another), so
 * the pair is kept in files whose folder a system property names: both copies use one pair.
 */
public final class TestKeys {

    public static final String ISSUER = "https://issuer.encodeflow.test";
    private static final String PROPERTY = "encodeflow.test-keys";
    private static final KeyPair PAIR = shared();
    private static final KeyPair OTHER = generate();
    private static final Path PUBLIC_PEM = Path.of(System.getProperty(PROPERTY), "public.pem");

    private TestKeys() {
    }

    public static Path publicKeyPem() {
        return PUBLIC_PEM;
    }

    /** A valid token with these groups, for an hour. */
    public static String token(String... groups) {
        return Jwt.issuer(ISSUER).upn("tester").groups(Set.of(groups)).expiresAt(Instant.now().plusSeconds(3600))
                .sign(PAIR.getPrivate());
    }

    /** A valid token with these groups that expires {@code seconds} from now. */
    public static String tokenFor(long seconds, String... groups) {
        return Jwt.issuer(ISSUER).upn("tester").groups(Set.of(groups)).expiresAt(Instant.now().plusSeconds(seconds))
                .sign(PAIR.getPrivate());
    }

    public static String tokenFromOtherIssuer(String... groups) {
        return Jwt.issuer("https://someone-else.test").upn("tester").groups(Set.of(groups))
                .expiresAt(Instant.now().plusSeconds(3600)).sign(PAIR.getPrivate());
    }

    /** Expired well beyond any clock skew allowance. */
    public static String expiredToken(String... groups) {
        return Jwt.issuer(ISSUER).upn("tester").groups(Set.of(groups)).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign(PAIR.getPrivate());
    }

    public static String tokenSignedByAnotherKey(String... groups) {
        return Jwt.issuer(ISSUER).upn("tester").groups(Set.of(groups)).expiresAt(Instant.now().plusSeconds(3600))
                .sign(OTHER.getPrivate());
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KeyPair shared() {
        try {
            String existing = System.getProperty(PROPERTY);
            if (existing != null) {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                Path dir = Path.of(existing);
                return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(dir.resolve("public.der")))),
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve("private.der")))));
            }
            KeyPair pair = generate();
            Path dir = Files.createDirectories(Path.of("target/test-keys", UUID.randomUUID().toString()).toAbsolutePath());
            Files.write(dir.resolve("public.der"), pair.getPublic().getEncoded());
            Files.write(dir.resolve("private.der"), pair.getPrivate().getEncoded());
            String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded());
            Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
            System.setProperty(PROPERTY, dir.toString());
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
