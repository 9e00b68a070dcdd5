package dev.nucleus.linux.sys;

import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.linux.jni.NativeProcess;

/**
 * This process's effective uid and gid, asked of the kernel in one native call: reading them from
 * {@code /proc/self/status} cost every start the JDK's file-reading path, cold, on its main thread.
 */
public final class SelfIds {
    private SelfIds() {
    }

    public static Invoker effective() {
        long[] ids = NativeProcess.effectiveIds();
        return new Invoker(ids[0], ids[1]);
    }
}
