package dev.encodeflow.facts;

import dev.encodeflow.cluster.InstanceRoles;
import dev.encodeflow.media.encoder.EncoderIdentities;
import dev.encodeflow.model.Codec;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * At start, a workers instance tells the catalog which encoders it runs
 * ({@link EncoderIdentities}); a codec's identity never seen before is recorded as an
 * {@code EncoderUpgraded} by the service itself ({@link EncoderVersions#detected}), and the rules
 * re-encode what it made stale. Runs beside the start-up: the detection takes a few hundred
 * milliseconds and the service need not wait for it.
 */
@ApplicationScoped
public class EncoderWatch {

    private static final Logger LOG = Logger.getLogger(EncoderWatch.class);

    private final EncoderIdentities identities;
    private final EncoderVersions versions;
    private final InstanceRoles roles;

    EncoderWatch(EncoderIdentities identities, EncoderVersions versions, InstanceRoles roles) {
        this.identities = identities;
        this.versions = versions;
        this.roles = roles;
    }

    void onStart(@Observes StartupEvent event) {
        if (!roles.has(InstanceRoles.WORKERS)) {
            return;
        }
        Thread thread = new Thread(this::check, "encoder-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Records this instance's encoders; what an upgrade made stale is logged. */
    public void check() {
        try {
            for (Map.Entry<Codec, String> encoder : identities.all().entrySet()) {
                if (encoder.getValue().contains("unknown")) {
                    // A build that would not say its version is not evidence of an upgrade.
                    LOG.warnf("The %s encoder did not report its version (%s): not recorded", encoder.getKey().id(),
                            encoder.getValue());
                    continue;
                }
                EncoderVersions.Upgrade upgrade = versions.detected(encoder.getKey(), encoder.getValue());
                if (upgrade != null) {
                    LOG.infof("Encoder %s is new here (%s): %d renditions of %d assets are re-encoded",
                            upgrade.codec(), upgrade.version(), upgrade.staleRenditions(), upgrade.assets());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not record this instance's encoders: %s", e.toString());
        }
    }
}
