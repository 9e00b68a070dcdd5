/*
 * Byte relays between the caller's terminal and the pipes a command gets instead of it
 * (NativeRelay.java): each pump copies one direction until its source ends or a stop fd
 * becomes readable (or hangs up), so no thread stays blocked in a read once the command ended.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeRelay.h"

#include "jni_errors.h"

/*
 * Writes all of buf; 0, or -1 with errno (EPIPE: the reader is gone). A terminal someone made
 * non-blocking (its open file is shared with the caller's shell) is waited for, not given up on.
 */
static int write_all(int fd, const char *buf, size_t len)
{
    for (size_t done = 0; done < len;) {
        ssize_t w = write(fd, buf + done, len - done);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p = { .fd = fd, .events = POLLOUT };
            if (poll(&p, 1, -1) < 0 && errno != EINTR) {
                return -1;
            }
            continue;
        }
        if (w < 0) {
            return -1;
        }
        done += (size_t) w;
    }
    return 0;
}

/* One read; 0 at the end (EIO from a terminal that hung up is its end too), -1 with errno. */
static ssize_t read_once(int fd, char *buf, size_t len)
{
    ssize_t n;
    do {
        n = read(fd, buf, len);
    } while (n < 0 && errno == EINTR);
    return n < 0 && errno == EIO ? 0 : n;
}

/*
 * What is left in a source whose writers may still hold it open (a command's leftover child):
 * read until it would block. Returns the bytes copied, or -1 with errno.
 */
static jlong drain(int from, int to, char *buf, size_t len)
{
    int fl = fcntl(from, F_GETFL);
    if (fl < 0 || fcntl(from, F_SETFL, fl | O_NONBLOCK) < 0) {
        return -1;
    }
    for (jlong total = 0;;) {
        ssize_t n = read_once(from, buf, len);
        if (n == 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))) {
            return total;
        }
        if (n < 0 || write_all(to, buf, (size_t) n) < 0) {
            return -1;
        }
        total += n;
    }
}

/* poll of two, waiting as long as it takes, retried when a signal interrupts it. */
static int poll_two(struct pollfd p[2])
{
    int r;
    while ((r = poll(p, 2, -1)) < 0 && errno == EINTR) {
    }
    return r;
}

/*
 * Input: waits until the pipe to the command takes PIPE_BUF bytes, or the stop. 1 at the stop,
 * so a command that ended without reading its input never leaves the relay blocked in a write.
 */
static int await_room(int to, int stop)
{
    struct pollfd p[2] = { { .fd = to, .events = POLLOUT }, { .fd = stop, .events = POLLIN } };
    if (poll_two(p) < 0) {
        return -1;
    }
    return p[0].revents != 0 ? 0 : 1; /* POLLERR: the write below meets EPIPE */
}

JNIEXPORT jlong JNICALL Java_dev_nucleus_linux_jni_NativeRelay_pump0(JNIEnv *env, jclass cls, jint from, jint to,
                                                                     jint stop, jboolean drain_at_stop)
{
    (void) cls;
    char buf[16384];
    /* Input goes in pieces a pipe with room takes whole (no blocking write); output in big ones. */
    size_t chunk = drain_at_stop ? sizeof buf : PIPE_BUF;
    jlong total = 0;
    struct pollfd p[2] = { { .fd = from, .events = POLLIN }, { .fd = stop, .events = POLLIN } };
    for (;;) {
        if (poll_two(p) < 0) {
            throw_native(env, "poll(relay)", errno);
            return -1;
        }
        if (p[1].revents != 0) {
            jlong drained = drain_at_stop ? drain(from, to, buf, sizeof buf) : 0;
            if (drained < 0 && errno != EPIPE) {
                throw_native(env, "drain(relay)", errno);
                return -1;
            }
            return drained < 0 ? total : total + drained; /* input: what is typed after the end is left to the terminal's next reader */
        }
        if (p[0].revents != 0) {
            ssize_t n = read_once(from, buf, chunk);
            if (n == 0) {
                return total;
            }
            if (n < 0) {
                throw_native(env, "read(relay)", errno);
                return -1;
            }
            int room = drain_at_stop ? 0 : await_room(to, stop);
            if (room < 0) {
                throw_native(env, "poll(relay)", errno);
                return -1;
            }
            if (room > 0) {
                return total; /* stopped: the command is gone */
            }
            if (write_all(to, buf, (size_t) n) < 0) {
                if (errno == EPIPE) {
                    return total; /* nobody reads any more: the command ended */
                }
                throw_native(env, "write(relay)", errno);
                return -1;
            }
            total += n;
        }
    }
}

JNIEXPORT jboolean JNICALL Java_dev_nucleus_linux_jni_NativeRelay_isTerminal0(JNIEnv *env, jclass cls, jint fd)
{
    (void) env;
    (void) cls;
    return isatty(fd) ? JNI_TRUE : JNI_FALSE;
}
