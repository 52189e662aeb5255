package dev.encodeflow.model;

import java.util.Map;

/**
 * Result of a PACKAGE task: the streaming manifests written over the renditions, by format
 * ({@code "hls"}: the master playlist, {@code "dash"}: the MPD; paths relative to the output
 * root), and the generation of each rendition they were made from. A re-encoded rendition makes
 * the package out of date: {@link #covers} tells.
 */
public record Packaged(Map<String, Integer> generations, Map<String, String> manifests) {

    public Packaged {
        generations = Map.copyOf(generations);
        manifests = Map.copyOf(manifests);
    }

    /** The generation of the named rendition in this package, or -1 when it is not in it. */
    public int generationOf(String rendition) {
        return generations.getOrDefault(rendition, -1);
    }

    /** True when this package was made from this very rendition (same generation). */
    public boolean covers(Rendition rendition) {
        return generationOf(rendition.getName()) == rendition.getGeneration();
    }
}
