package dev.nucleus.linux.seccomp;

import dev.nucleus.linux.jni.NativeFiles;
import dev.nucleus.linux.sys.SelfPid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiled seccomp programs kept across runs: {@code <dir>/<key>.bpf}. A file holds the libseccomp
 * version that compiled it, the profile's whole canonical encoding and the program, and is used
 * only when both match what is asked (the encoding compared by its whole SHA-256): so the key (32
 * bits of a SHA-256 and the encoding's length) only has to spread files, not to resist collisions. Hashes, stat and read are native
 * (the shim's SHA-256 over JNI): a cold Java SHA-256 of the 6 KB default profile took some 1.7 ms,
 * and the JDK's CRC-32 and file channels cost the launch's seccomp thread, which the launch then
 * waits for, the loading of two JDK native libraries. The directory is 0700 and each
 * file 0600, written to a temporary name and renamed, so a reader sees a whole file or none. A file
 * that is not exactly what this store writes (a symlink, another owner, a mode that lets others
 * write, a checksum that does not match its program) is ignored and recompiled: the cache can make
 * a start faster, never change the filter. (The checksum guards against a damaged file; against a
 * forged one, only the owner and mode can, as any digest stored beside the program could be forged
 * with it.)
 */
public final class ProgramStore {
    private static final String MAGIC = "nucleus-bpf 3";
    /**
     * rw------- and rwx------ as immutable sets: {@code PosixFilePermissions.fromString} builds an
     * EnumSet, which reads its enum's constants by reflection at first use.
     */
    private static final Set<PosixFilePermission> OWNER_RW = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_RWX = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final Path dir;
    private final int owner;

    /** A store in {@code dir} (created 0700 on first save) whose files {@code owner} owns. */
    public ProgramStore(Path dir, int owner) {
        this.dir = dir;
        this.owner = owner;
    }

    /** What a program is compiled from: the libseccomp version and the profile's canonical encoding. */
    record Source(String libseccomp, byte[] encoding) {
        /** The file name stem: 32 bits of the SHA-256 of both, and the encoding's length. */
        String key() {
            byte[] version = libseccomp.getBytes(StandardCharsets.UTF_8);
            byte[] both = Arrays.copyOf(version, version.length + 1 + encoding.length);
            System.arraycopy(encoding, 0, both, version.length + 1, encoding.length);
            return HexFormat.of().formatHex(NativeFiles.sha256(both), 0, 4) + "-" + encoding.length; // not String.format: cold, it costs ms
        }
    }

    /** The program saved for {@code source}, when there is a sound one. */
    Optional<SeccompCompiler.Program> load(Source source) {
        String key = source.key();
        Path file = dir.resolve(key + ".bpf");
        try {
            NativeFiles.Lstat st = NativeFiles.lstat(file);
            if (!st.regularFile() || (st.mode() & 0077) != 0 || st.uid() != owner) {
                return Optional.empty();
            }
            return parse(key, source, NativeFiles.readNoFollow(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // none yet, or unreadable: compile instead
        }
    }

    /** Saves {@code program}, compiled from {@code source}; a failure only costs the next start a compile. */
    void save(Source source, SeccompCompiler.Program program) {
        try {
            Files.createDirectories(dir.getParent());
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
            }
            byte[] bpf = program.bpf();
            byte[] header = (MAGIC + "\n" + checksum(bpf) + "\n" + source.libseccomp() + "\n"
                    + String.join(",", program.unknownSyscalls()) + "\n" + source.encoding().length + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            ByteBuffer all = ByteBuffer.allocate(header.length + source.encoding().length + bpf.length);
            all.put(header).put(source.encoding()).put(bpf);
            String key = source.key();
            // Not Files.createTempFile: its SecureRandom would put JCA in every start's AOT cache.
            Path tmp = dir.resolve("." + key + "." + SelfPid.uniqueSuffix() + ".tmp");
            try {
                try (SeekableByteChannel ch = Files.newByteChannel(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                        PosixFilePermissions.asFileAttribute(OWNER_RW))) {
                    all.flip();
                    while (all.hasRemaining()) {
                        ch.write(all);
                    }
                }
                Files.move(tmp, dir.resolve(key + ".bpf"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // not cached: the program in hand is still the one used
        }
    }

    /** The program in {@code all}, when it is a sound file compiled from exactly {@code source}. */
    static Optional<SeccompCompiler.Program> parse(String key, Source source, byte[] all) {
        int[] ends = new int[5];
        int from = 0;
        for (int i = 0; i < ends.length; i++) {
            int nl = indexOf(all, (byte) '\n', from);
            if (nl < 0) {
                return Optional.empty();
            }
            ends[i] = nl;
            from = nl + 1;
        }
        String magic = new String(all, 0, ends[0], StandardCharsets.UTF_8);
        String checksum = line(all, ends, 1);
        String libseccomp = line(all, ends, 2);
        String unknown = line(all, ends, 3);
        int encodingLength;
        try {
            encodingLength = Integer.parseInt(line(all, ends, 4));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int encodingStart = ends[4] + 1;
        if (!magic.equals(MAGIC) || !libseccomp.equals(source.libseccomp()) || encodingLength != source.encoding().length
                || encodingStart + encodingLength > all.length
                || !sameBytes(all, encodingStart, source.encoding())) {
            return Optional.empty();
        }
        byte[] bpf = Arrays.copyOfRange(all, encodingStart + encodingLength, all.length);
        if (bpf.length == 0 || bpf.length % 8 != 0 || !checksum(bpf).equals(checksum)) {
            return Optional.empty();
        }
        return Optional.of(new SeccompCompiler.Program(bpf, key, unknown.isEmpty() ? List.of()
                : List.of(unknown.split(","))));
    }

    /**
     * Whether {@code all} holds {@code expected} at {@code from}: by their native SHA-256s, where a
     * cold byte-by-byte comparison of the 6 KB default profile (interpreted) cost the seccomp
     * thread, which a launch waits for, some tenths of a millisecond. Equal digests are equal
     * bytes but for a SHA-256 collision.
     */
    static boolean sameBytes(byte[] all, int from, byte[] expected) {
        return Arrays.equals(NativeFiles.sha256(Arrays.copyOfRange(all, from, from + expected.length)),
                NativeFiles.sha256(expected));
    }

    private static String line(byte[] all, int[] ends, int i) {
        return new String(all, ends[i - 1] + 1, ends[i] - ends[i - 1] - 1, StandardCharsets.UTF_8);
    }

    private static String checksum(byte[] bpf) {
        return HexFormat.of().formatHex(NativeFiles.sha256(bpf), 0, 8);
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
