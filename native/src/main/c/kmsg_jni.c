/*
 * The kernel log, record by record (/dev/kmsg): opened at its end so only what is logged from
 * now on is read, non-blocking so a reader can wait with a timeout and stop cleanly.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeKmsg.h"
#include "jni_errors.h"

#define KMSG_RECORD_MAX 8192 /* one record, as the kernel's CONSOLE_EXT_LOG_MAX */

JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativeKmsg_openAtEnd0(JNIEnv *env, jclass cls)
{
    (void) cls;
    int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        throw_native(env, "open(/dev/kmsg)", errno);
        return -1;
    }
    if (lseek(fd, 0, SEEK_END) < 0) {
        int err = errno;
        close(fd);
        throw_native(env, "lseek(/dev/kmsg, SEEK_END)", err);
        return -1;
    }
    return fd;
}

/* An eventfd whose signal ends a reader's wait at once (close-on-exec, non-blocking). */
JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativeKmsg_openWake0(JNIEnv *env, jclass cls)
{
    (void) cls;
    int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (fd < 0) {
        throw_native(env, "eventfd", errno);
    }
    return fd;
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeKmsg_wake0(JNIEnv *env, jclass cls, jint wake)
{
    (void) cls;
    uint64_t one = 1;
    if (write(wake, &one, sizeof one) < 0 && errno != EAGAIN) {
        throw_native(env, "write(eventfd)", errno);
    }
}

/*
 * One record, or NULL when none arrived within timeout ms (0: only what is there already) or
 * the wake fd (-1: none) was signalled while waiting.
 */
JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_NativeKmsg_read0(JNIEnv *env, jclass cls, jint fd,
                                                                       jint wake, jint timeout)
{
    (void) cls;
    char buf[KMSG_RECORD_MAX];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0) {
            jbyteArray out = (*env)->NewByteArray(env, (jsize) n);
            if (out != NULL) {
                (*env)->SetByteArrayRegion(env, out, 0, (jsize) n, (const jbyte *) buf);
            }
            return out;
        }
        if (n < 0 && errno == EPIPE) {
            continue; /* records were overwritten before we read them: go on with the next */
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno != EAGAIN) {
            throw_native(env, "read(/dev/kmsg)", errno);
            return NULL;
        }
        if (timeout <= 0) {
            return NULL;
        }
        struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = wake, .events = POLLIN } };
        int r = poll(p, wake >= 0 ? 2 : 1, timeout);
        if (r < 0 && errno != EINTR) {
            throw_native(env, "poll(/dev/kmsg)", errno);
            return NULL;
        }
        if (r == 0 || (wake >= 0 && (p[1].revents & POLLIN) && !(p[0].revents & POLLIN))) {
            return NULL;
        }
        timeout = 0; /* readable now: one more read, no second wait */
    }
}
