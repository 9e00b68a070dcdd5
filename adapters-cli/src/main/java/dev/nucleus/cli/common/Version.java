package dev.nucleus.cli.common;

/** The version of this build. */
public final class Version {
    /**
     * Set by bin/nucleus from the same build's version: reading the jar manifest instead opens the
     * jar through the JDK's zip and channel code, some milliseconds of a cold {@code --version}.
     */
    static final String PROPERTY = "nucleus.version";

    private Version() {
    }

    /** The launcher's {@value #PROPERTY}, else the jar manifest's Implementation-Version, else "dev". */
    public static String current() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            v = Version.class.getPackage().getImplementationVersion();
        }
        return v == null ? "dev" : v;
    }
}
