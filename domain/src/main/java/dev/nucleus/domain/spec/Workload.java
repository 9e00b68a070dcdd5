package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What runs: argv (exec'd directly, not through a shell; a bare name is looked up in the
 * container's PATH), explicit environment, an fd carrying more environment, and the working
 * directory.
 */
public record Workload(List<String> command, List<EnvVar> env, OptionalInt envFd, ContainerPath workdir) {
    /** The working directory when a workspace is mounted, and when not. */
    public static final String WORKSPACE_WORKDIR = "/workspace";
    public static final String DEFAULT_WORKDIR = "/";
    /** The kernel's bound on one argument or KEY=VALUE (MAX_ARG_STRLEN, bytes), and ours on how many. */
    public static final int MAX_ARG_BYTES = 131_072;
    public static final int MAX_ARGS = 65_536;
}
