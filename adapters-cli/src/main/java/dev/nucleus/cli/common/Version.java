package dev.nucleus.cli.common;

/** The version of this build, read from the jar manifest. */
public final class Version {
    private Version() {
    }

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
