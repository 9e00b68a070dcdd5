/*
 * Signals to a container's process by pidfd: the caller opens the pidfd, checks the process's
 * start time (so the pid was not recycled), then signals through the pidfd, which cannot reach
 * any other process whatever happens to the pid meanwhile. And this process's own end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <time.h>
#include <signal.h>
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

/* This process ends here with `status`: every thread, at once, as Runtime.halt ends it but without
 * the JVM's exit sequence (stopping its periodic task thread, a safepoint for the VM thread). */
JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeProcess_exitNow0(JNIEnv *env, jclass cls, jint status)
{
    (void) env;
    (void) cls;
    syscall(SYS_exit_group, (int) status);
}
