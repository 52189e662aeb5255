package dev.encodeflow.support;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every REST endpoint of the application, found by scanning the compiled classes for JAX-RS
 * resources, so that a test can insist each one has a role policy and a row in its matrix.
 */
public final class Endpoints {

    /** One resource method: HTTP method, path template, the media type it consumes (or "*"), its policy. */
    public record Endpoint(String method, String path, String consumes, String policy) {

        public String key() {
            return method + " " + path + (consumes.equals("*") ? "" : " " + consumes);
        }
    }

    private Endpoints() {
    }

    public static List<Endpoint> all() {
        java.nio.file.Path classes = java.nio.file.Path.of("target/classes");
        List<Endpoint> endpoints = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = load(name);
                if (type != null && type.isAnnotationPresent(Path.class)) {
                    endpoints.addAll(of(type));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        endpoints.sort(Comparator.comparing(Endpoint::key));
        return endpoints;
    }

    private static List<Endpoint> of(Class<?> resource) {
        String base = resource.getAnnotation(Path.class).value();
        List<Endpoint> endpoints = new ArrayList<>();
        for (Method method : resource.getDeclaredMethods()) {
            String http = httpMethod(method);
            if (http == null) {
                continue;
            }
            Path sub = method.getAnnotation(Path.class);
            String path = sub == null ? base : (base + "/" + sub.value()).replaceAll("/+", "/");
            Consumes consumes = method.getAnnotation(Consumes.class);
            endpoints.add(new Endpoint(http, path, consumes == null ? "*" : String.join(",", consumes.value()),
                    policy(method, resource)));
        }
        return endpoints;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** The explicit policy: the method's annotation, else the class's; null when there is none. */
    private static String policy(Method method, Class<?> resource) {
        for (java.lang.reflect.AnnotatedElement element : List.of(method, resource)) {
            if (element.isAnnotationPresent(RolesAllowed.class)) {
                return "roles " + String.join(",", element.getAnnotation(RolesAllowed.class).value());
            }
            if (element.isAnnotationPresent(PermitAll.class)) {
                return "permit all";
            }
            if (element.isAnnotationPresent(DenyAll.class)) {
                return "deny all";
            }
        }
        return null;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Endpoints.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
