package dev.nucleus.gvisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A host program the gVisor backend runs as root (runsc, nsenter, unshare, setpriv, ip): taken
 * only from fixed system paths, and only when the file, resolved, is owned by root and writable
 * by nobody else.
 */
final class TrustedProgram {
    private TrustedProgram() {
    }

    /** The first of {@code candidates} that is such a file. */
    static Optional<Path> first(List<Path> candidates) {
        for (Path p : candidates) {
            try {
                Path real = p.toRealPath();
                int uid = (Integer) Files.getAttribute(real, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) Files.getAttribute(real, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                if (uid == 0 && (mode & 0022) == 0 && Files.isRegularFile(real) && Files.isExecutable(real)) {
                    return Optional.of(p);
                }
            } catch (IOException | RuntimeException e) {
                // not here
            }
        }
        return Optional.empty();
    }
}
