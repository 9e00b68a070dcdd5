package dev.nucleus.linux.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** SIGQUIT to this JVM, while a relay runs, reaches the relay's consumer instead of printing a thread dump. */
class QuitRelayTest {
    @Test
    void sigquitReachesTheConsumerUntilClosed() throws Exception {
        LinkedBlockingQueue<Integer> received = new LinkedBlockingQueue<>();
        Thread relayThread;
        try (QuitRelay relay = QuitRelay.start(received::add)) {
            for (int i = 0; i < 2; i++) {
                Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(ProcessHandle.current().pid()))
                        .inheritIO().start();
                assertEquals(0, kill.waitFor());
                assertEquals(3, received.poll(10, TimeUnit.SECONDS), "SIGQUIT, once per signal");
            }
            relayThread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("nucleus-quit-relay")).findFirst().orElseThrow();
        }
        relayThread.join(2000);
        assertFalse(relayThread.isAlive(), "closing ends the relay's thread");
        assertEquals(0, received.size());
    }
}
