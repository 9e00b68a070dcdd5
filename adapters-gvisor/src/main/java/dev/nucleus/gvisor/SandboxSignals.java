package dev.nucleus.gvisor;

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
        // A second INT or TERM kills the workload, as on the native runtime: the sandbox's first
        // process without a handler never sees one.
        java.util.concurrent.atomic.AtomicInteger stops = new java.util.concurrent.atomic.AtomicInteger();
        for (String name : FORWARDED) {
            boolean stop = name.equals("INT") || name.equals("TERM");
            f.handle(name, sig -> {
                if (!stop || stops.incrementAndGet() == 1) {
                    send.accept(sig.getNumber());
                } else {
                    System.err.println("nucleus: a second SIG" + sig.getName() + ": the workload is killed (SIGKILL)");
                    send.accept(9);
                }
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
