package dev.nucleus.linux.process;

import dev.nucleus.linux.jni.NativeChild;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.HelperPrograms;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.List;

/** {@link HelperPrograms} through {@code posix_spawn} and a pidfd ({@link NativeChild}). */
public final class NativeHelperPrograms implements HelperPrograms {
    /** How long the output may go on once the helper itself has ended. */
    private static final long OUTPUT_GRACE_MILLIS = 10_000;
    /** Enough for a helper's last error line. */
    private static final int STDERR_TAIL = 1024;

    @Override
    public Running start(List<String> argv, boolean stdinFromDevNull) throws LaunchFailedException {
        NativeChild child;
        try {
            child = NativeChild.start(argv, stdinFromDevNull);
        } catch (IOException e) {
            throw new LaunchFailedException(e.getMessage(), e);
        }
        Thread out = StreamCopy.start(child.stdout(), new FileOutputStream(FileDescriptor.out));
        TailKeeper errTail = new TailKeeper(new FileOutputStream(FileDescriptor.err), STDERR_TAIL);
        Thread err = StreamCopy.start(child.stderr(), errTail);
        return new Started(child, out, err, errTail);
    }

    private record Started(NativeChild child, Thread out, Thread err, TailKeeper errTail) implements Running {
        @Override
        public String stderrTail() {
            return errTail.tail();
        }

        @Override
        public boolean isAlive() {
            return child.isAlive();
        }

        @Override
        public int waitFor() throws InterruptedException {
            int code = child.waitFor();
            out.join(OUTPUT_GRACE_MILLIS);
            err.join(OUTPUT_GRACE_MILLIS);
            return code;
        }

        @Override
        public void close() {
            child.close();
        }
    }
}
