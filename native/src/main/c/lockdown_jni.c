/*
 * --require-kernel-lockdown reads /sys/kernel/security/lockdown. Where securityfs is not mounted
 * (this kind of host), a forked child mounts it in a private mount namespace of its own and reads
 * the file there: the host's mounts are never changed. The child makes raw syscalls only (it is
 * forked from a multithreaded JVM) and reports through a pipe: 'T' + text, 'N' (securityfs has no
 * lockdown file: no lockdown LSM), or 'E' + errno + the failed step.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeLockdown.h"
#include "jni_errors.h"

#define SECURITYFS_DIR "/sys/kernel/security"
#define LOCKDOWN_FILE SECURITYFS_DIR "/lockdown"
#define SECURITYFS_MAGIC 0x73636673

static void child_error(int out, int err, char step)
{
    char m[1 + sizeof err + 1] = { 'E' };
    memcpy(m + 1, &err, sizeof err);
    m[1 + sizeof err] = step;
    if (write(out, m, sizeof m) < 0) {
        _exit(2);
    }
    _exit(1);
}

__attribute__((noreturn)) static void child(int out)
{
    int fd = open(LOCKDOWN_FILE, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        struct statfs fs;
        if (statfs(SECURITYFS_DIR, &fs) == 0 && fs.f_type == SECURITYFS_MAGIC) {
            _exit(write(out, "N", 1) == 1 ? 0 : 2); /* mounted, and no lockdown LSM */
        }
        if (unshare(CLONE_NEWNS) < 0) {
            child_error(out, errno, 'u');
        }
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
            child_error(out, errno, 'p');
        }
        if (mount("securityfs", SECURITYFS_DIR, "securityfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
            child_error(out, errno, 'm');
        }
        fd = open(LOCKDOWN_FILE, O_RDONLY | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT) {
            _exit(write(out, "N", 1) == 1 ? 0 : 2);
        }
    }
    if (fd < 0) {
        child_error(out, errno, 'o');
    }
    char buf[256] = { 'T' };
    ssize_t n = read(fd, buf + 1, sizeof buf - 1);
    if (n < 0) {
        child_error(out, errno, 'r');
    }
    _exit(write(out, buf, (size_t) n + 1) == n + 1 ? 0 : 2);
}

/* The lockdown file's text; NULL without a lockdown LSM; throws when securityfs cannot be read. */
JNIEXPORT jstring JNICALL Java_dev_nucleus_linux_jni_NativeLockdown_read0(JNIEnv *env, jclass cls)
{
    (void) cls;
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) {
        throw_native(env, "pipe2", errno);
        return NULL;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(p[0]);
        close(p[1]);
        throw_native(env, "fork", err);
        return NULL;
    }
    if (pid == 0) {
        close(p[0]);
        child(p[1]);
    }
    close(p[1]);
    char buf[260];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof buf - 1 && ((n = read(p[0], buf + len, sizeof buf - 1 - len)) > 0 || (n < 0 && errno == EINTR))) {
        len += n > 0 ? (size_t) n : 0;
    }
    close(p[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    buf[len] = '\0';
    if (len >= 1 && buf[0] == 'T') {
        return (*env)->NewStringUTF(env, buf + 1);
    }
    if (len == 1 && buf[0] == 'N') {
        return NULL;
    }
    if (len == 1 + sizeof(int) + 1 && buf[0] == 'E') {
        int err;
        memcpy(&err, buf + 1, sizeof err);
        const char *what = buf[1 + sizeof err] == 'u' ? "unshare(CLONE_NEWNS) to mount securityfs privately"
                           : buf[1 + sizeof err] == 'p' ? "making the private mount namespace private"
                           : buf[1 + sizeof err] == 'm' ? "mount(securityfs, " SECURITYFS_DIR ") in a private namespace"
                           : buf[1 + sizeof err] == 'o' ? "open(" LOCKDOWN_FILE ")"
                                                         : "read(" LOCKDOWN_FILE ")";
        throw_native(env, what, err);
        return NULL;
    }
    throw_native(env, "reading " LOCKDOWN_FILE " in a child process", EIO);
    return NULL;
}
