package dev.nucleus.domain.plan;

import java.util.List;

/**
 * One step the container process performs, in plan order (native/PLAN_FORMAT.md lists the op
 * codes and exact semantics). Records carry plain values: the encoder writes them as they are.
 */
public sealed interface Step {
    /** The op code of the plan format. */
    int op();

    /** A short name for messages: "step 7 mount /proc". */
    String describe();

    record Mount(String source, String target, String fstype, long flags, String data) implements Step {
        public int op() {
            return 10;
        }

        public String describe() {
            return "mount " + (fstype.isEmpty() ? source : fstype) + " on " + target;
        }
    }

    record Mkdir(String path, int mode) implements Step {
        public int op() {
            return 11;
        }

        public String describe() {
            return "mkdir " + path;
        }
    }

    record MkFile(String path, int mode) implements Step {
        public int op() {
            return 12;
        }

        public String describe() {
            return "create " + path;
        }
    }

    /** The content is deliberately not in {@link #describe()} nor in {@code toString()}. */
    record WriteFile(String path, int mode, byte[] content) implements Step {
        public int op() {
            return 13;
        }

        public String describe() {
            return "write " + path;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WriteFile w && w.path.equals(path) && w.mode == mode
                    && java.util.Arrays.equals(w.content, content);
        }

        @Override
        public int hashCode() {
            return path.hashCode() * 31 + java.util.Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "WriteFile[" + path + ", " + Integer.toOctalString(mode) + ", " + content.length + " bytes]";
        }
    }

    record Symlink(String target, String linkPath) implements Step {
        public int op() {
            return 14;
        }

        public String describe() {
            return "symlink " + linkPath + " -> " + target;
        }
    }

    record PivotRoot(String newRoot, boolean allowChrootFallback) implements Step {
        public int op() {
            return 15;
        }

        public String describe() {
            return "pivot_root to " + newRoot;
        }
    }

    record SetHostname(String name) implements Step {
        public int op() {
            return 16;
        }

        public String describe() {
            return "sethostname " + name;
        }
    }

    record Chdir(String path) implements Step {
        public int op() {
            return 17;
        }

        public String describe() {
            return "chdir " + path + " (--workdir)"; // a failure here is the workload's working directory
        }
    }

    record MakePrivate() implements Step {
        public int op() {
            return 18;
        }

        public String describe() {
            return "make mounts private";
        }
    }

    record MaskPath(String path) implements Step {
        public int op() {
            return 19;
        }

        public String describe() {
            return "mask " + path;
        }
    }

    record ReadonlyPath(String path) implements Step {
        public int op() {
            return 20;
        }

        public String describe() {
            return "make " + path + " read-only";
        }
    }

    record DropBounding(long keep) implements Step {
        public int op() {
            return 21;
        }

        public String describe() {
            return "drop the capability bounding set";
        }
    }

    record SetIdentity(long uid, long gid, List<Long> groups) implements Step {
        public SetIdentity {
            groups = List.copyOf(groups);
        }

        public int op() {
            return 22;
        }

        public String describe() {
            return "switch to uid " + uid + " gid " + gid;
        }
    }

    record Capset(long effective, long permitted, long inheritable) implements Step {
        public int op() {
            return 23;
        }

        public String describe() {
            return "set capabilities";
        }
    }

    record Ambient(long raise) implements Step {
        public int op() {
            return 24;
        }

        public String describe() {
            return "set ambient capabilities";
        }
    }

    record Rlimit(int resource, long soft, long hard) implements Step {
        public int op() {
            return 25;
        }

        public String describe() {
            return "setrlimit " + resource;
        }
    }

    record NoNewPrivs() implements Step {
        public int op() {
            return 26;
        }

        public String describe() {
            return "set no_new_privs";
        }
    }

    record Landlock(int abi, long handledFs, List<LandlockRule> rules) implements Step {
        public Landlock {
            rules = List.copyOf(rules);
        }

        public int op() {
            return 27;
        }

        public String describe() {
            return "apply Landlock (ABI " + abi + ", " + rules.size() + " rules)";
        }
    }

    /** A Landlock layer for TCP (ABI 4): the handled operations are allowed only to the listed ports. */
    record LandlockNet(long handledNet, List<PortRule> rules) implements Step {
        /** {@code access}: LANDLOCK_ACCESS_NET_BIND_TCP (1) and/or _CONNECT_TCP (2). */
        public record PortRule(long access, int port) {
        }

        public LandlockNet {
            rules = List.copyOf(rules);
        }

        public int op() {
            return 39;
        }

        public String describe() {
            return "apply Landlock TCP port rules (" + rules.size() + " rules)";
        }
    }

    /** Landlock scopes (ABI 6): abstract unix sockets and signals stay inside the sandbox. */
    record LandlockScope(long scoped) implements Step {
        public static final long ABSTRACT_UNIX_SOCKET = 1;
        public static final long SIGNAL = 2;
        public static final int MINIMUM_ABI = 6;

        public int op() {
            return 36;
        }

        public String describe() {
            return "scope abstract sockets and signals with Landlock";
        }
    }

    /** Production mount audit inside the container, before execve: the mount at path has these ST_* flags. */
    record MountExpect(String path, long flags) implements Step {
        public static final long RDONLY = 1;
        public static final long NOSUID = 2;
        public static final long NODEV = 4;
        public static final long NOEXEC = 8;

        public int op() {
            return 37;
        }

        public String describe() {
            java.util.List<String> names = new java.util.ArrayList<>();
            if ((flags & RDONLY) != 0) {
                names.add("ro");
            }
            if ((flags & NOSUID) != 0) {
                names.add("nosuid");
            }
            if ((flags & NODEV) != 0) {
                names.add("nodev");
            }
            if ((flags & NOEXEC) != 0) {
                names.add("noexec");
            }
            return "mount audit: " + path + " must be " + String.join(",", names);
        }
    }

    /**
     * Joins a cgroup v1 hierarchy by writing 0 to its {@code tasks} file, which the shim opens
     * before the clone: a process that moves only itself skips the lock a move by pid waits for.
     */
    record JoinCgroup(String tasksFile) implements Step {
        public int op() {
            return 41;
        }

        public String describe() {
            return "join cgroup " + (tasksFile.endsWith("/tasks")
                    ? tasksFile.substring(0, tasksFile.length() - "/tasks".length()) : tasksFile);
        }
    }

    /**
     * Attaches at {@code target} the rootfs tree the runtime passed the shim (its fd 7): a detached
     * copy of the rootfs's mount, idmapped by the container's own id maps, which only the host's
     * root can make. An overlay's lower layer, in a user namespace that does not map the rootfs's
     * owner, then shows the rootfs as the container's root owns it.
     */
    record AttachRootfs(String target) implements Step {
        public int op() {
            return 43;
        }

        public String describe() {
            return "attach the idmapped rootfs at " + target;
        }
    }

    /**
     * Attaches at {@code target} the image layer tree the runtime passed the shim (its fd 8): a
     * detached copy of the verified layer's mount, idmapped by the container's own id maps, so one
     * copy of a layer serves containers in user namespaces too. The overlay then takes it as its
     * upper lower layer.
     */
    record AttachLayer(String target) implements Step {
        public int op() {
            return 44;
        }

        public String describe() {
            return "attach the idmapped image layer at " + target;
        }
    }

    /**
     * The container process waits here for GO: what comes before runs while the runtime maps ids,
     * joins cgroups, attaches the network and records the state. Without this step it waits
     * before its first step.
     */
    record AwaitGo() implements Step {
        public int op() {
            return 42;
        }

        public String describe() {
            return "wait for GO";
        }
    }

    /**
     * In a user namespace, the container process waits here, first, until the runtime has written
     * its id maps (nothing it makes before that would have an owner the namespace maps); what
     * follows up to {@link AwaitGo} (its mounts, as the namespace's root) then runs while the
     * runtime joins the cgroups, attaches the network and records the state.
     */
    record AwaitMaps() implements Step {
        public int op() {
            return 45;
        }

        public String describe() {
            return "wait for the id maps";
        }
    }

    /** startContainer hooks: the container waits here (after pivot_root, before the filters) for RESUME. */
    record HookPause() implements Step {
        public int op() {
            return 40;
        }

        public String describe() {
            return "wait for the startContainer hooks";
        }
    }

    record CloseFds() implements Step {
        public int op() {
            return 28;
        }

        public String describe() {
            return "close inherited fds";
        }
    }

    /**
     * The seccomp filter. With {@code trace} (op 38, --seccomp-mode trace) it is installed with a
     * listener the shim takes to count every syscall the filter reports (SECCOMP_RET_USER_NOTIF).
     */
    record Seccomp(int flags, byte[] program, boolean trace) implements Step {
        public Seccomp(int flags, byte[] program) {
            this(flags, program, false);
        }

        public int op() {
            return trace ? 38 : 29;
        }

        public String describe() {
            return "install the seccomp " + (trace ? "trace " : "") + "filter (" + program.length / 8 + " instructions)";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Seccomp s && s.flags == flags && s.trace == trace
                    && java.util.Arrays.equals(s.program, program);
        }

        @Override
        public int hashCode() {
            return (java.util.Arrays.hashCode(program) * 31 + flags) * 2 + (trace ? 1 : 0);
        }

        @Override
        public String toString() {
            return "Seccomp[flags=" + flags + ", " + program.length / 8 + " instructions" + (trace ? ", trace" : "")
                    + "]";
        }
    }

    /** Only a cgroup namespace, unshared after the cgroup was joined (the shim refuses other flags). */
    record Unshare(long flags) implements Step {
        public int op() {
            return 33;
        }

        public String describe() {
            return "unshare the cgroup namespace";
        }
    }

    /**
     * A pty from the container's own devpts, of this size: the slave becomes stdio, the master goes
     * to the runtime (--terminal, --console-socket). Runs after pivot_root.
     */
    record PtyOpen(int rows, int cols) implements Step {
        public int op() {
            return 35;
        }

        public String describe() {
            return "open the terminal";
        }
    }

    /** A new session with the pty on stdin as controlling terminal (--terminal). */
    record ControllingTerminal() implements Step {
        public int op() {
            return 34;
        }

        public String describe() {
            return "take the terminal as controlling tty";
        }
    }

    record LoopbackUp() implements Step {
        public int op() {
            return 32;
        }

        public String describe() {
            return "bring up lo";
        }
    }

    record MiniInit() implements Step {
        public int op() {
            return 30;
        }

        public String describe() {
            return "start the mini-init";
        }
    }

    /** Never rendered with its environment: values may be secrets. */
    record Exec(String path, List<String> argv, List<String> env) implements Step {
        public Exec {
            argv = List.copyOf(argv);
            env = List.copyOf(env);
        }

        public int op() {
            return 31;
        }

        public String describe() {
            return "execute " + path;
        }

        @Override
        public String toString() {
            return "Exec[" + path + ", " + argv + ", " + env.size() + " environment entries]";
        }
    }
}
