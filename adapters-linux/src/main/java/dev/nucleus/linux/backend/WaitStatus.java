package dev.nucleus.linux.backend;

/** Turns a raw wait(2) status into the exit status Nucleus reports: the code, or 128+signal. */
final class WaitStatus {
    private WaitStatus() {
    }

    static int toExitStatus(int raw) {
        int signal = raw & 0x7f;
        if (signal == 0) {
            return (raw >> 8) & 0xff;
        }
        return 128 + signal;
    }
}
