package dev.nucleus.linux.net;

import dev.nucleus.linux.sys.SelfPid;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The input of a batch tool ({@code ip -batch}, {@code iptables-restore}): a file made 0600 at
 * creation in a root-only directory, handed to the tool by its path, deleted after it ran.
 */
final class ScratchFile {
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private ScratchFile() {
    }

    /** What runs with the file: the tool, given the file's path. */
    interface Use {
        HostTools.Result run(String path) throws LaunchFailedException;
    }

    static HostTools.Result with(Path dir, String name, String text, Use use) throws LaunchFailedException {
        // This process's own name: a file left by one that crashed, or a batch of another at
        // the same moment (a container's `rm` beside its supervisor), is never in the way.
        Path file = dir.resolve(name + "." + SelfPid.uniqueSuffix());
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), OWNER_ONLY)) {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw new LaunchFailedException("cannot write " + file + ": " + e.getMessage(), e);
        }
        try {
            return use.run(file.toString());
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a root-only scratch directory: a file left there harms nothing
            }
        }
    }
}
