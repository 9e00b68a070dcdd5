package dev.nucleus.linux.backend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the program to execute as the container will see it: a name with a '/' is used as given;
 * a bare name is looked up in the container's PATH, against the filesystem the container gets.
 */
final class ProgramLocator {
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ProgramLocator() {
    }

    /** {@code viewRoot} is "/" for host binds, or the rootfs directory. Empty when not found. */
    static Optional<String> locate(String program, Path viewRoot) {
        if (program.contains("/")) {
            return Optional.of(program);
        }
        for (String dir : PATH.split(":")) {
            Path candidate = viewRoot.resolve(dir.substring(1)).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(dir + "/" + program);
            }
        }
        return Optional.empty();
    }
}
