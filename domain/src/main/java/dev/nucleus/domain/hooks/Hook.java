package dev.nucleus.domain.hooks;

import java.util.List;
import java.util.OptionalInt;

/**
 * One OCI hook: an absolute program, its argv (argv[0] included, as OCI writes it), its whole
 * environment ({@code KEY=VALUE}), and an optional timeout in seconds.
 */
public record Hook(String path, List<String> args, List<String> env, OptionalInt timeoutSeconds) {
    public Hook {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a hook's path must be absolute, got '" + path + "'");
        }
        args = List.copyOf(args);
        env = List.copyOf(env);
        if (timeoutSeconds.isPresent() && timeoutSeconds.getAsInt() < 1) {
            throw new IllegalArgumentException("a hook's timeout is at least 1 second, got " + timeoutSeconds.getAsInt());
        }
    }
}
