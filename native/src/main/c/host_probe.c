/*
 * Host probe: asks the kernel what it can do and returns the raw answers to Java as an int[]
 * (layout documented in NativeHostProbe.java). No policy here: Java decides, C executes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/landlock.h>
#include <linux/magic.h>
#include <linux/seccomp.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeHostProbe.h"

/* Slot indices: must match NativeHostProbe.java. */
enum {
    S_VERSION, S_LANDLOCK_ABI, S_LANDLOCK_ERRNO, S_SECCOMP_MODE, S_SECCOMP_ACTIONS,
    S_SECCOMP_ERRNO, S_USERNS_ERRNO, S_TIMENS_ERRNO, S_CGROUP_LAYOUT, S_CGROUP_ERRNO, S_LENGTH
};
enum { CG_NONE = 0, CG_UNIFIED = 1, CG_HYBRID = 2, CG_LEGACY = 3 };

#define LAYOUT_VERSION 1
#define CHILD_STACK_SIZE (64 * 1024)

static void probe_landlock(jint *out)
{
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 0) {
        out[S_LANDLOCK_ABI] = 0;
        out[S_LANDLOCK_ERRNO] = errno;
    } else {
        out[S_LANDLOCK_ABI] = (jint) abi;
        out[S_LANDLOCK_ERRNO] = 0;
    }
}

static void probe_seccomp(jint *out)
{
    /* Bit order: NativeHostProbe.SECCOMP_ACTION_ORDER. */
    static const uint32_t actions[] = {
        SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP, SECCOMP_RET_ERRNO,
        SECCOMP_RET_USER_NOTIF, SECCOMP_RET_TRACE, SECCOMP_RET_LOG, SECCOMP_RET_ALLOW,
    };
    int mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
    out[S_SECCOMP_MODE] = mode < 0 ? -errno : mode;

    jint mask = 0;
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
        uint32_t action = actions[i];
        if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0) {
            mask |= (jint) (1u << i);
        } else if (actions[i] == SECCOMP_RET_ALLOW) {
            out[S_SECCOMP_ERRNO] = errno;
        }
    }
    out[S_SECCOMP_ACTIONS] = mask;
}

/* Shared with the CLONE_VM child; volatile because the compiler cannot see the child write it. */
struct child_result {
    volatile int err;
};

/* Runs in the vfork'd child on its own stack: async-signal-safe calls only. */
static int child_exit_now(void *arg)
{
    (void) arg;
    return 0;
}

static int child_unshare_time(void *arg)
{
    struct child_result *res = arg;
    res->err = syscall(SYS_unshare, CLONE_NEWTIME) == 0 ? 0 : errno;
    return 0;
}

/*
 * clone(CLONE_VM|CLONE_VFORK) a child on a private stack, with every signal blocked so that no
 * JVM handler ever runs in it, and reap it. Returns 0 or the errno of the failing step.
 */
static int run_child(int (*fn)(void *), int extra_flags, struct child_result *res)
{
    void *stack = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        return errno;
    }
    sigset_t all, saved;
    int err = 0;
    if (sigfillset(&all) != 0) {
        err = errno;
        goto unmap;
    }
    err = pthread_sigmask(SIG_SETMASK, &all, &saved);
    if (err != 0) {
        goto unmap;
    }
    pid_t pid = clone(fn, (char *) stack + CHILD_STACK_SIZE,
                      CLONE_VM | CLONE_VFORK | extra_flags | SIGCHLD, res);
    if (pid < 0) {
        err = errno;
    } else {
        int status;
        pid_t got;
        do {
            got = waitpid(pid, &status, __WALL);
        } while (got < 0 && errno == EINTR);
        if (got < 0) {
            err = errno;
        } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            err = ECHILD; /* the child died abnormally: report "not creatable" */
        }
    }
    int restore = pthread_sigmask(SIG_SETMASK, &saved, NULL);
    if (err == 0) {
        err = restore;
    }
unmap:
    if (munmap(stack, CHILD_STACK_SIZE) != 0 && err == 0) {
        err = errno;
    }
    return err;
}

static void probe_namespaces(jint *out)
{
    struct child_result res = { .err = 0 };
    /* User ns: the kernel creates it during clone, so the clone result is the answer. */
    out[S_USERNS_ERRNO] = run_child(child_exit_now, CLONE_NEWUSER, &res);

    /* Time ns: CLONE_NEWTIME does not fit clone()'s flags, so the child unshares it. */
    res.err = 0;
    int err = run_child(child_unshare_time, 0, &res);
    out[S_TIMENS_ERRNO] = err != 0 ? err : res.err;
}

static void probe_cgroup(jint *out)
{
    struct statfs fs;
    if (statfs("/sys/fs/cgroup", &fs) != 0) {
        out[S_CGROUP_LAYOUT] = CG_NONE;
        out[S_CGROUP_ERRNO] = errno;
        return;
    }
    out[S_CGROUP_ERRNO] = 0;
    if (fs.f_type == CGROUP2_SUPER_MAGIC) {
        out[S_CGROUP_LAYOUT] = CG_UNIFIED;
    } else if (fs.f_type == TMPFS_MAGIC) {
        struct statfs unified;
        int hybrid = statfs("/sys/fs/cgroup/unified", &unified) == 0
                     && unified.f_type == CGROUP2_SUPER_MAGIC;
        out[S_CGROUP_LAYOUT] = hybrid ? CG_HYBRID : CG_LEGACY;
    } else {
        out[S_CGROUP_LAYOUT] = CG_NONE;
    }
}

JNIEXPORT jintArray JNICALL Java_dev_nucleus_linux_jni_NativeHostProbe_probe0(JNIEnv *env, jclass cls,
                                                                             jboolean namespaces)
{
    (void) cls;
    jint out[S_LENGTH] = { 0 };
    out[S_VERSION] = LAYOUT_VERSION;
    probe_landlock(out);
    probe_seccomp(out);
    if (namespaces) {
        probe_namespaces(out);
    } else {
        /* Two cloned children, some tenths of a millisecond each and more when both cores are busy:
         * left out by a launch whose mode does not read them (NativeHostProbe.NOT_PROBED). */
        out[S_USERNS_ERRNO] = -1;
        out[S_TIMENS_ERRNO] = -1;
    }
    probe_cgroup(out);

    jintArray result = (*env)->NewIntArray(env, S_LENGTH);
    if (result == NULL) {
        return NULL; /* OutOfMemoryError is pending */
    }
    (*env)->SetIntArrayRegion(env, result, 0, S_LENGTH, out);
    return result;
}
