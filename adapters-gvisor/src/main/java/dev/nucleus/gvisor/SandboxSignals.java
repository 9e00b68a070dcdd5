package dev.nucleus.gvisor;

import dev.nucleus.domain.lifecycle.StopEscalation;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * While a gVisor container runs in the foreground, the signals a user sends to {@code nucleus}
 * go to the workload ({@code runsc kill ID SIG}) instead of ending the runtime, which would end
 * the sandbox with it (runsc does not pass them on itself): TERM, INT, HUP, USR1, USR2, and QUIT
 * through the relay the CLI wires. Restored when the run ends.
 */
final class SandboxSignals implements AutoCloseable {
    static final List<String> FORWARDED = List.of("TERM", "INT", "HUP", "USR1", "USR2");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final AutoCloseable quit;

    private SandboxSignals(AutoCloseable quit) {
        this.quit = quit;
    }

    /**
     * With a relayed terminal ({@code resize} not null), WINCH resizes its pty instead; {@code quit}
     * relays SIGQUIT (which the JVM will not hand over) until closed, and is closed with these.
     */
    static SandboxSignals to(IntConsumer send, Runnable resize, AutoCloseable quit) {
        SandboxSignals f = new SandboxSignals(quit);
        // A second INT or TERM kills the workload, as on the native runtime (StopEscalation).
        StopEscalation stops = new StopEscalation();
        for (String name : FORWARDED) {
            f.handle(name, !StopEscalation.escalates(name) ? sig -> send.accept(sig.getNumber()) : sig -> {
                int signal = stops.toSend(sig.getNumber());
                if (signal == StopEscalation.KILL) {
                    System.err.println(StopEscalation.killing(sig.getName()));
                }
                send.accept(signal);
            });
        }
        if (resize != null) {
            f.handle("WINCH", sig -> resize.run());
        }
        return f;
    }

    private void handle(String name, SignalHandler handler) {
        Signal s = new Signal(name);
        try {
            previous.add(Signal.handle(s, handler));
            signals.add(s);
        } catch (IllegalArgumentException e) {
            // reserved by the JVM (-Xrs): left alone
        }
    }

    @Override
    public void close() {
        try {
            quit.close();
        } catch (Exception e) {
            // the JVM's own handler could not be put back: nothing more to do for this run
        }
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
