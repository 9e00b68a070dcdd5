/*
 * sd_notify(3)'s transport for the JVM (NativeNotify.java): AF_UNIX datagrams, which Java's
 * channels do not offer. "@name" addresses are abstract (a leading NUL byte).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeNotify.h"
#include "jni_errors.h"

/* Fills addr from a Java string; returns its length for bind/sendto, or -1 (too long). */
static socklen_t address(JNIEnv *env, jstring jaddr, struct sockaddr_un *addr)
{
    const char *a = (*env)->GetStringUTFChars(env, jaddr, NULL);
    if (a == NULL) {
        return (socklen_t) -1;
    }
    size_t n = strlen(a);
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    socklen_t len = (socklen_t) -1;
    if (n > 0 && n < sizeof addr->sun_path) {
        memcpy(addr->sun_path, a, n);
        if (a[0] == '@') {
            addr->sun_path[0] = '\0';
            len = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + n);
        } else {
            len = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + n + 1);
        }
    }
    (*env)->ReleaseStringUTFChars(env, jaddr, a);
    return len;
}

JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativeNotify_send0(JNIEnv *env, jclass cls, jstring jaddr,
                                                                   jbyteArray jmsg)
{
    (void) cls;
    struct sockaddr_un addr;
    socklen_t len = address(env, jaddr, &addr);
    if (len == (socklen_t) -1) {
        return ENAMETOOLONG;
    }
    jsize n = (*env)->GetArrayLength(env, jmsg);
    jbyte *msg = (*env)->GetByteArrayElements(env, jmsg, NULL);
    if (msg == NULL) {
        return ENOMEM;
    }
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int err = 0;
    if (fd < 0) {
        err = errno;
    } else if (sendto(fd, msg, (size_t) n, MSG_NOSIGNAL, (struct sockaddr *) &addr, len) < 0) {
        err = errno;
    }
    if (fd >= 0) {
        close(fd);
    }
    (*env)->ReleaseByteArrayElements(env, jmsg, msg, JNI_ABORT);
    return err;
}

JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativeNotify_bind0(JNIEnv *env, jclass cls, jstring jpath)
{
    (void) cls;
    struct sockaddr_un addr;
    socklen_t len = address(env, jpath, &addr);
    if (len == (socklen_t) -1) {
        throw_native(env, "notify socket address", ENAMETOOLONG);
        return -1;
    }
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *) &addr, len) < 0) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
        }
        throw_native(env, "bind notify socket", e);
        return -1;
    }
    return fd;
}

JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_NativeNotify_receive0(JNIEnv *env, jclass cls, jint fd,
                                                                            jint timeout)
{
    (void) cls;
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int r;
    do {
        r = poll(&p, 1, timeout);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        throw_native(env, "poll notify socket", errno);
        return NULL;
    }
    if (r == 0) {
        return NULL;
    }
    char buf[4096];
    ssize_t n;
    do {
        n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno == EAGAIN) {
            return NULL;
        }
        throw_native(env, "recv notify socket", errno);
        return NULL;
    }
    jbyteArray out = (*env)->NewByteArray(env, (jsize) n);
    if (out != NULL) {
        (*env)->SetByteArrayRegion(env, out, 0, (jsize) n, (const jbyte *) buf);
    }
    return out;
}
