package dev.nucleus.domain.plan;

import java.util.ArrayList;
import java.util.List;

/** Landlock filesystem rights (linux/landlock.h) and the ABI that introduced each. */
public final class LandlockAccess {
    public static final long EXECUTE = 1L;
    public static final long WRITE_FILE = 1L << 1;
    public static final long READ_FILE = 1L << 2;
    public static final long READ_DIR = 1L << 3;
    public static final long REMOVE_DIR = 1L << 4;
    public static final long REMOVE_FILE = 1L << 5;
    public static final long MAKE_CHAR = 1L << 6;
    public static final long MAKE_DIR = 1L << 7;
    public static final long MAKE_REG = 1L << 8;
    public static final long MAKE_SOCK = 1L << 9;
    public static final long MAKE_FIFO = 1L << 10;
    public static final long MAKE_BLOCK = 1L << 11;
    public static final long MAKE_SYM = 1L << 12;
    /** ABI 2. */
    public static final long REFER = 1L << 13;
    /** ABI 3. */
    public static final long TRUNCATE = 1L << 14;
    /** ABI 5. */
    public static final long IOCTL_DEV = 1L << 15;

    public static final long READ = READ_FILE | READ_DIR;
    /** Everything a writable directory needs, without device nodes and without execute. */
    public static final long READ_WRITE = READ | WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_DIR | MAKE_REG
            | MAKE_SOCK | MAKE_FIFO | MAKE_SYM | REFER | TRUNCATE;

    private LandlockAccess() {
    }

    /** The kernel's names of the filesystem rights, by bit (LANDLOCK_ACCESS_FS_*, lower case). */
    private static final List<String> NAMES = List.of("execute", "write_file", "read_file", "read_dir",
            "remove_dir", "remove_file", "make_char", "make_dir", "make_reg", "make_sock", "make_fifo", "make_block",
            "make_sym", "refer", "truncate", "ioctl_dev");

    /** The names of the rights in a mask, in bit order. */
    public static List<String> names(long rights) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < NAMES.size(); bit++) {
            if ((rights & (1L << bit)) != 0) {
                out.add(NAMES.get(bit));
            }
        }
        return out;
    }

    /** Every filesystem right the given ABI can handle (ABI 4 added only network rights). */
    public static long handledBy(int abi) {
        long rights = (1L << 13) - 1;
        if (abi >= 2) {
            rights |= REFER;
        }
        if (abi >= 3) {
            rights |= TRUNCATE;
        }
        if (abi >= 5) {
            rights |= IOCTL_DEV;
        }
        return abi >= 1 ? rights : 0;
    }
}
