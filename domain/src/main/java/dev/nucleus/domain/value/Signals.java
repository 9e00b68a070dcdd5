package dev.nucleus.domain.value;

import java.util.List;

/** Linux signal names and numbers (x86_64), for {@code kill} and exit-status reporting. */
public final class Signals {
    /** Index = signal number; 1..31 are the standard signals. */
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    public static final int SIGRTMIN = 34;
    public static final int SIGRTMAX = 64;

    private Signals() {
    }

    /** A number (1-64) or a name with or without {@code SIG}, any case; {@code RTMIN+N} too. */
    public static int parse(String text) throws InvalidValueException {
        String t = AsciiText.upperCase(text.strip());
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            return Numbers.parseInt(t, 1, SIGRTMAX);
        }
        if (t.startsWith("SIG")) {
            t = t.substring(3);
        }
        int n = NAMES.indexOf(t);
        if (n > 0) {
            return n;
        }
        if (t.equals("IOT")) {
            return 6;
        }
        if (t.equals("POLL")) {
            return 29;
        }
        if (t.startsWith("RTMIN+") || t.startsWith("RTMAX-")) {
            int offset = Numbers.parseInt(t.substring(6), 0, SIGRTMAX - SIGRTMIN);
            return t.startsWith("RTMIN+") ? SIGRTMIN + offset : SIGRTMAX - offset;
        }
        if (t.equals("RTMIN") || t.equals("RTMAX")) {
            return t.equals("RTMIN") ? SIGRTMIN : SIGRTMAX;
        }
        throw new InvalidValueException("expected a signal name such as TERM, SIGKILL or HUP, or a number from 1 to 64");
    }

    public static String name(int signal) {
        if (signal > 0 && signal < NAMES.size()) {
            return "SIG" + NAMES.get(signal);
        }
        return "SIG" + signal;
    }
}
