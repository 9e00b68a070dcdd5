package dev.nucleus.linux.backend;

import dev.nucleus.domain.value.AsciiText;

/** Reads {@code /proc/<pid>/limits} and {@code status}: a resource's limits, the effective capabilities. */
final class ProcessLimits {
    private ProcessLimits() {
    }

    /**
     * The hard limit of {@code resource} ("Max locked memory") in its unit; -1 for unlimited.
     *
     * @throws IllegalArgumentException when the text has no such line
     */
    static long hard(String limitsText, String resource) {
        for (String line : limitsText.split("\n")) {
            if (line.startsWith(resource + " ")) {
                String hard = AsciiText.words(line.substring(resource.length())).get(1);
                return hard.equals("unlimited") ? -1 : Long.parseLong(hard);
            }
        }
        throw new IllegalArgumentException("no '" + resource + "' line in the process's limits");
    }

    /** CAP_SYS_RESOURCE's bit. */
    static final int CAP_SYS_RESOURCE = 24;

    /** Whether {@code /proc/<pid>/status} text shows CAP_SYS_RESOURCE in the effective set. */
    static boolean holdsSysResource(String statusText) {
        for (String line : statusText.split("\n")) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << CAP_SYS_RESOURCE)) != 0;
            }
        }
        return false;
    }
}
