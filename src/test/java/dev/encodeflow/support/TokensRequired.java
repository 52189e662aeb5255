package dev.encodeflow.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A test profile with bearer tokens configured (Contract v2, Security), verified against {@link TestKeys}. */
public class TokensRequired implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "mp.jwt.verify.publickey.location", TestKeys.publicKeyPem().toString(),
                "mp.jwt.verify.issuer", TestKeys.ISSUER,
                "workers.enabled", "false");
    }
}
