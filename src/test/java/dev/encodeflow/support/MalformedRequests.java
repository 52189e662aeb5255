package dev.encodeflow.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A corpus of malformed requests over every endpoint of the API, made from a seed (the same seed
 * gives the same corpus): hostile path and query values, every field of every body replaced by
 * hostile values of every JSON type, removed, or joined by unknown ones, bodies cut or with bytes
 * flipped, invalid UTF-8, wrong methods and media types. None of them is a valid request: sources
 * never exist and codecs are never known, so whatever passes one check fails another.
 */
public final class MalformedRequests {

    /** One request: method, path (already encoded), media type (or null) and body (or null). */
    public record Request(String method, String path, String contentType, byte[] body) {

        public String describe() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + path + (contentType == null ? "" : " [" + contentType + "] ")
                    + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
        }
    }

    /** Non-ASCII written as \\u escapes, so that a lone surrogate goes out as JSON writes it ("\\ud800"). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());

    /** Strings no field accepts as they are, or that attack whatever reads them. */
    static final List<String> HOSTILE_STRINGS = List.of("", " ", "\u0000", "a\u0000b", "\ud800", "x\udfff", "\ud83d",
            "../../etc/passwd", "/etc/passwd", "file:///etc/passwd", "http://169.254.169.254/", "%00", "%2e%2e%2f",
            "' OR 1=1 --", "\"; DROP TABLE asset; --", "$(id)", "`id`", "${jndi:ldap://x/a}", "#{7*7}", "{{7*7}}",
            "<script>alert(1)</script>", "\u202e\u0000", "\r\n\r\nX-Injected: 1", "\t", "a".repeat(5000),
            "é".repeat(3000), "\uFFFF", "🎬".repeat(100), "null", "NaN", "-1", "1e309", "AVC", "concat:a|b",
            "pipe:0", "subfile,,start,0,end,0,,:x", "-i", "-y");

    /** Values of other JSON types. */
    static final List<Object> HOSTILE_VALUES = List.of(-1, 0, 101, Integer.MAX_VALUE, Long.MAX_VALUE, -1.5, 1e308,
            true, false, List.of(), List.of(1), Map.of(), Map.of("a", 1));

    private MalformedRequests() {
    }

    public static List<Request> corpus(long seed, int atLeast) {
        Random random = new Random(seed);
        List<Request> requests = new ArrayList<>();
        paths(requests);
        queries(requests);
        assetBodies(requests);
        factBodies(requests);
        ruleBodies(requests);
        methodsAndTypes(requests);
        while (requests.size() < atLeast) {
            requests.add(mangled(random));
        }
        return requests;
    }

    private static void paths(List<Request> out) {
        for (String id : HOSTILE_STRINGS) {
            String encoded = encode(id);
            if (encoded.isEmpty()) {
                continue;
            }
            for (String suffix : List.of("", "/tasks", "/history")) {
                out.add(new Request("GET", "/api/v1/assets/" + encoded + suffix, null, null));
            }
        }
        for (String raw : List.of("%00", "%ED%A0%80", "%C0%AE%C0%AE", "..%2F..%2F", "%25", "%", "%zz",
                "x".repeat(3000))) {
            out.add(new Request("GET", "/api/v1/assets/" + raw, null, null));
            out.add(new Request("GET", "/api/v1/assets/" + raw + "/tasks", null, null));
        }
    }

    private static void queries(List<Request> out) {
        for (String value : HOSTILE_STRINGS) {
            String v = encode(value);
            if (!value.isBlank()) {
                // A blank state or limit counts as not given.
                out.add(new Request("GET", "/api/v1/assets?state=" + v, null, null));
                out.add(new Request("GET", "/api/v1/assets?limit=" + v, null, null));
            }
            out.add(new Request("GET", "/api/v1/assets?after=" + v + "x", null, null));
            out.add(new Request("GET", "/api/v1/assets/none/history?after=" + v + "x", null, null));
            out.add(new Request("GET", "/api/v1/assets/none/history?limit=" + v, null, null));
            out.add(new Request("POST", "/api/v1/rules/validate?name=" + v + "x", "text/plain",
                    "package x;".getBytes(StandardCharsets.UTF_8)));
        }
        for (String limit : List.of("0", "201", "-5", "99999999999", "1.5", "0x10")) {
            out.add(new Request("GET", "/api/v1/assets?limit=" + limit, null, null));
            out.add(new Request("GET", "/api/v1/assets/none/history?limit=" + limit, null, null));
        }
        // Cursors that decode to hostile ids.
        for (String inside : List.of("2026-01-01T00:00:00Z|\u0000", "2026-01-01T00:00:00Z|\ud800x", "nonsense|a",
                "2026-01-01T00:00:00Z", "|")) {
            String cursor = java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(inside.getBytes(StandardCharsets.UTF_8));
            out.add(new Request("GET", "/api/v1/assets?after=" + cursor, null, null));
        }
    }

    private static Map<String, Object> validAsset() {
        Map<String, Object> rung = new LinkedHashMap<>(Map.of("name", "r", "codec", "avc", "width", 640,
                "height", 360, "crf", 23, "preset", "veryfast"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "fuzz-asset");
        body.put("source", "fuzz/never-there.mp4");
        body.put("priority", 50);
        body.put("chunking", new LinkedHashMap<>(Map.of("seconds", 2.0)));
        body.put("ladder", new ArrayList<>(List.of(rung)));
        return body;
    }

    private static void assetBodies(List<Request> out) {
        List<String> fields = List.of("id", "source", "priority", "chunking", "chunking.seconds", "ladder",
                "ladder.0", "ladder.0.name", "ladder.0.codec", "ladder.0.width", "ladder.0.height", "ladder.0.crf",
                "ladder.0.bitrateKbps", "ladder.0.maxrateKbps", "ladder.0.bufferKbits", "ladder.0.preset",
                "ladder.0.profile", "ladder.0.bitDepth", "ladder.0.fps", "unknown");
        for (String field : fields) {
            for (Object value : values()) {
                out.add(json("POST", "/api/v1/assets", with(validAsset(), field, value)));
            }
            out.add(json("POST", "/api/v1/assets", without(validAsset(), field)));
        }
        out.add(json("POST", "/api/v1/assets", Map.of("source", "fuzz/never-there.mp4",
                "chunking", Map.of("seconds", 0.001))));
        List<Object> big = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            big.add(Map.of("name", "r" + i, "codec", "avc", "width", 640, "height", 360, "crf", 23));
        }
        out.add(json("POST", "/api/v1/assets", with(validAsset(), "ladder", big)));
    }

    private static void factBodies(List<Request> out) {
        List<Map<String, Object>> facts = List.of(
                new LinkedHashMap<>(Map.of("type", "EncodeStale", "assetId", "fuzz-none", "rendition", "r",
                        "reason", "x")),
                new LinkedHashMap<>(Map.of("type", "Cancel", "assetId", "fuzz-none", "reason", "x")),
                new LinkedHashMap<>(Map.of("type", "Reprioritize", "assetId", "fuzz-none", "priority", 90)),
                new LinkedHashMap<>(Map.of("type", "EncoderUpgraded", "codec", "no-such-codec", "version", "9")));
        for (Map<String, Object> fact : facts) {
            for (String field : List.of("type", "id", "assetId", "rendition", "reason", "priority", "codec",
                    "version", "unknown")) {
                if (!fact.containsKey(field) && !field.equals("id") && !field.equals("unknown")) {
                    continue;
                }
                for (Object value : values()) {
                    out.add(json("POST", "/api/v1/facts", with(copy(fact), field, value)));
                }
                out.add(json("POST", "/api/v1/facts", without(copy(fact), field)));
            }
        }
    }

    private static void ruleBodies(List<Request> out) {
        for (String text : HOSTILE_STRINGS) {
            out.add(new Request("POST", "/api/v1/rules/validate", "text/plain", text.getBytes(StandardCharsets.UTF_8)));
            out.add(json("POST", "/api/v1/rules/validate", Map.of("files", Map.of("x.drl", text + "\u0000"))));
            out.add(json("POST", "/api/v1/rules/validate", Map.of("files", Map.of(text + ".drl", "package x;\u0000"))));
            out.add(json("POST", "/api/v1/rules/preview", Map.of("files", Map.of("x.drl", "package x;\u0000"),
                    "assets", List.of(text))));
            out.add(json("POST", "/api/v1/rules/preview", Map.of("files", Map.of("x.drl", "rule"), "state", text)));
        }
        for (Object value : values()) {
            out.add(json("POST", "/api/v1/rules/validate", object("files", value)));
            out.add(json("POST", "/api/v1/rules/preview", object("files", Map.of("x.drl", "rule"), "limit", value)));
            out.add(json("POST", "/api/v1/rules/preview", object("files", value)));
        }
        List<Object> nulls = new ArrayList<>();
        nulls.add(null);
        nulls.add("a");
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("files", Map.of("x.drl", "package x;"));
        preview.put("assets", nulls);
        out.add(json("POST", "/api/v1/rules/preview", preview));
        // Invalid UTF-8 and a surrogate encoded as UTF-8 (CESU), in text and JSON bodies.
        for (byte[] bytes : List.of(new byte[] {(byte) 0xff, (byte) 0xfe, 'x'}, new byte[] {(byte) 0xed, (byte) 0xa0,
                (byte) 0x80}, new byte[] {'p', 0, 'x'})) {
            out.add(new Request("POST", "/api/v1/rules/validate", "text/plain", bytes));
            out.add(new Request("POST", "/api/v1/assets", "application/json", concat("{\"id\":\"", bytes, "\"}")));
            out.add(new Request("POST", "/api/v1/facts", "application/json", concat("{\"type\":\"Cancel\",\"assetId\":\"",
                    bytes, "\"}")));
        }
    }

    private static void methodsAndTypes(List<Request> out) {
        // (The reload takes no body, so any body is as good as none there: not in this list.)
        List<String> paths = List.of("/api/v1/assets", "/api/v1/assets/x", "/api/v1/facts", "/api/v1/rules",
                "/api/v1/rules/validate", "/api/v1/rules/preview", "/api/v1/nothing");
        for (String path : paths) {
            for (String method : List.of("PUT", "DELETE", "PATCH", "TRACE")) {
                out.add(new Request(method, path, "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
            }
            for (String type : List.of("application/xml", "text/html", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=utf-16")) {
                out.add(new Request("POST", path, type, "<a/>".getBytes(StandardCharsets.UTF_8)));
            }
            out.add(new Request("POST", path, "application/json", "{".repeat(5000).getBytes(StandardCharsets.UTF_8)));
            out.add(new Request("POST", path, "application/json", "[".repeat(100_000).getBytes(StandardCharsets.UTF_8)));
            out.add(new Request("POST", path, "application/json", new byte[2 * 1024 * 1024]));
        }
    }

    /** A valid-shaped body cut short, with bytes flipped, duplicated or spliced. */
    private static Request mangled(Random random) {
        boolean asset = random.nextBoolean();
        Map<String, Object> body = asset ? validAsset()
                : new LinkedHashMap<>(Map.of("type", "Cancel", "assetId", "fuzz-none", "reason", "x"));
        byte[] bytes = write(body);
        switch (random.nextInt(5)) {
            case 0 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 1 -> {
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                int at = random.nextInt(bytes.length);
                byte[] longer = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, longer, 0, at);
                String splice = "{}[],:\"\\\u0000";
                longer[at] = (byte) splice.charAt(random.nextInt(splice.length()));
                System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                bytes = longer;
            }
            case 3 -> {
                String field = asset ? List.of("id", "source", "priority", "ladder.0.width", "ladder.0.codec",
                        "chunking.seconds").get(random.nextInt(6)) : List.of("type", "assetId", "reason").get(random.nextInt(3));
                List<Object> all = values();
                bytes = write(with(body, field, all.get(random.nextInt(all.size()))));
            }
            default -> {
                String text = new String(bytes, StandardCharsets.UTF_8);
                int from = random.nextInt(text.length());
                bytes = (text.substring(0, from) + text.substring(random.nextInt(from + 1))).getBytes(StandardCharsets.UTF_8);
            }
        }
        return new Request("POST", asset ? "/api/v1/assets" : "/api/v1/facts", "application/json", bytes);
    }

    private static List<Object> values() {
        List<Object> values = new ArrayList<>(HOSTILE_STRINGS);
        values.addAll(HOSTILE_VALUES);
        values.add(null);
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> with(Map<String, Object> body, String path, Object value) {
        String[] parts = path.split("\\.");
        Object node = body;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node instanceof Map<?, ?> map ? map.get(parts[i]) : ((List<Object>) node).get(Integer.parseInt(parts[i]));
        }
        String last = parts[parts.length - 1];
        if (node instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put(last, value);
        } else if (node instanceof List<?> list) {
            ((List<Object>) list).set(Integer.parseInt(last), value);
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> without(Map<String, Object> body, String path) {
        String[] parts = path.split("\\.");
        Object node = body;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node instanceof Map<?, ?> map ? map.get(parts[i]) : ((List<Object>) node).get(Integer.parseInt(parts[i]));
        }
        if (node instanceof Map<?, ?> map) {
            map.remove(parts[parts.length - 1]);
        } else if (node instanceof List<?> list) {
            list.clear();
        }
        return body;
    }

    /** A JSON object from key, value pairs (values may be null). */
    private static Map<String, Object> object(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> copy(Map<String, Object> map) {
        return new LinkedHashMap<>(map);
    }

    private static Request json(String method, String path, Object body) {
        return new Request(method, path, "application/json", write(body));
    }

    private static byte[] write(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] a = head.getBytes(StandardCharsets.UTF_8);
        byte[] c = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
