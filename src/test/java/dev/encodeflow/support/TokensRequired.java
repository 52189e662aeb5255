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
                // One second of clock-skew allowance (60 s by default; 0 means the default), so a
                // test can see a token expire.
                "mp.jwt.verify.clock.skew", "1",
                "workers.enabled", "false");
    }
}
