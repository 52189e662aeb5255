package dev.encodeflow.support;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile for tests whose facts reach every asset (an encoder upgrade): the application
 * restarts under it, and Flyway wipes the database at start, so only the test's own assets exist.
 */
public class FreshDatabase implements QuarkusTestProfile {
}
