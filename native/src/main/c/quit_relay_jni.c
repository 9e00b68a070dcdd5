/*
 * SIGQUIT for a foreground container. The JVM keeps SIGQUIT for its thread dumps and refuses it to
 * sun.misc.Signal, so Ctrl-\ printed a dump of Nucleus's threads into the container's output
 * instead of reaching the workload. While a foreground run lasts, this handler takes SIGQUIT and
 * sends it on as one SIGNAL message on the shim's control socket (a SOCK_SEQPACKET send: one
 * message, async-signal-safe); afterwards the JVM's handler is put back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <jni.h>
#include "control.h"
#include "dev_nucleus_linux_jni_NativeQuitRelay.h"
#include "jni_errors.h"
#include "jni_fds.h"

static volatile sig_atomic_t relay_fd = -1;
static struct sigaction jvm_handler;
static int installed;

static void relay(int sig)
{
    int fd = relay_fd;
    if (fd < 0) {
        return;
    }
    int saved = errno;
    uint8_t m[CONTROL_MSG_SIZE];
    control_encode(m, MSG_SIGNAL, sig, 0, 0);
    (void) send(fd, m, sizeof m, MSG_NOSIGNAL | MSG_DONTWAIT);
    errno = saved;
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeQuitRelay_start0(JNIEnv *env, jclass cls, jint control_fd)
{
    (void) cls;
    if (installed) {
        relay_fd = control_fd;
        return;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = relay;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    relay_fd = control_fd;
    if (sigaction(SIGQUIT, &sa, &jvm_handler) != 0) {
        relay_fd = -1;
        throw_native(env, "sigaction(SIGQUIT)", errno);
        return;
    }
    installed = 1;
}

/* A SOCK_SEQPACKET pair for a relay with no shim (gVisor): {the reader's end, the handler's end}. */
JNIEXPORT jintArray JNICALL Java_dev_nucleus_linux_jni_NativeQuitRelay_pair0(JNIEnv *env, jclass cls)
{
    (void) cls;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
        throw_native(env, "socketpair(AF_UNIX, SOCK_SEQPACKET)", errno);
        return NULL;
    }
    return jni_fd_pair(env, sv);
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeQuitRelay_stop0(JNIEnv *env, jclass cls)
{
    (void) cls;
    relay_fd = -1;
    if (!installed) {
        return;
    }
    if (sigaction(SIGQUIT, &jvm_handler, NULL) != 0) {
        throw_native(env, "sigaction(SIGQUIT)", errno);
        return;
    }
    installed = 0;
}
