package dev.nucleus.cli.common;

/**
 * picocli settings that keep its start-up off the class path. By default, its first
 * {@code CommandSpec} looks for Groovy's {@code Closure} and every {@code CommandLine} registers
 * converters for {@code java.sql} and {@code java.time} types through reflection; a class that is
 * not there (java.sql is not in the jlinked runtime) makes the application class loader open every
 * jar on the class path (some 10 ms each time on a cold start). No option of ours takes a Groovy
 * closure, a {@code java.sql} or a {@code java.time} type (options are strings, numbers, booleans
 * and paths). Set only where the caller has not set them already.
 */
public final class PicocliStartup {
    private PicocliStartup() {
    }

    /** Applies the settings to this JVM's system properties; the CLI's entry point calls it first. */
    public static void configure() {
        setIfAbsent("picocli.disable.closures", "true");
        setIfAbsent("picocli.converters.excludes", "java\\.(sql|time)\\..*"); // one regex: each is compiled per converter
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
