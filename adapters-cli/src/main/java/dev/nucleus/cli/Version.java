package dev.nucleus.cli;

/** The version of this build, read from the jar manifest. */
final class Version {
    private Version() {
    }

    static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
