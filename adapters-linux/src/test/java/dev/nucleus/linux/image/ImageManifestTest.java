package dev.nucleus.linux.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageManifestTest {
    static ImageManifest sample() {
        return new ImageManifest("", 1796000000L, "0.1.0",
                new ImageManifest.Base("/nix/store/abc-rootfs", List.of("/nix/store/abc-busybox"), "a".repeat(64)),
                java.util.Optional.of(new ImageManifest.Diff("diff", "b".repeat(64), 3, 17, List.of("/etc/gone"),
                        List.of("/opt/cache"))),
                new ImageManifest.Config(List.of("/bin/sh", "-c", "echo \"hi\""), List.of("GREETING=hello"),
                        "/var/lib/app", 0, 0, List.of(10L, 4294967294L))).identified();
    }

    @Test
    void theCanonicalTextIsCompactWithEveryObjectsKeysInOrder() {
        String text = sample().canonicalJson();
        assertEquals("{\"base\":{\"attestation\":\"" + "a".repeat(64) + "\",\"rootfs_path\":\"/nix/store/abc-rootfs\","
                + "\"store_paths\":[\"/nix/store/abc-busybox\"]},\"config\":{\"additional_gids\":[10,4294967294],"
                + "\"command\":[\"/bin/sh\",\"-c\",\"echo \\\"hi\\\"\"],\"env\":[\"GREETING=hello\"],\"gid\":0,"
                + "\"uid\":0,\"workdir\":\"/var/lib/app\"},\"created_at\":1796000000,\"diff\":{\"bytes\":17,"
                + "\"deleted_paths\":[\"/etc/gone\"],\"digest\":\"" + "b".repeat(64) + "\",\"entries\":3,"
                + "\"opaque_paths\":[\"/opt/cache\"],\"path\":\"diff\"},\"image_id\":\"" + sample().imageId()
                + "\",\"nucleus_version\":\"0.1.0\",\"schema_version\":2}", text);
    }

    @Test
    void itReadsBackWhatItWritesAndItsIdIsItsContents() throws Exception {
        ImageManifest m = sample();
        assertEquals(m, ImageManifest.parse(m.canonicalJson()));
        assertTrue(m.idMatches());
        assertEquals(64, m.imageId().length());
        ImageManifest other = new ImageManifest(m.imageId(), m.createdAt(), m.nucleusVersion(), m.base(), m.diff(),
                new ImageManifest.Config(List.of("/bin/sh"), List.of(), "/", 0, 0, List.of()));
        assertFalse(other.idMatches(), "another config, the same id");
        assertNotEquals(m.imageId(), other.identified().imageId());
    }

    /** mkImage's: no layer, "diff":null, as Nix's builtins.toJSON writes it. */
    @Test
    void anImageWithoutALayerHasANullDiff() throws Exception {
        ImageManifest m = sample();
        ImageManifest bare = new ImageManifest("", 0, "mkImage", m.base(), java.util.Optional.empty(), m.config())
                .identified();
        assertTrue(bare.canonicalJson().contains(",\"diff\":null,"), bare.canonicalJson());
        assertEquals(bare, ImageManifest.parse(bare.canonicalJson()));
    }

    @Test
    void anythingButTheCanonicalTextIsRefused() {
        String text = sample().canonicalJson();
        for (String bad : List.of(text.replace(",\"", ", \""), text.replace("{\"base\"", "{\"extra\":1,\"base\""),
                text.replace("\"schema_version\":2", "\"schema_version\":3"), text.replace("\"path\":\"diff\"",
                        "\"path\":\"../x\""), "[]", "{", text.replace("\"uid\":0", "\"uid\":\"0\""))) {
            ImageRefusedException e = assertThrows(ImageRefusedException.class, () -> ImageManifest.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("manifest.json"), e.getMessage());
        }
    }
}
