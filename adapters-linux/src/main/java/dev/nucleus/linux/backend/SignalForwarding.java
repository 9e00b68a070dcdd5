package dev.nucleus.linux.backend;

import dev.nucleus.domain.lifecycle.StopEscalation;
import dev.nucleus.linux.jni.NativeQuitRelay;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * While a foreground container runs, the signals a user sends to {@code nucleus} go to the
 * workload (through the shim) instead of ending the runtime. Restored when the run ends.
 */
final class SignalForwarding implements AutoCloseable {
    /** Through sun.misc.Signal; SIGQUIT, which the JVM never hands to it (thread dumps), apart. */
    static final List<String> FORWARDED = List.of("TERM", "INT", "HUP", "USR1", "USR2", "WINCH");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private boolean quitRelayed;

    /**
     * With a relayed terminal, WINCH resizes the pty instead (the kernel then signals the workload).
     * {@code takeQuit}: SIGQUIT, which the JVM refuses to hand over, goes to the workload through a
     * native handler ({@link NativeQuitRelay}) instead of printing a thread dump; only where this
     * process is the CLI's own, never in an application embedding Nucleus.
     */
    static SignalForwarding to(ShimSession shim, Terminal terminal, boolean takeQuit) {
        return to(shim, terminal, takeQuit, false);
    }

    /** {@code escalate}: a second INT or TERM kills the workload, saying so ({@link StopEscalation}). */
    static SignalForwarding to(ShimSession shim, Terminal terminal, boolean takeQuit, boolean escalate) {
        SignalForwarding f = new SignalForwarding();
        StopEscalation stops = new StopEscalation();
        for (String name : FORWARDED) {
            Signal s = new Signal(name);
            SignalHandler handler = terminal != null && name.equals("WINCH")
                    ? sig -> terminal.resize()
                    : escalate && StopEscalation.escalates(name) ? sig -> {
                        int send = stops.toSend(sig.getNumber());
                        if (send == StopEscalation.KILL) {
                            System.err.println(StopEscalation.killing(sig.getName()));
                        }
                        shim.forwardSignal(send);
                    }
                    : sig -> shim.forwardSignal(sig.getNumber());
            try {
                f.previous.add(Signal.handle(s, handler));
                f.signals.add(s);
            } catch (IllegalArgumentException e) {
                // The JVM reserves this signal (with -Xrs): leave it alone.
            }
        }
        if (takeQuit) {
            NativeQuitRelay.start(shim.controlFd());
            f.quitRelayed = true;
        }
        return f;
    }

    /** Before the shim's control socket closes: the relay must never write to a reused fd number. */
    @Override
    public void close() {
        if (quitRelayed) {
            NativeQuitRelay.stop();
        }
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
