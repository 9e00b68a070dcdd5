package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The kernel log reader on the real /dev/kmsg (root: reading it needs CAP_SYSLOG here). */
@Tag("root")
class NativeKmsgTest {
    /** A reader waiting a minute for a record returns at once, empty, when woken. */
    @Test
    void aWaitEndsAtOnceWhenWoken() throws Exception {
        int kmsg = NativeKmsg.openAtEnd();
        int wake = NativeKmsg.openWake();
        try {
            CompletableFuture<Optional<String>> waiting = CompletableFuture.supplyAsync(() -> {
                Optional<String> r;
                do {
                    r = NativeKmsg.read(kmsg, wake, 60_000); // other records may come first
                } while (r.isPresent());
                return r;
            });
            Thread.sleep(200);
            assertTrue(!waiting.isDone(), "still waiting before the wake");
            NativeKmsg.wake(wake);
            assertEquals(Optional.empty(), waiting.get(5, TimeUnit.SECONDS));
            // A woken fd stays woken: a later wait of a minute ends at once too.
            long t1 = System.nanoTime();
            while (NativeKmsg.read(kmsg, wake, 60_000).isPresent()) {
                // records logged meanwhile come first
            }
            assertTrue(System.nanoTime() - t1 < TimeUnit.SECONDS.toNanos(5), "no minute-long wait after the wake");
        } finally {
            NativeShim.close(wake);
            NativeShim.close(kmsg);
        }
    }

    /** A record written to the log after opening is read, wake fd or not. */
    @Test
    void aRecordLoggedAfterOpeningIsRead() throws Exception {
        int kmsg = NativeKmsg.openAtEnd();
        int wake = NativeKmsg.openWake();
        try {
            String mark = "nucleus-kmsg-test-" + System.nanoTime();
            Files.writeString(Path.of("/dev/kmsg"), mark + "\n", StandardCharsets.UTF_8);
            boolean seen = false;
            while (!seen) {
                Optional<String> r = NativeKmsg.read(kmsg, wake, 2000);
                if (r.isEmpty()) {
                    break;
                }
                seen = r.get().contains(mark);
            }
            assertTrue(seen, "the record written after opening");
        } finally {
            NativeShim.close(wake);
            NativeShim.close(kmsg);
        }
    }
}
