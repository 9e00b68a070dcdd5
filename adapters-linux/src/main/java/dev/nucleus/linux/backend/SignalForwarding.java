package dev.nucleus.linux.backend;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * While a foreground container runs, the signals a user sends to {@code nucleus} go to the
 * workload (through the shim) instead of ending the runtime. Restored when the run ends.
 */
final class SignalForwarding implements AutoCloseable {
    static final List<String> FORWARDED = List.of("TERM", "INT", "HUP", "QUIT", "USR1", "USR2", "WINCH");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    /** With a relayed terminal, WINCH resizes the pty instead (the kernel then signals the workload). */
    static SignalForwarding to(ShimSession shim, Terminal terminal) {
        SignalForwarding f = new SignalForwarding();
        for (String name : FORWARDED) {
            Signal s = new Signal(name);
            SignalHandler handler = terminal != null && name.equals("WINCH")
                    ? sig -> terminal.resize()
                    : sig -> shim.forwardSignal(sig.getNumber());
            try {
                f.previous.add(Signal.handle(s, handler));
                f.signals.add(s);
            } catch (IllegalArgumentException e) {
                // The JVM reserves this signal (with -Xrs, or QUIT for thread dumps): leave it alone.
            }
        }
        return f;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
