/*
 * Terminal helpers for --terminal and --console-socket (the container opens its own pty): read and
 * set window sizes, switch the user's terminal to raw mode and back, relay bytes, and hand the master to a
 * console socket with SCM_RIGHTS (the OCI convention). Every call's result is checked.
 */
#define _GNU_SOURCE
#include <jni.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include "dev_nucleus_linux_jni_NativePty.h"
#include "jni_errors.h"
#include "scm_rights.h"


JNIEXPORT jintArray JNICALL Java_dev_nucleus_linux_jni_NativePty_windowSize0(JNIEnv *env, jclass cls, jint fd)
{
    (void) cls;
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) < 0) {
        return NULL; /* not a terminal: the caller picks a default */
    }
    jintArray out = (*env)->NewIntArray(env, 2);
    if (out != NULL) {
        jint v[2] = { ws.ws_row, ws.ws_col };
        (*env)->SetIntArrayRegion(env, out, 0, 2, v);
    }
    return out;
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativePty_setWindowSize0(JNIEnv *env, jclass cls, jint fd, jint rows,
                                                                          jint cols)
{
    (void) cls;
    struct winsize ws = { .ws_row = (unsigned short) rows, .ws_col = (unsigned short) cols };
    if (ioctl(fd, TIOCSWINSZ, &ws) < 0) {
        throw_native(env, "ioctl(TIOCSWINSZ)", errno);
    }
}

JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_NativePty_makeRaw0(JNIEnv *env, jclass cls, jint fd)
{
    (void) cls;
    struct termios saved, raw;
    if (tcgetattr(fd, &saved) < 0) {
        return NULL; /* not a terminal: nothing to restore */
    }
    raw = saved;
    cfmakeraw(&raw);
    if (tcsetattr(fd, TCSANOW, &raw) < 0) {
        throw_native(env, "tcsetattr(raw)", errno);
        return NULL;
    }
    jbyteArray out = (*env)->NewByteArray(env, (jsize) sizeof saved);
    if (out != NULL) {
        (*env)->SetByteArrayRegion(env, out, 0, (jsize) sizeof saved, (const jbyte *) &saved);
    }
    return out;
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativePty_restore0(JNIEnv *env, jclass cls, jint fd, jbyteArray saved)
{
    (void) cls;
    struct termios t;
    if ((*env)->GetArrayLength(env, saved) != (jsize) sizeof t) {
        throw_native(env, "restore: bad termios buffer", EINVAL);
        return;
    }
    (*env)->GetByteArrayRegion(env, saved, 0, (jsize) sizeof t, (jbyte *) &t);
    if (tcsetattr(fd, TCSANOW, &t) < 0) {
        throw_native(env, "tcsetattr(restore)", errno);
    }
}

/* One read; 0 at end of file. A pty master reports EIO once the slave side is gone: also the end. */
JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativePty_read0(JNIEnv *env, jclass cls, jint fd, jbyteArray buf)
{
    (void) cls;
    jbyte tmp[8192];
    jsize cap = (*env)->GetArrayLength(env, buf);
    size_t want = (size_t) cap < sizeof tmp ? (size_t) cap : sizeof tmp;
    ssize_t n;
    do {
        n = read(fd, tmp, want);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno == EIO) {
            return 0;
        }
        throw_native(env, "read", errno);
        return -1;
    }
    (*env)->SetByteArrayRegion(env, buf, 0, (jsize) n, tmp);
    return (jint) n;
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativePty_write0(JNIEnv *env, jclass cls, jint fd, jbyteArray buf,
                                                                  jint len)
{
    (void) cls;
    jbyte tmp[8192];
    for (jint off = 0; off < len;) {
        jint n = len - off < (jint) sizeof tmp ? len - off : (jint) sizeof tmp;
        (*env)->GetByteArrayRegion(env, buf, off, n, tmp);
        for (jint done = 0; done < n;) {
            ssize_t w = write(fd, tmp + done, (size_t) (n - done));
            if (w < 0 && errno == EINTR) {
                continue;
            }
            if (w < 0) {
                throw_native(env, "write", errno);
                return;
            }
            done += (jint) w;
        }
        off += n;
    }
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativePty_sendFd0(JNIEnv *env, jclass cls, jstring jpath, jint fd)
{
    (void) cls;
    const char *path = (*env)->GetStringUTFChars(env, jpath, NULL);
    if (path == NULL) {
        return;
    }
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof addr.sun_path) {
        (*env)->ReleaseStringUTFChars(env, jpath, path);
        throw_native(env, "console socket path too long", ENAMETOOLONG);
        return;
    }
    strcpy(addr.sun_path, path);
    (*env)->ReleaseStringUTFChars(env, jpath, path);
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        throw_native(env, "socket(AF_UNIX)", errno);
        return;
    }
    if (connect(sock, (struct sockaddr *) &addr, sizeof addr) < 0) {
        int err = errno;
        close(sock);
        throw_native(env, "connect(console socket)", err);
        return;
    }
    int err = send_with_fd(sock, "pty", 3, fd);
    close(sock);
    if (err != 0) {
        throw_native(env, "sendmsg(SCM_RIGHTS)", err);
    }
}

/*
 * The receiving end of a console socket, for a runtime (runsc) that opens the pty itself: a
 * listening AF_UNIX stream socket at path (0600 by umask of the caller's directory), then one
 * accepted connection's SCM_RIGHTS fd.
 */
JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativePty_listen0(JNIEnv *env, jclass cls, jstring jpath)
{
    (void) cls;
    const char *path = (*env)->GetStringUTFChars(env, jpath, NULL);
    if (path == NULL) {
        return -1;
    }
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof addr.sun_path) {
        (*env)->ReleaseStringUTFChars(env, jpath, path);
        throw_native(env, "console socket path too long", ENAMETOOLONG);
        return -1;
    }
    strcpy(addr.sun_path, path);
    (*env)->ReleaseStringUTFChars(env, jpath, path);
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        throw_native(env, "socket(AF_UNIX)", errno);
        return -1;
    }
    if (bind(sock, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(sock, 1) < 0) {
        int err = errno;
        close(sock);
        throw_native(env, "bind/listen(console socket)", err);
        return -1;
    }
    return sock;
}

/* Waits up to timeout_ms for one connection on sock and returns the fd it sends (CLOEXEC). */
JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativePty_acceptFd0(JNIEnv *env, jclass cls, jint sock,
                                                                     jint timeout_ms)
{
    (void) cls;
    struct pollfd pfd = { .fd = sock, .events = POLLIN };
    int ready;
    do {
        ready = poll(&pfd, 1, timeout_ms);
    } while (ready < 0 && errno == EINTR);
    if (ready <= 0) {
        throw_native(env, "waiting for the console socket's connection", ready == 0 ? ETIMEDOUT : errno);
        return -1;
    }
    int conn = accept4(sock, NULL, NULL, SOCK_CLOEXEC);
    if (conn < 0) {
        throw_native(env, "accept(console socket)", errno);
        return -1;
    }
    char data[64];
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { .iov_base = data, .iov_len = sizeof data };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                          .msg_controllen = sizeof control };
    ssize_t n;
    do {
        n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    int err = n < 0 ? errno : 0;
    close(conn);
    if (n < 0) {
        throw_native(env, "recvmsg(console socket)", err);
        return -1;
    }
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (c == NULL || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS
            || c->cmsg_len != CMSG_LEN(sizeof(int))) {
        throw_native(env, "the console socket's message carried no fd", EPROTO);
        return -1;
    }
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}
