package dev.encodeflow.cluster;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/** Refuses to start with a role it does not know (a typo would silently leave a tier idle). */
@ApplicationScoped
public class RolesCheck {

    private static final Logger LOG = Logger.getLogger(RolesCheck.class);

    void onStart(@Observes @jakarta.annotation.Priority(1) StartupEvent event, InstanceRoles roles) {
        TreeSet<String> unknown = new TreeSet<>(roles.roles());
        unknown.removeAll(InstanceRoles.ALL);
        if (!unknown.isEmpty() || roles.roles().isEmpty()) {
            throw new DeploymentException("instance.roles: unknown " + unknown + "; use any of api, evaluator, workers");
        }
        LOG.infof("Instance roles: %s", new TreeSet<>(roles.roles()));
    }
}
