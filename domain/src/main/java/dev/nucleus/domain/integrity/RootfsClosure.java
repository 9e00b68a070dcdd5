package dev.nucleus.domain.integrity;

import dev.nucleus.domain.value.NixStorePath;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A rootfs's Nix closure: {@code .nucleus-rootfs-store-paths}, one store object per line (what
 * {@code closureInfo}'s {@code store-paths} holds). A Nix-built rootfs's programs are symlinks into
 * /nix/store; the runtime shows each listed object read-only at its own path so they resolve.
 */
public final class RootfsClosure {
    public static final String FILE_NAME = ".nucleus-rootfs-store-paths";

    private RootfsClosure() {
    }

    /**
     * The objects listed, in order, each once; blank lines are ignored. Anything that is not an
     * immediate store object ({@code /nix/store/<hash>-<name>}) is refused, naming its line.
     */
    public static List<String> parse(String text) {
        Set<String> objects = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (NixStorePath.isObject(line)) {
                objects.add(line);
            } else {
                problems.add("line " + (i + 1) + ": \"" + line + "\" is not a Nix store object (/nix/store/<hash>-<name>)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return List.copyOf(objects);
    }
}
