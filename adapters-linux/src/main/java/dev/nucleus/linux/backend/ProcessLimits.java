package dev.nucleus.linux.backend;

/** Reads {@code /proc/<pid>/limits}: one resource's limits by the name the kernel prints. */
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
                String[] fields = line.substring(resource.length()).trim().split("\\s+");
                return fields[1].equals("unlimited") ? -1 : Long.parseLong(fields[1]);
            }
        }
        throw new IllegalArgumentException("no '" + resource + "' line in the process's limits");
    }
}
