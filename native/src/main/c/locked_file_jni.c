/*
 * A file under an exclusive lock on its whole length (LockedFile): opened read-write without
 * following a link, locked as the JDK's FileChannel.lock() locks (F_SETLKW), read with pread and
 * appended to; the lock goes with the fd's close.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_LockedFile.h"
#include "jni_errors.h"
#include "tree_common.h"

/*
 * An exclusive lock on the whole of `path`, waited for: the fd holds it until closed. The same
 * lock as the JDK's FileChannel.lock() (a POSIX record lock, F_SETLKW), so other processes
 * locking the file through the JDK exclude and are excluded alike.
 */
JNIEXPORT jint JNICALL Java_dev_nucleus_linux_jni_LockedFile_lock0(JNIEnv *env, jclass cls, jbyteArray jpath,
                                                                   jboolean create)
{
    (void) cls;
    char path[PATH_MAX];
    if (tree_path_of(env, jpath, path) != 0) {
        return -1;
    }
    int fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
    if (fd < 0) {
        throw_native(env, "open", errno);
        return -1;
    }
    struct flock whole = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    while (fcntl(fd, F_SETLKW, &whole) != 0) {
        if (errno != EINTR) {
            int err = errno;
            close(fd);
            throw_native(env, "fcntl(F_SETLKW)", err);
            return -1;
        }
    }
    return fd;
}

/* The size of a locked file. */
JNIEXPORT jlong JNICALL Java_dev_nucleus_linux_jni_LockedFile_size0(JNIEnv *env, jclass cls, jint fd)
{
    (void) cls;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        throw_native(env, "fstat", errno);
        return -1;
    }
    return (jlong) st.st_size;
}

/* Up to `len` bytes of a locked file from `offset` (fewer at its end). */
JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_LockedFile_readAt0(JNIEnv *env, jclass cls, jint fd,
                                                                          jlong offset, jint len)
{
    (void) cls;
    char *buf = malloc(len > 0 ? (size_t) len : 1);
    if (buf == NULL) {
        throw_native(env, "malloc", ENOMEM);
        return NULL;
    }
    jint done = 0;
    while (done < len) {
        ssize_t n = pread(fd, buf + done, (size_t) (len - done), (off_t) offset + done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            int err = errno;
            free(buf);
            throw_native(env, "pread", err);
            return NULL;
        }
        if (n == 0) {
            break;
        }
        done += (jint) n;
    }
    jbyteArray out = (*env)->NewByteArray(env, done);
    if (out != NULL) {
        (*env)->SetByteArrayRegion(env, out, 0, done, (const jbyte *) buf);
    }
    free(buf);
    return out;
}

/* `content` written whole at the end of a locked file. */
JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_LockedFile_append0(JNIEnv *env, jclass cls, jint fd,
                                                                    jbyteArray jcontent)
{
    (void) cls;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        throw_native(env, "fstat", errno);
        return;
    }
    jsize len = (*env)->GetArrayLength(env, jcontent);
    jbyte *content = (*env)->GetByteArrayElements(env, jcontent, NULL);
    if (content == NULL) {
        return;
    }
    int err = 0;
    for (jsize done = 0; done < len;) {
        ssize_t n = pwrite(fd, content + done, (size_t) (len - done), st.st_size + done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            err = n < 0 ? errno : EIO;
            break;
        }
        done += (jsize) n;
    }
    (*env)->ReleaseByteArrayElements(env, jcontent, content, JNI_ABORT);
    if (err != 0) {
        throw_native(env, "pwrite", err);
    }
}

/* Closes a lock's fd: the kernel releases the lock with it. */
JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_LockedFile_close0(JNIEnv *env, jclass cls, jint fd)
{
    (void) cls;
    if (close(fd) != 0 && errno != EINTR) {
        throw_native(env, "close", errno);
    }
}
