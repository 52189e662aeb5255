package dev.encodeflow.rules.guard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds a cycle in the calls between DRL functions: with for-each loops only, recursion is the one way left not to end. */
final class Recursion {

    private Recursion() {
    }

    /** A cycle such as "a -> b -> a", if there is one. */
    static Optional<String> find(Map<String, Set<String>> calls) {
        Set<String> done = new HashSet<>();
        for (String start : calls.keySet()) {
            List<String> path = new ArrayList<>();
            Optional<String> cycle = visit(start, calls, path, done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> visit(String function, Map<String, Set<String>> calls, List<String> path,
            Set<String> done) {
        int seen = path.indexOf(function);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(function);
            return Optional.of(String.join(" -> ", cycle));
        }
        if (done.contains(function)) {
            return Optional.empty();
        }
        path.add(function);
        for (String callee : calls.getOrDefault(function, Set.of())) {
            Optional<String> cycle = visit(callee, calls, path, done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        done.add(function);
        return Optional.empty();
    }
}
