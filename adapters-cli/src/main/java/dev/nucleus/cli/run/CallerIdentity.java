package dev.nucleus.cli.run;

import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.linux.sys.SelfIds;

/** The effective uid and gid of this process: who invoked the command. */
public final class CallerIdentity {
    private CallerIdentity() {
    }

    public static Invoker current() {
        return SelfIds.effective();
    }
}
