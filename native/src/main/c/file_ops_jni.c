/*
 * Plain file operations the launch makes on a cold JVM, each one call where the JDK's channels,
 * attribute views and file-system provider cost tenths of a millisecond before they are warm:
 * a small file's atomic replacement, control files read and written without following a link,
 * lstat, mkdir and rmdir.
 *
 * Atomic replacement of a small file (the container state): the new file at `source` takes the
 * place of `target`, and a reader of target sees the old file or the new one, never neither.
 *
 * rename(2) over an existing file would do, but ext4 (auto_da_alloc, the default) starts
 * writeback of a file renamed over another, so that a crash does not leave it empty: about
 * 0.3 ms per write on this project's hosts, where /run is ext4. Exchanging the two names
 * (renameat2 RENAME_EXCHANGE) is as atomic for readers and skips that flush; the old file, now
 * at source, is then unlinked. Callers that need the new content to survive a crash fsync it
 * first, which makes the flush moot either way.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeFiles.h"
#include "jni_errors.h"
#include "tree_common.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeFiles_replace0(JNIEnv *env, jclass cls, jbyteArray jsource,
                                                                      jbyteArray jtarget)
{
    (void) cls;
    char source[PATH_MAX];
    char target[PATH_MAX];
    if (tree_path_of(env, jsource, source) != 0 || tree_path_of(env, jtarget, target) != 0) {
        return;
    }
    if (renameat2(AT_FDCWD, source, AT_FDCWD, target, RENAME_EXCHANGE) == 0) {
        if (unlink(source) == 0) {
            return;
        }
        int err = errno;
        if (err == EISDIR) {
            /* The exchange swapped in a directory that stood at target: put both back, refuse. */
            renameat2(AT_FDCWD, source, AT_FDCWD, target, RENAME_EXCHANGE);
        }
        throw_native(env, err == EISDIR ? "replace(a directory stands at the target)" : "unlink(the replaced file)", err);
        return;
    }
    int err = errno;
    /* No target yet (ENOENT), or a file system without exchange (EINVAL): a plain rename. */
    if ((err == ENOENT || err == EINVAL) && rename(source, target) == 0) {
        return;
    }
    throw_native(env, err == ENOENT || err == EINVAL ? "rename" : "renameat2(RENAME_EXCHANGE)",
                 err == ENOENT || err == EINVAL ? errno : err);
}

/*
 * A small file written whole under a new name and put in the place of `target` as replace0 does:
 * the container state, four times a launch. One call where the JDK's FileChannel costs a cold
 * JVM some tenths of a millisecond a write. `tmp` must not exist; it never outlives a failure.
 */
JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeFiles_writeReplacing0(JNIEnv *env, jclass cls,
        jbyteArray jtmp, jbyteArray jtarget, jbyteArray jcontent, jboolean sync)
{
    char tmp[PATH_MAX];
    if (tree_path_of(env, jtmp, tmp) != 0) {
        return;
    }
    jsize len = (*env)->GetArrayLength(env, jcontent);
    jbyte *content = (*env)->GetByteArrayElements(env, jcontent, NULL);
    if (content == NULL) {
        return;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    const char *failed = fd < 0 ? "open" : NULL;
    int err = fd < 0 ? errno : 0;
    for (jsize done = 0; failed == NULL && done < len;) {
        ssize_t n = write(fd, content + done, (size_t) (len - done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            failed = "write";
            err = n < 0 ? errno : EIO;
        } else {
            done += (jsize) n;
        }
    }
    (*env)->ReleaseByteArrayElements(env, jcontent, content, JNI_ABORT);
    if (failed == NULL && sync && fsync(fd) != 0) {
        failed = "fsync";
        err = errno;
    }
    if (fd >= 0 && close(fd) != 0 && failed == NULL) {
        failed = "close";
        err = errno;
    }
    if (failed != NULL) {
        if (fd >= 0) {
            unlink(tmp);
        }
        throw_native(env, failed, err);
        return;
    }
    Java_dev_nucleus_linux_jni_NativeFiles_replace0(env, cls, jtmp, jtarget);
    if ((*env)->ExceptionCheck(env)) {
        unlink(tmp);
    }
}

/*
 * Opens `path` for a cgroup control file's read or write: no symlink followed, no FIFO waited on,
 * and only a regular file kept open. -1 with errno set otherwise (EINVAL: not a regular file).
 */
static int open_regular_nofollow(const char *path, int flags)
{
    int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        return -1;
    }
    struct stat st;
    int err = 0;
    if (fstat(fd, &st) != 0) {
        err = errno;
    } else if (!S_ISREG(st.st_mode)) {
        err = EINVAL;
    }
    if (err != 0) {
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

/* A small regular file, read whole (a cgroup control file: one read of each page the kernel fills). */
JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_NativeFiles_readNoFollow0(JNIEnv *env, jclass cls,
                                                                                jbyteArray jpath)
{
    (void) cls;
    char path[PATH_MAX];
    if (tree_path_of(env, jpath, path) != 0) {
        return NULL;
    }
    int fd = open_regular_nofollow(path, O_RDONLY);
    if (fd < 0) {
        throw_native(env, "open", errno);
        return NULL;
    }
    size_t cap = 8192;
    size_t len = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        if (len == cap) {
            char *bigger = cap < (1u << 24) ? realloc(buf, cap * 2) : NULL;
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
                errno = EFBIG;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            int err = errno;
            free(buf);
            buf = NULL;
            errno = err;
            break;
        }
        if (n == 0) {
            break;
        }
        len += (size_t) n;
    }
    int err = errno;
    close(fd);
    if (buf == NULL) {
        throw_native(env, "read", err == 0 ? ENOMEM : err);
        return NULL;
    }
    jbyteArray out = (*env)->NewByteArray(env, (jsize) len);
    if (out != NULL) {
        (*env)->SetByteArrayRegion(env, out, 0, (jsize) len, (const jbyte *) buf);
    }
    free(buf);
    return out;
}

/* One write(2) of `content` to an existing regular file, truncated first; the bytes written. */
JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_NativeFiles_writeNoFollow0(JNIEnv *env, jclass cls,
                                                                           jbyteArray jpath, jbyteArray jcontent)
{
    (void) cls;
    char path[PATH_MAX];
    if (tree_path_of(env, jpath, path) != 0) {
        return -1;
    }
    int fd = open_regular_nofollow(path, O_WRONLY | O_TRUNC);
    if (fd < 0) {
        throw_native(env, "open", errno);
        return -1;
    }
    jsize len = (*env)->GetArrayLength(env, jcontent);
    jbyte *content = (*env)->GetByteArrayElements(env, jcontent, NULL);
    if (content == NULL) {
        close(fd);
        return -1;
    }
    ssize_t n;
    do {
        n = write(fd, content, (size_t) len);
    } while (n < 0 && errno == EINTR);
    int err = errno;
    (*env)->ReleaseByteArrayElements(env, jcontent, content, JNI_ABORT);
    close(fd);
    if (n < 0) {
        throw_native(env, "write", err);
        return -1;
    }
    return (jint) n;
}

/* lstat(2) of `jpath` as {st_mode, st_dev, st_nlink, st_uid}, the device as glibc's dev_t encodes it
 * (the JDK's unix:dev); NULL when it fails, with an exception only if `throw_on_failure`. A path that
 * cannot be given to the kernel (too long, an embedded NUL) always throws. */
static jlongArray lstat_values(JNIEnv *env, jbyteArray jpath, int throw_on_failure)
{
    char path[PATH_MAX];
    if (tree_path_of(env, jpath, path) != 0) {
        return NULL;
    }
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (throw_on_failure) {
            throw_native(env, "lstat", errno);
        }
        return NULL;
    }
    jlongArray out = (*env)->NewLongArray(env, 4);
    if (out != NULL) {
        jlong values[4] = {(jlong) st.st_mode, (jlong) st.st_dev, (jlong) st.st_nlink, (jlong) st.st_uid};
        (*env)->SetLongArrayRegion(env, out, 0, 4, values);
    }
    return out;
}

JNIEXPORT jlongArray JNICALL Java_dev_nucleus_linux_jni_NativeFiles_lstat0(JNIEnv *env, jclass cls, jbyteArray jpath)
{
    (void) cls;
    return lstat_values(env, jpath, 1);
}

/* As lstat0, but NULL (no exception) when lstat(2) fails: an existence check whose answer is
 * often "no" (a new container's state file, a host's missing /libx32) would otherwise make the
 * JVM build two exceptions, tenths of a millisecond for a cold one. */
JNIEXPORT jlongArray JNICALL Java_dev_nucleus_linux_jni_NativeFiles_lstatIfPresent0(JNIEnv *env, jclass cls,
                                                                                   jbyteArray jpath)
{
    (void) cls;
    return lstat_values(env, jpath, 0);
}

/* mkdir(2) with `mode` (the umask applies); rmdir(2). */
JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeFiles_mkdir0(JNIEnv *env, jclass cls, jbyteArray jpath,
                                                                    jint mode)
{
    (void) cls;
    char path[PATH_MAX];
    if (tree_path_of(env, jpath, path) == 0 && mkdir(path, (mode_t) mode) != 0) {
        throw_native(env, "mkdir", errno);
    }
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeFiles_rmdir0(JNIEnv *env, jclass cls, jbyteArray jpath)
{
    (void) cls;
    char path[PATH_MAX];
    if (tree_path_of(env, jpath, path) == 0 && rmdir(path) != 0) {
        throw_native(env, "rmdir", errno);
    }
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeFiles_unlink0(JNIEnv *env, jclass cls, jbyteArray jpath)
{
    (void) cls;
    char path[PATH_MAX];
    if (tree_path_of(env, jpath, path) == 0 && unlink(path) != 0) {
        throw_native(env, "unlink", errno);
    }
}
