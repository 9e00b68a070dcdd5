package dev.nucleus.linux.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.hooks.Hook;
import dev.nucleus.domain.hooks.HookPoint;
import dev.nucleus.domain.hooks.Hooks;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HookFilesTest {
    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("hooks.json"), json);
    }

    @Test
    void everyPointInFileOrderAlsoInsideAConfigJson() throws Exception {
        Hooks h = HookFiles.load(file("{\"hooks\": {\"poststop\": [{\"path\": \"/bin/sh\"}],"
                + "\"createRuntime\": [{\"path\": \"/bin/true\", \"args\": [\"a\", \"-x\"], \"env\": [\"K=v=w\"],"
                + " \"timeout\": 5}, {\"path\": \"/bin/false\"}], \"prestart\": [{\"path\": \"/bin/echo\"}],"
                + " \"startContainer\": [{\"path\": \"/only/in/the/container\"}]}}"));
        assertEquals(List.of(new Hook("/bin/true", List.of("a", "-x"), List.of("K=v=w"), OptionalInt.of(5)),
                new Hook("/bin/false", List.of(), List.of(), OptionalInt.empty()),
                new Hook("/bin/echo", List.of(), List.of(), OptionalInt.empty())), h.at(HookPoint.CREATE_RUNTIME),
                "prestart (deprecated) runs with createRuntime, after it");
        assertEquals(1, h.at(HookPoint.POSTSTOP).size());
        assertEquals(List.of(), h.at(HookPoint.POSTSTART));
        assertEquals(List.of(), HookFiles.load(file("{}")).at(HookPoint.CREATE_CONTAINER));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"prestop\": []}|prestop: unknown hook point",
        "{\"poststart\": {}}|poststart: expected an array of hooks",
        "{\"poststart\": [{\"path\": \"rel\"}]}|poststart[0].path: an absolute program path is required",
        "{\"poststart\": [{}]}|poststart[0].path: an absolute program path is required",
        "{\"poststart\": [{\"path\": \"/x\", \"env\": [\"=v\"]}]}|poststart[0].env[0]: expected KEY=VALUE",
        "{\"poststart\": [{\"path\": \"/x\", \"args\": [1]}]}|poststart[0].args[0]: expected a string",
        "{\"poststart\": [{\"path\": \"/x\", \"timeout\": 0}]}|poststart[0].timeout: expected whole seconds",
        "{\"poststart\": [{\"path\": \"/x\", \"timeout\": 1.5}]}|poststart[0].timeout: expected whole seconds",
        "{\"poststart\": [{\"path\": \"/x\", \"tiemout\": 1}]}|poststart[0].tiemout: unknown key",
        "[1]|expected an object of hook lists",
        "{\"poststart\": [], \"poststart\": []}|not JSON",
        "not json|not JSON",
        "{\"poststart\": [{\"path\": \"/no/such/hook\"}]}|poststart[0].path: /no/such/hook is no program on this host (no such file)",
        "{\"createRuntime\": [{\"path\": \"/etc\"}]}|createRuntime[0].path: /etc is no program on this host (not a regular file)",
        "{\"createContainer\": [{\"path\": \"/etc/passwd\"}]}|createContainer[0].path: /etc/passwd is not executable",
    })
    void aBadFileIsRefusedNamingFileAndPath(String json, String expected) throws IOException {
        Path f = file(json);
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> HookFiles.load(f));
        assertTrue(e.getMessage().startsWith("--hooks " + f), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage() + " should contain " + expected);
    }
}
