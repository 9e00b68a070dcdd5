package dev.nucleus.linux.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image key's rules. Root-tagged: one case gives the key to another owner. */
@org.junit.jupiter.api.Tag("root")
class ImageKeyTest {
    @TempDir
    Path dir;

    private Path key(String name, int bytes, String mode) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, new byte[bytes]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private String refused(Optional<Path> option, Map<String, String> env, long uid) {
        return assertThrows(ImageRefusedException.class, () -> ImageKey.load(option, env, uid)).getMessage();
    }

    @Test
    void theOptionThenTheEnvironmentThenTheDefault() throws Exception {
        Path option = key("option.key", 32, "rw-------");
        Files.write(option, new byte[]{1}, java.nio.file.StandardOpenOption.APPEND);
        Path env = key("env.key", 40, "r--------");
        assertArrayEquals(Files.readAllBytes(option), ImageKey.load(Optional.of(option),
                Map.of(ImageKey.ENVIRONMENT, env.toString()), 0));
        assertArrayEquals(new byte[40], ImageKey.load(Optional.empty(), Map.of(ImageKey.ENVIRONMENT, env.toString()), 0));
        if (!Files.exists(ImageKey.DEFAULT)) {
            String message = refused(Optional.empty(), Map.of(), 0);
            assertTrue(message.startsWith("the image key " + ImageKey.DEFAULT + ": no such file; create one with:"),
                    message);
        }
    }

    @Test
    void aKeyOthersMayReadOrThatIsTooShortIsRefusedWithoutShowingIt() throws Exception {
        String open = refused(Optional.of(key("open.key", 32, "rw-r--r--")), Map.of(), 0);
        assertTrue(open.contains("mode 644 lets others read or change it"), open);
        String group = refused(Optional.of(key("group.key", 32, "rw--w----")), Map.of(), 0);
        assertTrue(group.contains("mode 620"), group);
        String shortKey = refused(Optional.of(key("short.key", 31, "rw-------")), Map.of(), 0);
        assertTrue(shortKey.contains("31 bytes; an image key holds 32 to 4096 bytes"), shortKey);
        String big = refused(Optional.of(key("big.key", 4097, "rw-------")), Map.of(), 0);
        assertTrue(big.contains("4097 bytes"), big);
        String missing = refused(Optional.of(dir.resolve("absent.key")), Map.of(), 0);
        assertTrue(missing.startsWith("--image-key-file " + dir.resolve("absent.key") + ": no such file"), missing);
        String directory = refused(Optional.of(dir), Map.of(), 0);
        assertTrue(directory.contains("not a regular file"), directory);
    }

    @Test
    void aKeyMustBeTheCallersOrRoots() throws Exception {
        Path rootsKey = key("root.key", 32, "rw-------");
        assertArrayEquals(new byte[32], ImageKey.load(Optional.of(rootsKey), Map.of(), 1234), "root's key serves all");
        Files.setOwner(rootsKey, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        String message = refused(Optional.of(rootsKey), Map.of(), 0);
        assertTrue(message.contains("owned by uid 65534; an image key must be yours or root's"), message);
        assertArrayEquals(new byte[32], ImageKey.load(Optional.of(rootsKey), Map.of(), 65534), "nobody's own");
    }
}
