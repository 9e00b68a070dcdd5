package dev.nucleus.cli.run;

import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.domain.launch.RawLaunchRequest;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code nucleus run}/{@code create} was asked on the command line: the launch flags as a raw
 * request, the flags given (for the config-mixing rule), and the non-launch options.
 */
public record RunInvocation(RawLaunchRequest flags, List<String> launchFlagsGiven, Optional<String> configFile,
                            OptionalInt configFd, boolean dryRun, boolean timings, boolean help, GlobalSettings globals) {
    public boolean usesConfigDocument() {
        return configFile.isPresent() || configFd.isPresent();
    }
}
