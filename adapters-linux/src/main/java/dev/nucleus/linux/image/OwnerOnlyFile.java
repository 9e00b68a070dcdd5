package dev.nucleus.linux.image;

import dev.nucleus.linux.jni.NativeFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A small record of the runtime's beside a container, mode 0600, written whole under a temporary
 * name and put in the place of an earlier one (nothing followed): natively, as the JDK's file
 * channel costs a cold launch some tenths of a millisecond.
 */
final class OwnerOnlyFile {
    private OwnerOnlyFile() {
    }

    static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        NativeFiles.deleteIfExists(tmp); // only a launch killed between the write and the rename leaves one
        NativeFiles.writeReplacing(tmp, file, text.getBytes(StandardCharsets.UTF_8), false);
    }
}
