/*
 * JNI side of the shim transport (PLAN_FORMAT.md, "Transport"): spawn the static nucleus-shim
 * with one end of a SOCK_SEQPACKET control socketpair on fd 4, send it the plan in a sealed memfd
 * (and the container's cgroup2 directory, or an attach target) with SCM_RIGHTS, then exchange
 * 16-byte control messages and reap it through its pidfd. Every fd made
 * here is close-on-exec; on any failure everything made so far is closed and a
 * NativeShimException names the failed call with its errno text.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeShim.h"

#include "control.h"
#include "scm_rights.h"
#include "jni_errors.h"
#include "spawn_signals.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#define PLAN_LIMIT (16 << 20)


static void close_quietly(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

/* Moves fd to a number >= 10 (CLOEXEC), so the dup2s to 3 and 4 cannot clobber each other. */
static int move_high(int *fd)
{
    int hi = fcntl(*fd, F_DUPFD_CLOEXEC, 10);
    if (hi < 0) {
        return -1;
    }
    close(*fd);
    *fd = hi;
    return 0;
}

/* Copies the Java array into a sealed memfd. Returns the fd, or -1 with *what and errno set. */
static int plan_memfd(JNIEnv *env, jbyteArray plan, const char **what)
{
    jsize len = (*env)->GetArrayLength(env, plan);
    if (len > PLAN_LIMIT) {
        *what = "plan larger than 16 MiB";
        errno = EFBIG;
        return -1;
    }
    int fd = memfd_create("nucleus-plan", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) {
        *what = "memfd_create(nucleus-plan)";
        return -1;
    }
    jbyte chunk[8192];
    for (jsize off = 0; off < len;) {
        jsize n = len - off < (jsize) sizeof chunk ? len - off : (jsize) sizeof chunk;
        (*env)->GetByteArrayRegion(env, plan, off, n, chunk);
        for (jsize done = 0; done < n;) {
            ssize_t w = write(fd, chunk + done, (size_t) (n - done));
            if (w < 0 && errno == EINTR) {
                continue;
            }
            if (w <= 0) {
                int err = w < 0 ? errno : EIO;
                close(fd);
                *what = "write(plan memfd)";
                errno = err;
                return -1;
            }
            done += (jsize) w;
        }
        off += n;
    }
    if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
        int err = errno;
        close(fd);
        *what = "fcntl(plan memfd, F_ADD_SEALS)";
        errno = err;
        return -1;
    }
    return fd;
}

/*
 * The caller's stdio replacements (-1: inherit that one), copied above 10 so that neither their
 * dup2s onto 0-2 nor the control socket's onto 4 can clobber another source. Returns 0, or -1
 * with *what and errno set (copies made so far stay in hi, for the caller to close).
 */
static int stdio_copies(JNIEnv *env, jintArray jstdio, int hi[3], const char **what)
{
    if (jstdio == NULL) {
        return 0;
    }
    if ((*env)->GetArrayLength(env, jstdio) != 3) {
        *what = "NativeShim.start: stdio must hold 3 fds";
        errno = EINVAL;
        return -1;
    }
    jint fds[3];
    (*env)->GetIntArrayRegion(env, jstdio, 0, 3, fds);
    for (int i = 0; i < 3; i++) {
        if (fds[i] >= 0 && (hi[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 10)) < 0) {
            *what = "fcntl(stdio, F_DUPFD_CLOEXEC)";
            return -1;
        }
    }
    return 0;
}

JNIEXPORT jlongArray JNICALL Java_dev_nucleus_linux_jni_NativeShim_start0(JNIEnv *env, jclass cls, jstring jpath,
                                                                          jboolean quiet, jintArray jstdio,
                                                                          jboolean new_session,
                                                                          jboolean netns_ahead)
{
    (void) cls;
    if (jpath == NULL) {
        throw_native(env, "NativeShim.start: shimPath must not be null", EINVAL);
        return NULL;
    }
    int sv[2] = { -1, -1 }, pidfd = -1, err = 0, hi[3] = { -1, -1, -1 };
    const char *what = NULL;
    pid_t pid = -1;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    int have_fa = 0, have_attr = 0;
    char whatbuf[300];

    const char *path = (*env)->GetStringUTFChars(env, jpath, NULL);
    if (path == NULL) {
        return NULL; /* OutOfMemoryError pending */
    }
    if (stdio_copies(env, jstdio, hi, &what) < 0) {
        goto fail;
    }
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
        what = "socketpair(AF_UNIX, SOCK_SEQPACKET)";
        goto fail;
    }
    if (move_high(&sv[1]) < 0) {
        what = "fcntl(F_DUPFD_CLOEXEC)";
        goto fail;
    }
    if ((err = posix_spawn_file_actions_init(&fa)) != 0) {
        errno = err;
        what = "posix_spawn_file_actions_init";
        goto fail;
    }
    have_fa = 1;
    /* dup2 clears CLOEXEC on 4 only; the rest of the JVM's fds stay out of the shim (below). */
    if ((err = posix_spawn_file_actions_adddup2(&fa, sv[1], 4)) != 0
        || (quiet && ((err = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0)) != 0
                      || (err = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0)) != 0
                      || (err = posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0)) != 0))) {
        errno = err;
        what = "posix_spawn_file_actions_adddup2";
        goto fail;
    }
    for (int i = 0; i < 3; i++) {
        if (hi[i] >= 0 && (err = posix_spawn_file_actions_adddup2(&fa, hi[i], i)) != 0) {
            errno = err;
            what = "posix_spawn_file_actions_adddup2(stdio)";
            goto fail;
        }
    }
    /* The JVM holds files open without close-on-exec (bin/nucleus's boot class path jars from fd 4
     * on): none above the control socket (4) reaches the shim; fd 3 (its modules image) becomes the plan. */
    if ((err = posix_spawn_file_actions_addclosefrom_np(&fa, 5)) != 0) {
        errno = err;
        what = "posix_spawn_file_actions_addclosefrom_np";
        goto fail;
    }
    if ((err = posix_spawnattr_init(&attr)) != 0) {
        errno = err;
        what = "posix_spawnattr_init";
        goto fail;
    }
    have_attr = 1;
    /* The JVM's signal mask and ignored signals must not leak into the shim or the container. */
    if ((err = spawn_default_signals(&attr)) != 0) {
        errno = err;
        what = "posix_spawnattr_set*";
        goto fail;
    }
    /* A session of its own: no controlling terminal, so /dev/tty inside opens nothing of the caller's. */
    short flags = 0;
    if (new_session && ((err = posix_spawnattr_getflags(&attr, &flags)) != 0
                        || (err = posix_spawnattr_setflags(&attr, flags | POSIX_SPAWN_SETSID)) != 0)) {
        errno = err;
        what = "posix_spawnattr_setflags(POSIX_SPAWN_SETSID)";
        goto fail;
    }
    char *argv[] = { "nucleus-shim", netns_ahead ? "--netns-ahead" : NULL, NULL };
    char *envp[] = { NULL };
    if ((err = posix_spawn(&pid, path, &fa, &attr, argv, envp)) != 0) {
        errno = err;
        pid = -1;
        snprintf(whatbuf, sizeof whatbuf, "posix_spawn(%s)", path);
        what = whatbuf;
        goto fail;
    }
    close_quietly(&sv[1]);
    for (int i = 0; i < 3; i++) {
        close_quietly(&hi[i]);
    }
    pidfd = (int) syscall(SYS_pidfd_open, pid, 0); /* always O_CLOEXEC */
    if (pidfd < 0) {
        what = "pidfd_open(nucleus-shim)";
        goto fail;
    }
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    (*env)->ReleaseStringUTFChars(env, jpath, path);

    jlongArray result = (*env)->NewLongArray(env, 3);
    if (result == NULL) {
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
        close(sv[0]);
        close(pidfd);
        return NULL;
    }
    jlong v[3] = { pid, sv[0], pidfd };
    (*env)->SetLongArrayRegion(env, result, 0, 3, v);
    return result;

fail:
    err = errno;
    if (pid > 0) { /* our unreaped child: the pid cannot have been reused */
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    close_quietly(&sv[0]);
    close_quietly(&sv[1]);
    for (int i = 0; i < 3; i++) {
        close_quietly(&hi[i]);
    }
    if (have_fa) {
        posix_spawn_file_actions_destroy(&fa);
    }
    if (have_attr) {
        posix_spawnattr_destroy(&attr);
    }
    if (!(*env)->ExceptionCheck(env)) {
        throw_native(env, what, err);
    }
    (*env)->ReleaseStringUTFChars(env, jpath, path);
    return NULL;
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeShim_deliver0(JNIEnv *env, jclass cls, jint control,
                                                                      jbyteArray plan, jstring jcgroup, jint target,
                                                                      jint rootfs_tree, jint layer_tree)
{
    (void) cls;
    if (plan == NULL) {
        throw_native(env, "NativeShim.deliver: plan must not be null", EINVAL);
        return;
    }
    int fds[5] = { -1, -1, -1, -1, -1 };
    size_t count = 0;
    int32_t which = 0;
    int err = 0;
    uint8_t m[CONTROL_MSG_SIZE];
    const char *what = NULL;
    char whatbuf[300];
    int memfd = plan_memfd(env, plan, &what);
    if (memfd < 0) {
        goto fail;
    }
    fds[count++] = memfd;
    if (jcgroup != NULL) {
        /* The container's cgroup2 directory: the shim clones straight into it (CLONE_INTO_CGROUP). */
        const char *dir = (*env)->GetStringUTFChars(env, jcgroup, NULL);
        if (dir == NULL) {
            goto fail;
        }
        int cgfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        snprintf(whatbuf, sizeof whatbuf, "open(%s)", dir);
        (*env)->ReleaseStringUTFChars(env, jcgroup, dir);
        if (cgfd < 0) {
            what = whatbuf;
            goto fail;
        }
        fds[count++] = cgfd;
        which |= INPUTS_CGROUP_DIR;
    }
    if (target >= 0) {
        fds[count++] = target; /* attach: sent as it is, and stays the caller's */
        which |= INPUTS_TARGET_PIDFD;
    }
    if (rootfs_tree >= 0) {
        fds[count++] = rootfs_tree; /* sent as it is, and stays the caller's */
        which |= INPUTS_ROOTFS_TREE;
    }
    if (layer_tree >= 0) {
        fds[count++] = layer_tree; /* sent as it is, and stays the caller's */
        which |= INPUTS_LAYER_TREE;
    }
    control_encode(m, MSG_INPUTS, which, 0, 0);
    err = send_with_fds(control, m, sizeof m, fds, count);
    if (err != 0) {
        errno = err;
        what = "send(nucleus-shim inputs)";
        goto fail;
    }
    close(fds[0]);
    if (which & INPUTS_CGROUP_DIR) {
        close(fds[1]);
    }
    return;

fail:
    err = errno;
    close_quietly(&memfd);
    if (which & INPUTS_CGROUP_DIR) {
        close(fds[1]);
    }
    if (!(*env)->ExceptionCheck(env)) {
        throw_native(env, what, err);
    }
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeShim_send0(JNIEnv *env, jclass cls, jint fd, jint type, jint a)
{
    (void) cls;
    uint8_t m[CONTROL_MSG_SIZE];
    control_encode(m, (uint32_t) type, a, 0, 0);
    ssize_t n;
    do {
        n = send(fd, m, sizeof m, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        throw_native(env, "send(nucleus-shim control socket)", errno);
    } else if (n != (ssize_t) sizeof m) {
        throw_native(env, "send(nucleus-shim control socket): short write", EIO);
    }
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

JNIEXPORT jintArray JNICALL Java_dev_nucleus_linux_jni_NativeShim_receive0(JNIEnv *env, jclass cls, jint fd, jint timeout)
{
    (void) cls;
    long long deadline = timeout >= 0 ? now_ms() + timeout : 0;
    uint8_t m[CONTROL_MSG_SIZE + 1];
    ssize_t n;
    struct msghdr msg;
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&msg, 0, sizeof msg);
    for (;;) {
        int wait = -1;
        if (timeout >= 0) {
            long long left = deadline - now_ms();
            wait = left > 0 ? (int) left : 0;
        }
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int r = poll(&p, 1, wait);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            throw_native(env, "poll(nucleus-shim control socket)", errno);
            return NULL;
        }
        if (r == 0) {
            return NULL; /* timeout */
        }
        if (p.revents & POLLNVAL) {
            throw_native(env, "poll(nucleus-shim control socket)", EBADF);
            return NULL;
        }
        struct iovec iov = { .iov_base = m, .iov_len = sizeof m };
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.buf;
        msg.msg_controllen = sizeof control.buf;
        n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n < 0 && errno == ECONNRESET) {
            /* The shim ended with a message of ours unread (a GO racing a step that failed before
             * AWAIT_GO). The kernel reports that once, ahead of what the shim sent before it went,
             * which is still queued: read on, to its last message and end of file. */
            continue;
        }
        break;
    }
    /* A passed fd (the container's pty master, type TERMINAL) arrives with SCM_RIGHTS. */
    int passed = -1;
    if (n > 0) {
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
                memcpy(&passed, CMSG_DATA(c), sizeof(int));
            }
        }
    }
    if (n < 0) {
        throw_native(env, "recv(nucleus-shim control socket)", errno);
        return NULL;
    }
    if (n == 0) {
        throw_native(env, "nucleus-shim closed the control socket (end of file)", 0);
        return NULL;
    }
    if (n != CONTROL_MSG_SIZE) {
        throw_native(env, "recv(nucleus-shim control socket): not a 16-byte message", EPROTO);
        return NULL;
    }
    int32_t v[4];
    control_decode(m, v);
    jintArray result = (*env)->NewIntArray(env, 5);
    if (result == NULL) {
        if (passed >= 0) {
            close(passed);
        }
        return NULL;
    }
    jint j[5] = { v[0], v[1], v[2], v[3], passed };
    (*env)->SetIntArrayRegion(env, result, 0, 5, j);
    return result;
}

JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativeShim_waitPid0(JNIEnv *env, jclass cls, jint pidfd)
{
    (void) cls;
    siginfo_t info;
    memset(&info, 0, sizeof info);
    while (waitid((idtype_t) P_PIDFD, (id_t) pidfd, &info, WEXITED) < 0) {
        if (errno != EINTR) {
            throw_native(env, "waitid(P_PIDFD)", errno);
            return -1;
        }
    }
    switch (info.si_code) {
    case CLD_EXITED:
        return (info.si_status & 0xff) << 8;
    case CLD_KILLED:
        return info.si_status & 0x7f;
    case CLD_DUMPED:
        return (info.si_status & 0x7f) | 0x80;
    default:
        throw_native(env, "waitid(P_PIDFD): unexpected si_code", EPROTO);
        return -1;
    }
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeShim_close0(JNIEnv *env, jclass cls, jint fd)
{
    (void) cls;
    if (close(fd) < 0 && errno != EINTR) {
        throw_native(env, "close", errno);
    }
}
