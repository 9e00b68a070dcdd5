/*
 * An idmapped copy of a mount, for an overlay's lower layer in a container whose user namespace
 * does not map the rootfs's owner (strict-agent remaps root to 100000). Making one takes
 * CAP_SYS_ADMIN over the file system's own user namespace, which the container's root lacks, so
 * the runtime makes it on the host, detached, and the container attaches it (ATTACH_ROOTFS).
 *
 * The idmapping comes from a user namespace with the container's maps. The container's own does
 * not exist yet when its plan and fds are handed over, so an identical one is made here: a
 * helper cloned into a new user namespace, fork-like (it shares nothing with the JVM's threads,
 * and does nothing but wait on a pipe), whose maps root writes, whose namespace is opened, and
 * which then exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeMounts.h"
#include "jni_errors.h"

static int write_map(pid_t pid, const char *file, const char *map)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int) pid, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        return errno;
    }
    size_t len = strlen(map);
    ssize_t n = write(fd, map, len);
    int err = n == (ssize_t) len ? 0 : (n < 0 ? errno : EIO);
    close(fd);
    return err;
}

/* A user namespace with these maps, opened (O_CLOEXEC); -1 with *what and errno set. */
static int user_namespace(const char *uid_map, const char *gid_map, const char **what)
{
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) < 0) {
        *what = "pipe2";
        return -1;
    }
    pid_t pid = (pid_t) syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) {
        /* The helper, a copy of this process with one thread: async-signal-safe calls only. */
        char c;
        close(pipe_fds[1]);
        while (read(pipe_fds[0], &c, 1) < 0 && errno == EINTR) {
        }
        _exit(0);
    }
    int err = pid < 0 ? errno : 0;
    close(pipe_fds[0]);
    int ns = -1;
    if (pid < 0) {
        *what = "clone(CLONE_NEWUSER)";
    } else if ((err = write_map(pid, "uid_map", uid_map)) != 0) {
        *what = "write uid_map";
    } else if ((err = write_map(pid, "gid_map", gid_map)) != 0) {
        *what = "write gid_map";
    } else {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/ns/user", (int) pid);
        ns = open(path, O_RDONLY | O_CLOEXEC);
        if (ns < 0) {
            err = errno;
            *what = "open(/proc/<helper>/ns/user)";
        }
    }
    close(pipe_fds[1]); /* the helper's read returns 0: it exits */
    if (pid > 0) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    errno = err;
    return ns;
}

JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativeMounts_idmappedTree0(JNIEnv *env, jclass cls, jstring jpath,
                                                                            jstring juid, jstring jgid)
{
    (void) cls;
    const char *path = (*env)->GetStringUTFChars(env, jpath, NULL);
    const char *uid_map = path == NULL ? NULL : (*env)->GetStringUTFChars(env, juid, NULL);
    const char *gid_map = uid_map == NULL ? NULL : (*env)->GetStringUTFChars(env, jgid, NULL);
    if (gid_map == NULL) {
        if (uid_map != NULL) {
            (*env)->ReleaseStringUTFChars(env, juid, uid_map);
        }
        if (path != NULL) {
            (*env)->ReleaseStringUTFChars(env, jpath, path);
        }
        return -1; /* OutOfMemoryError pending */
    }
    const char *what = NULL;
    char whatbuf[4200];
    int err = 0;
    int tree = -1;
    int ns = user_namespace(uid_map, gid_map, &what);
    if (ns < 0) {
        err = errno;
    } else {
        tree = (int) syscall(SYS_open_tree, AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        if (tree < 0) {
            err = errno;
            snprintf(whatbuf, sizeof whatbuf, "open_tree(%s, OPEN_TREE_CLONE)", path);
            what = whatbuf;
        } else {
            struct mount_attr attr;
            memset(&attr, 0, sizeof attr);
            attr.attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_RDONLY;
            attr.userns_fd = (uint64_t) ns;
            if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof attr) < 0) {
                err = errno;
                snprintf(whatbuf, sizeof whatbuf, "mount_setattr(%s, MOUNT_ATTR_IDMAP)", path);
                what = whatbuf;
                close(tree);
                tree = -1;
            }
        }
        close(ns);
    }
    (*env)->ReleaseStringUTFChars(env, jgid, gid_map);
    (*env)->ReleaseStringUTFChars(env, juid, uid_map);
    (*env)->ReleaseStringUTFChars(env, jpath, path);
    if (tree < 0) {
        throw_native(env, what, err);
    }
    return tree;
}
