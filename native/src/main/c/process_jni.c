/*
 * Signals to a container's process by pidfd: the caller opens the pidfd, checks the process's
 * start time (so the pid was not recycled), then signals through the pidfd, which cannot reach
 * any other process whatever happens to the pid meanwhile.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
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

JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativeProcess_joinNetworkNamespace0(JNIEnv *env, jclass cls,
                                                                                    jint pidfd)
{
    (void) env;
    (void) cls;
    return setns(pidfd, CLONE_NEWNET) == 0 ? 0 : errno;
}
