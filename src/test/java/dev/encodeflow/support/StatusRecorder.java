package dev.encodeflow.support;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Records, in every {@code @QuarkusTest}, each status code an API operation answered (method,
 * path template, status) in {@code target/observed-status/}: OpenApiIT compares them with what
 * the OpenAPI document says each operation answers. Only in tests (it lives in src/test).
 */
@Provider
public class StatusRecorder implements ContainerResponseFilter {

    public static final java.nio.file.Path DIR = java.nio.file.Path.of("target/observed-status");
    private static final java.nio.file.Path FILE = DIR.resolve(ProcessHandle.current().pid() + ".tsv");

    private static final java.util.concurrent.atomic.AtomicBoolean CLEANED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Observations of earlier runs (other JVMs, before this one started) are stale. Done at the
     * first response, not when the class loads: OpenApiIT reads {@link #DIR} in a later JVM.
     */
    private static void cleanEarlierRuns() throws IOException {
        long started = ManagementFactory.getRuntimeMXBean().getStartTime();
        Files.createDirectories(DIR);
        try (var files = Files.list(DIR)) {
            for (java.nio.file.Path file : files.toList()) {
                if (Files.getLastModifiedTime(file).toMillis() < started) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) throws IOException {
        Method method;
        try {
            method = resource == null ? null : resource.getResourceMethod();
        } catch (RuntimeException e) {
            // No resource method matched (a 404, 405 or 415 answered before one was chosen).
            return;
        }
        if (method == null || !resource.getResourceClass().isAnnotationPresent(Path.class)) {
            return;
        }
        String path = resource.getResourceClass().getAnnotation(Path.class).value();
        Path own = method.getAnnotation(Path.class);
        if (own != null) {
            path = path + (own.value().startsWith("/") ? "" : "/") + own.value();
        }
        String line = httpMethod(method) + "\t" + path + "\t" + response.getStatus() + "\n";
        synchronized (StatusRecorder.class) {
            if (CLEANED.compareAndSet(false, true)) {
                cleanEarlierRuns();
            }
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return "?";
    }
}
