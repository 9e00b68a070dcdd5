package dev.nucleus.linux.seccomp;

import dev.nucleus.linux.sys.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiled seccomp programs kept across runs: {@code <dir>/<key>.bpf}, where the key is the SHA-256
 * of the profile's canonical encoding and the libseccomp version that compiled it. The directory is
 * 0700 and each file 0600, written to a temporary name and renamed, so a reader sees a whole file
 * or none. A file that is not exactly what this store writes (a symlink, another owner, a mode that
 * lets others write, a digest that does not match its program) is ignored and recompiled: the
 * cache can make a start faster, never change the filter.
 */
public final class ProgramStore {
    private static final String MAGIC = "nucleus-bpf 1";

    private final Path dir;
    private final int owner;

    /** A store in {@code dir} (created 0700 on first save) whose files {@code owner} owns. */
    public ProgramStore(Path dir, int owner) {
        this.dir = dir;
        this.owner = owner;
    }

    /** The program saved under {@code key}, when there is a sound one. */
    Optional<SeccompCompiler.Program> load(String key) {
        Path file = dir.resolve(key + ".bpf");
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            if ((mode & 0170000) != 0100000 || (mode & 0077) != 0 || (Integer) a.get("uid") != owner) {
                return Optional.empty();
            }
            return parse(key, Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // none yet, or unreadable: compile instead
        }
    }

    /** Saves {@code program} under its key; a failure only costs the next start a compile. */
    void save(SeccompCompiler.Program program) {
        try {
            Files.createDirectories(dir.getParent());
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            byte[] bpf = program.bpf();
            byte[] header = (MAGIC + "\n" + Sha256.hex(bpf) + "\n" + String.join(",", program.unknownSyscalls()) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] all = Arrays.copyOf(header, header.length + bpf.length);
            System.arraycopy(bpf, 0, all, header.length, bpf.length);
            Path tmp = Files.createTempFile(dir, "." + program.sha256(), ".tmp"); // 0600
            try {
                Files.write(tmp, all);
                Files.move(tmp, dir.resolve(program.sha256() + ".bpf"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // not cached: the program in hand is still the one used
        }
    }

    static Optional<SeccompCompiler.Program> parse(String key, byte[] all) {
        int[] ends = new int[3];
        int from = 0;
        for (int i = 0; i < 3; i++) {
            int nl = indexOf(all, (byte) '\n', from);
            if (nl < 0) {
                return Optional.empty();
            }
            ends[i] = nl;
            from = nl + 1;
        }
        String magic = new String(all, 0, ends[0], StandardCharsets.UTF_8);
        String digest = new String(all, ends[0] + 1, ends[1] - ends[0] - 1, StandardCharsets.UTF_8);
        String unknown = new String(all, ends[1] + 1, ends[2] - ends[1] - 1, StandardCharsets.UTF_8);
        byte[] bpf = Arrays.copyOfRange(all, ends[2] + 1, all.length);
        if (!magic.equals(MAGIC) || bpf.length == 0 || bpf.length % 8 != 0 || !Sha256.hex(bpf).equals(digest)) {
            return Optional.empty();
        }
        return Optional.of(new SeccompCompiler.Program(bpf, key, unknown.isEmpty() ? List.of()
                : List.of(unknown.split(","))));
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
