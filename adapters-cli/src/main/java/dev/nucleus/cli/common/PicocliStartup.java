package dev.nucleus.cli.common;

/**
 * picocli settings that keep its start-up off the class path. By default, its first
 * {@code CommandSpec} looks for Groovy's {@code Closure} and every {@code CommandLine} registers
 * converters for {@code java.sql}, {@code java.time} and {@code Path} through reflection; a class
 * that is not there makes the application class loader open every jar on the class path (some
 * 10 ms each time on a cold start). No option of ours takes a Groovy closure or one of those types
 * (every value is a string that the domain parses). Set only where the caller has not set them already.
 */
public final class PicocliStartup {
    private PicocliStartup() {
    }

    /** Applies the settings to this JVM's system properties; the CLI's entry point calls it first. */
    public static void configure() {
        setIfAbsent("picocli.disable.closures", "true");
        setIfAbsent("picocli.converters.excludes", "java\\.(sql|time|nio\\.file)\\..*"); // one regex: each is compiled per converter
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
