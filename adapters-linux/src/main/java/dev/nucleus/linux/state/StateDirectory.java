package dev.nucleus.linux.state;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where containers' states live: {@code --root}, else {@code NUCLEUS_STATE_DIR}, else
 * {@code /run/nucleus} for root and {@code $XDG_RUNTIME_DIR/nucleus} for anyone else (a per-uid
 * directory under /tmp when that is unset).
 */
public final class StateDirectory {
    public static final String ENV = "NUCLEUS_STATE_DIR";

    private StateDirectory() {
    }

    public static Path base(Optional<String> rootOption, Optional<String> stateDirEnv, long uid,
                            Optional<String> xdgRuntimeDir) {
        if (rootOption.isPresent()) {
            return Path.of(rootOption.get()).toAbsolutePath().normalize();
        }
        if (stateDirEnv.isPresent() && !stateDirEnv.get().isBlank()) {
            return Path.of(stateDirEnv.get()).toAbsolutePath().normalize();
        }
        if (uid == 0) {
            return Path.of("/run/nucleus");
        }
        if (xdgRuntimeDir.isPresent() && !xdgRuntimeDir.get().isBlank()) {
            return Path.of(xdgRuntimeDir.get(), "nucleus");
        }
        return Path.of("/tmp", "nucleus-" + uid);
    }

    /** From this process's environment. */
    public static Path of(Optional<String> rootOption, long uid) {
        return base(rootOption, Optional.ofNullable(System.getenv(ENV)), uid,
                Optional.ofNullable(System.getenv("XDG_RUNTIME_DIR")));
    }
}
