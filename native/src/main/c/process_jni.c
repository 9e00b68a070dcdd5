/*
 * Signals to a container's process by pidfd: the caller opens the pidfd, checks the process's
 * start time (so the pid was not recycled), then signals through the pidfd, which cannot reach
 * any other process whatever happens to the pid meanwhile. And this process's own end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeProcess.h"
#include "jni_errors.h"

JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativeProcess_pidfdOpen0(JNIEnv *env, jclass cls, jlong pid)
{
    (void) env;
    (void) cls;
    int fd = (int) syscall(SYS_pidfd_open, (pid_t) pid, 0);
    return fd >= 0 ? fd : -errno;
}

JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativeProcess_pidfdSignal0(JNIEnv *env, jclass cls, jint pidfd,
                                                                           jint sig)
{
    (void) env;
    (void) cls;
    return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) == 0 ? 0 : errno;
}

static long long now_millis(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Waits up to timeout_millis for the process to exit: a pidfd polls readable once it has (a
 * zombie included). 1 exited, 0 timed out, or -errno.
 */
JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativeProcess_pidfdAwaitExit0(JNIEnv *env, jclass cls,
                                                                              jint pidfd, jint timeout_millis)
{
    (void) env;
    (void) cls;
    long long deadline = now_millis() + timeout_millis;
    for (;;) {
        long long left = deadline - now_millis();
        struct pollfd p = { .fd = pidfd, .events = POLLIN };
        int n = poll(&p, 1, left > 0 ? (int) left : 0);
        if (n > 0) {
            return 1;
        }
        if (n == 0) {
            return 0;
        }
        if (errno != EINTR) {
            return -errno;
        }
    }
}

JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativeProcess_joinNetworkNamespace0(JNIEnv *env, jclass cls,
                                                                                    jint pidfd)
{
    (void) env;
    (void) cls;
    return setns(pidfd, CLONE_NEWNET) == 0 ? 0 : errno;
}

/*
 * The address space's teardown, handed to a process that outlives this one by a moment. A process's
 * memory is freed as it exits, before its parent learns that it ended: for this JVM (thousands of
 * pages touched: the AOT cache relocated, the heap, metaspace) about 3 ms of every command's wall
 * time here. A CLONE_VM child holds the address space, so this process's exit drops one reference
 * and its parent's wait returns at once; the child waits on this process's pidfd for its end, then
 * exits, and the memory is freed off the caller's path (init, or the caller's subreaper, reaps it,
 * as any orphan). The child holds no file of ours (a caller reading our output to EOF is not kept
 * waiting: we go only once it closed them) nor our working directory, and takes no signal (all
 * blocked: no JVM handler runs in it). Best effort: where a step fails, this process frees its
 * memory itself, as before. The memory is freed all the same: back-to-back launches on two cores
 * gain little; what gains is the wait for one launch's end.
 */
static char teardown_stack[16384] __attribute__((aligned(16)));
static volatile int teardown_ready;

/* Runs in the CLONE_VM child on teardown_stack: system calls only (errno is the parent thread's TLS). */
static int teardown_child(void *arg)
{
    int pidfd = (int) (long) arg;
    if (pidfd > 0) {
        syscall(SYS_close_range, 0U, (unsigned) pidfd - 1, 0);
    }
    syscall(SYS_close_range, (unsigned) pidfd + 1, ~0U, 0);
    syscall(SYS_chdir, "/"); /* nor our working directory: a file system unmounted after we end is not busy */
    syscall(SYS_prctl, PR_SET_NAME, (unsigned long) "nucleus-exit", 0UL, 0UL, 0UL);
    __atomic_store_n(&teardown_ready, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &teardown_ready, FUTEX_WAKE, 1, NULL, NULL, 0);
    struct pollfd p = { .fd = pidfd, .events = POLLIN };
    while (syscall(SYS_ppoll, &p, 1UL, NULL, NULL, 0UL) == 0) {
        /* without a timeout ppoll returns once this process ended, or fails: the child ends then too */
    }
    return 0;
}

static void hand_off_teardown(void)
{
    int pidfd = (int) syscall(SYS_pidfd_open, getpid(), 0);
    if (pidfd < 0) {
        return;
    }
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL); /* the child starts with this mask; this thread is ending */
    if (clone(teardown_child, teardown_stack + sizeof teardown_stack, CLONE_VM | SIGCHLD,
              (void *) (long) pidfd) < 0) {
        return;
    }
    /* Until the child closed its copies of our files: 100 ms at most (a SIGKILL could end it first). */
    struct timespec limit = { 0, 100 * 1000 * 1000 };
    while (!__atomic_load_n(&teardown_ready, __ATOMIC_ACQUIRE)) {
        if (syscall(SYS_futex, &teardown_ready, FUTEX_WAIT, 0, &limit, NULL, 0) != 0 && errno == ETIMEDOUT) {
            break;
        }
    }
}

/* This process ends here with `status`: every thread, at once, as Runtime.halt ends it but without
 * the JVM's exit sequence (stopping its periodic task thread, a safepoint for the VM thread); with
 * hand_off, its memory freed after its parent learned of its end (hand_off_teardown). */
JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeProcess_exitNow0(JNIEnv *env, jclass cls, jint status,
                                                                      jboolean hand_off)
{
    (void) env;
    (void) cls;
    if (hand_off) {
        hand_off_teardown();
    }
    syscall(SYS_exit_group, (int) status);
}
