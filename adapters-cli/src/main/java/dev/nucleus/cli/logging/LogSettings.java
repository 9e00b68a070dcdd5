package dev.nucleus.cli.logging;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;

import java.util.Optional;

/**
 * Where Nucleus's own log goes, how it is formatted and from which level. Held statically because
 * logback calls its {@link NucleusLogConfigurator} through a service loader, not through us.
 */
public record LogSettings(Level level, Optional<String> file, boolean json) {
    /** Levels in increasing verbosity. */
    public enum Level { ERROR, WARN, INFO, DEBUG, TRACE }

    private static volatile LogSettings current = new LogSettings(Level.WARN, Optional.empty(), false);

    public static LogSettings from(GlobalSettings globals) {
        Level level = globals.get(GlobalOption.LOG_LEVEL).map(l -> Level.valueOf(AsciiText.upperCase(l)))
                .orElse(Level.WARN);
        return new LogSettings(level, globals.get(GlobalOption.LOG),
                globals.get(GlobalOption.LOG_FORMAT).map("json"::equals).orElse(false));
    }

    public static LogSettings current() {
        return current;
    }

    static void install(LogSettings settings) {
        current = settings;
    }

    public boolean enables(Level wanted) {
        return wanted.ordinal() <= level.ordinal();
    }
}
