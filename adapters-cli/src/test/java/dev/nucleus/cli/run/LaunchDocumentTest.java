package dev.nucleus.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.value.EnvVar;
import dev.nucleus.ports.out.LaunchSecrets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchDocumentTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String SECRET_1 = "s3cr3t-T0KEN-value-9f8e7d";
    private static final String SECRET_2 = "p@ss word \"quoted\" \\ ünïcødé\nsecond line";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LaunchDocument document(RawLaunchRequest.Origin origin) {
        Map<LaunchOption, List<String>> values = new LinkedHashMap<>();
        values.put(LaunchOption.MEMORY, List.of("512M"));
        values.put(LaunchOption.DETACH, List.of("true"));
        values.put(LaunchOption.RESTART, List.of("on-failure:3"));
        values.put(LaunchOption.ENV, List.of("A=1", "B=two words", "C="));
        values.put(LaunchOption.VOLUME, List.of("/srv/data:/data:ro", "/tmp/x:/x"));
        values.put(LaunchOption.DNS, List.of());
        values.put(LaunchOption.NAME, List.of("web-1"));
        Map<GlobalOption, String> globals = new EnumMap<>(GlobalOption.class);
        globals.put(GlobalOption.ROOT, "/tmp/nucleus state");
        globals.put(GlobalOption.EVENTS_JSONL, "/var/log/events.jsonl");
        globals.put(GlobalOption.LOG_LEVEL, "debug");
        return new LaunchDocument(ID, "create",
                new RawLaunchRequest(values, List.of("/bin/sh", "-c", "echo \"hi\" && sleep 1"), origin),
                new GlobalSettings(globals),
                new LaunchSecrets(List.of(new EnvVar("API_TOKEN", SECRET_1), new EnvVar("DB_PASSWORD", SECRET_2))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLAGS", "CONFIG_DOCUMENT"})
    void aDocumentRoundTripsExactly(String origin) {
        LaunchDocument doc = document(RawLaunchRequest.Origin.valueOf(origin));
        LaunchDocument back = LaunchDocument.fromJson(doc.toJson());
        assertEquals(doc, back);
        // and field by field, so that a lenient equals could not hide a loss
        assertEquals(ID, back.id());
        assertEquals("create", back.command());
        assertEquals(RawLaunchRequest.Origin.valueOf(origin), back.request().origin());
        assertEquals(List.of("A=1", "B=two words", "C="), back.request().get(LaunchOption.ENV));
        assertEquals(List.of("/srv/data:/data:ro", "/tmp/x:/x"), back.request().get(LaunchOption.VOLUME));
        assertEquals(List.of("512M"), back.request().get(LaunchOption.MEMORY));
        assertEquals(List.of("true"), back.request().get(LaunchOption.DETACH));
        assertEquals(List.of("on-failure:3"), back.request().get(LaunchOption.RESTART));
        assertTrue(back.request().has(LaunchOption.DNS), "an option given with no values stays given");
        assertEquals(List.of(), back.request().get(LaunchOption.DNS));
        assertFalse(back.request().has(LaunchOption.CPUS));
        assertEquals(List.of("/bin/sh", "-c", "echo \"hi\" && sleep 1"), back.request().command());
        assertEquals("/tmp/nucleus state", back.globals().get(GlobalOption.ROOT).orElseThrow());
        assertEquals("/var/log/events.jsonl", back.globals().get(GlobalOption.EVENTS_JSONL).orElseThrow());
        assertEquals("debug", back.globals().get(GlobalOption.LOG_LEVEL).orElseThrow());
        assertTrue(back.globals().get(GlobalOption.LOG).isEmpty());
        List<EnvVar> env = back.secrets().environment();
        assertEquals(2, env.size());
        assertEquals("API_TOKEN", env.get(0).key());
        assertEquals(SECRET_1, env.get(0).value());
        assertEquals("DB_PASSWORD", env.get(1).key());
        assertEquals(SECRET_2, env.get(1).value());
        // a second trip changes nothing either
        assertEquals(new String(doc.toJson(), StandardCharsets.UTF_8), new String(back.toJson(), StandardCharsets.UTF_8));
    }

    /** A topology service's names for its options (for its messages) survive the trip to the supervisor. */
    @Test
    void theKeyNamesOfATopologyRoundTrip() {
        LaunchDocument doc = document(RawLaunchRequest.Origin.CONFIG_DOCUMENT);
        RawLaunchRequest named = new RawLaunchRequest(doc.request().values(), doc.request().command(),
                RawLaunchRequest.Origin.CONFIG_DOCUMENT, Map.of(LaunchOption.PUBLISH, "port_forwards"));
        LaunchDocument back = LaunchDocument.fromJson(new LaunchDocument(ID, "create", named, doc.globals(),
                doc.secrets()).toJson());
        assertEquals(named, back.request());
        assertEquals("key 'port_forwards'", back.request().subject(LaunchOption.PUBLISH));
    }

    @Test
    void anEmptyDocumentRoundTrips() {
        LaunchDocument doc = new LaunchDocument(ID, "run",
                new RawLaunchRequest(Map.of(), List.of(), RawLaunchRequest.Origin.FLAGS), GlobalSettings.empty(),
                LaunchSecrets.none());
        assertEquals(doc, LaunchDocument.fromJson(doc.toJson()));
    }

    /** For a supervisor that takes its secrets on stdin: the document holds none, the stdin part all. */
    @Test
    void theSecretsCanTravelApartFromTheDocument() {
        LaunchDocument doc = document(RawLaunchRequest.Origin.FLAGS);
        byte[] file = doc.toJson(false);
        String text = new String(file, StandardCharsets.UTF_8);
        assertFalse(text.contains("s3cr3t") || text.contains("secret_env\""), text);
        assertTrue(text.contains("\"secret_env_on_stdin\":true"), text);
        assertEquals(doc, LaunchDocument.fromJson(file, doc::secretsJson));
        IllegalArgumentException unread = assertThrows(IllegalArgumentException.class, () -> LaunchDocument.fromJson(file));
        assertEquals("the launch document's secrets come on stdin, which was not read", unread.getMessage());
        IllegalArgumentException torn = assertThrows(IllegalArgumentException.class,
                () -> LaunchDocument.fromJson(file, () -> "{\"secret_env\":[{\"key\":\"A\",\"value\":\"s3cr3t".getBytes()));
        assertEquals("the launch's secrets on stdin is not valid JSON", torn.getMessage());
    }

    @Test
    void theJsonCarriesItsVersionAndTheSecretsOnlyInSecretEnv() {
        JsonNode root = JSON.readTree(new String(document(RawLaunchRequest.Origin.FLAGS).toJson(), StandardCharsets.UTF_8));
        assertEquals(1, root.path("version").asInt());
        assertEquals(ID, root.path("id").asString());
        assertEquals("FLAGS", root.path("origin").asString());
        assertTrue(root.path("values").path("ENV").isArray());
        assertEquals(SECRET_1, root.path("secret_env").get(0).path("value").asString());
        String withoutSecretEnv = ((ObjectNode) root).without("secret_env").toString();
        assertFalse(withoutSecretEnv.contains(SECRET_1));
        assertFalse(withoutSecretEnv.contains("s3cr3t"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, -1, 100})
    void anotherVersionIsRefusedWithoutShowingASecret(int version) {
        ObjectNode root = (ObjectNode) JSON.readTree(document(RawLaunchRequest.Origin.FLAGS).toJson());
        root.put("version", version);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchDocument.fromJson(root.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals("the launch document has version " + version + ", expected 1", e.getMessage());
        assertNoSecret(e);
    }

    @Test
    void aMissingVersionIsRefused() {
        ObjectNode root = (ObjectNode) JSON.readTree(document(RawLaunchRequest.Origin.FLAGS).toJson());
        root.remove("version");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchDocument.fromJson(root.toString().getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("the launch document has version"), e.getMessage());
        assertTrue(e.getMessage().endsWith(", expected 1"), e.getMessage());
        assertNoSecret(e);
    }

    @Test
    void invalidJsonIsRefusedWithoutShowingASecret() {
        byte[] json = document(RawLaunchRequest.Origin.FLAGS).toJson();
        String text = new String(json, StandardCharsets.UTF_8);
        int cut = text.indexOf(SECRET_1.substring(0, 10)) + 5; // cut inside a secret: the parser sees it last
        assertTrue(cut > 5);
        for (byte[] bad : List.of(Arrays.copyOf(json, cut),
                (text.substring(0, cut) + "\u0001" + text.substring(cut)).getBytes(StandardCharsets.UTF_8),
                text.replace("\"secret_env\":", "\"secret_env\"").getBytes(StandardCharsets.UTF_8),
                (text + "}").getBytes(StandardCharsets.UTF_8),
                "not json".getBytes(StandardCharsets.UTF_8))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LaunchDocument.fromJson(bad));
            assertEquals("the launch document is not valid JSON", e.getMessage());
            assertNoSecret(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[]", "[1]", "\"text\"", "42", "null", "{}"})
    void somethingThatIsNoDocumentIsRefused(String json) {
        // (an empty input or a non-object reads as a document without a version: "has version , expected 1")
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchDocument.fromJson(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("the launch document "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"key\":\"K\",\"value\":{\"nested\":\"s3cr3t-nested\"}}",
        "{\"key\":\"K\",\"value\":[\"s3cr3t-in-array\"]}",
        "{\"key\":{\"s3cr3t\":1},\"value\":\"s3cr3t-v\"}",
    })
    void aSecretEntryOfTheWrongTypeIsRefusedWithoutShowingAValue(String entry) {
        ObjectNode root = (ObjectNode) JSON.readTree(document(RawLaunchRequest.Origin.FLAGS).toJson());
        root.set("secret_env", JSON.readTree("[" + entry + "]"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchDocument.fromJson(root.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals("the launch document has a value of the wrong type", e.getMessage());
        assertNoSecret(e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"values", "workload", "globals"})
    void otherValuesOfTheWrongTypeAreRefusedToo(String field) {
        ObjectNode root = (ObjectNode) JSON.readTree(document(RawLaunchRequest.Origin.FLAGS).toJson());
        switch (field) {
            case "values" -> ((ObjectNode) root.path("values")).putArray("ENV").addObject().put("s3cr3t", "x");
            case "workload" -> root.putArray("workload").addArray().add("s3cr3t");
            default -> ((ObjectNode) root.path("globals")).putObject("ROOT").put("s3cr3t", 1);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchDocument.fromJson(root.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals("the launch document has a value of the wrong type", e.getMessage());
        assertNoSecret(e);
    }

    @Test
    void aBareStringAsSecretEntryIsRefusedWithoutShowingIt() {
        // each entry is an object of a key and a value: a bare string is none, refused, shown nowhere
        ObjectNode root = (ObjectNode) JSON.readTree(document(RawLaunchRequest.Origin.FLAGS).toJson());
        root.set("secret_env", JSON.readTree("[\"s3cr3t-bare\"]"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchDocument.fromJson(root.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals("the launch document has a value of the wrong type", e.getMessage());
        assertNoSecret(e);
    }

    @Test
    void itIsTheJsonJacksonReads() {
        // written by hand for start-up's sake: still JSON any parser takes, and the same tree
        LaunchDocument doc = document(RawLaunchRequest.Origin.CONFIG_DOCUMENT);
        JsonNode root = JSON.readTree(new String(doc.toJson(), StandardCharsets.UTF_8));
        assertEquals(doc, LaunchDocument.fromJson(root.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(SECRET_2, root.path("secret_env").get(1).path("value").asString());
    }

    @Test
    void anUnknownOptionIsRefusedWithAnIllegalArgumentException() {
        ObjectNode root = (ObjectNode) JSON.readTree(document(RawLaunchRequest.Origin.FLAGS).toJson());
        ((ObjectNode) root.path("values")).putArray("NO_SUCH_OPTION").add("x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchDocument.fromJson(root.toString().getBytes(StandardCharsets.UTF_8)));
        assertNoSecret(e);
    }

    @Test
    void toStringShowsNoSecretValue() {
        LaunchDocument doc = document(RawLaunchRequest.Origin.FLAGS);
        String s = doc.toString();
        assertFalse(s.contains(SECRET_1), s);
        assertFalse(s.contains(SECRET_2), s);
        assertFalse(s.contains("s3cr3t"), s);
        assertFalse(s.contains("p@ss"), s);
        assertTrue(s.contains(ID), s);
        assertTrue(s.contains("2 environment entries"), s);
        String secrets = doc.secrets().toString() + doc.secrets().environment();
        assertFalse(secrets.contains(SECRET_1) || secrets.contains("p@ss"), secrets);
        assertFalse(LaunchDocument.fromJson(doc.toJson()).toString().contains(SECRET_1));
    }

    private static void assertNoSecret(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        for (String secret : List.of(SECRET_1, SECRET_2, "s3cr3t", "p@ss", "T0KEN")) {
            assertFalse(trace.toString().contains(secret), () -> "the error shows a secret: " + trace);
        }
    }
}
