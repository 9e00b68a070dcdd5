/*
 * File operations the JDK has no call for, or makes slow on a cold JVM: a file's SHA-256, and one
 * directory of a rootfs walk in a single call (the plain file operations are in file_ops_jni.c,
 * the locked file's in locked_file_jni.c).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeFiles.h"
#include "jni_errors.h"
#include "container_path.h"
#include "sha256.h"
#include "tree_common.h"

/* The finished digest of ctx as a new Java byte[32], or NULL with OutOfMemoryError pending. */
static jbyteArray digest_array(JNIEnv *env, sha256_ctx *ctx)
{
    uint8_t digest[SHA256_DIGEST_LENGTH];
    sha256_final(ctx, digest);
    jbyteArray out = (*env)->NewByteArray(env, SHA256_DIGEST_LENGTH);
    if (out != NULL) {
        (*env)->SetByteArrayRegion(env, out, 0, SHA256_DIGEST_LENGTH, (const jbyte *) digest);
    }
    return out;
}

/* The SHA-256 of what fd reads to its end (fd closed), or NULL with an exception pending. */
static jbyteArray sha256_of(JNIEnv *env, int fd)
{
    static __thread uint8_t buffer[1 << 17];
    sha256_ctx ctx;
    sha256_init(&ctx);
    for (;;) {
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n == 0) {
            break;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            int err = errno;
            close(fd);
            throw_native(env, "read", err);
            return NULL;
        }
        sha256_update(&ctx, buffer, (size_t) n);
    }
    close(fd);
    return digest_array(env, &ctx);
}

/* The SHA-256 of a byte array: audit records and seccomp cache keys, hashed at every launch, cost
 * the cold JVM some 30 us a 64-byte block interpreted. */
JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_NativeFiles_sha256Bytes0(JNIEnv *env, jclass cls,
                                                                               jbyteArray data)
{
    (void) cls;
    jsize length = (*env)->GetArrayLength(env, data);
    sha256_ctx ctx;
    sha256_init(&ctx);
    uint8_t *bytes = (*env)->GetPrimitiveArrayCritical(env, data, NULL);
    if (bytes == NULL) {
        return NULL; /* OutOfMemoryError pending */
    }
    sha256_update(&ctx, bytes, (size_t) length);
    (*env)->ReleasePrimitiveArrayCritical(env, data, bytes, JNI_ABORT);
    return digest_array(env, &ctx);
}

/* The SHA-256 of the regular file at path (read to its end), or NULL with an exception pending. */
JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_NativeFiles_sha256File0(JNIEnv *env, jclass cls,
                                                                              jbyteArray jpath)
{
    (void) cls;
    char path[PATH_MAX];
    if (tree_path_of(env, jpath, path) != 0) {
        return NULL;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        throw_native(env, "open", errno);
        return NULL;
    }
    return sha256_of(env, fd);
}

/* The rootfs at root, and the host's store, opened for container_path; -1 with an exception pending. */
static int open_container_path(JNIEnv *env, jbyteArray jroot, char root[PATH_MAX], struct container_path *c)
{
    if (tree_path_of(env, jroot, root) != 0) {
        return -1;
    }
    c->root = root;
    c->root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (c->root_fd < 0) {
        throw_native(env, "open(the rootfs)", errno);
        return -1;
    }
    c->store_fd = open("/nix/store", O_PATH | O_DIRECTORY | O_CLOEXEC);
    return 0;
}

static void close_container_path(struct container_path *c)
{
    close(c->root_fd);
    if (c->store_fd >= 0) {
        close(c->store_fd);
    }
}

/*
 * The SHA-256 of a regular file a rootfs walk reached (beneath the rootfs root, or in a store
 * object), opened following no link (container_path_open_host), or NULL with an exception pending.
 */
JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_NativeFiles_sha256Reached0(JNIEnv *env, jclass cls,
                                                                                 jbyteArray jroot, jbyteArray jpath)
{
    (void) cls;
    char root[PATH_MAX];
    char path[PATH_MAX];
    struct container_path c;
    if (tree_path_of(env, jpath, path) != 0 || open_container_path(env, jroot, root, &c) != 0) {
        return NULL;
    }
    int fd = container_path_open_host(&c, path, O_RDONLY | O_NOCTTY);
    int err = errno;
    close_container_path(&c);
    if (fd < 0) {
        throw_native(env, "open", err);
        return NULL;
    }
    return sha256_of(env, fd);
}

static int out_string(struct tree_buffer *b, const char *s)
{
    return tree_buffer_put(b, s, strlen(s) + 1);
}

static char kind_of(mode_t mode)
{
    return S_ISDIR(mode) ? 'd' : S_ISREG(mode) ? 'f' : S_ISLNK(mode) ? 'l' : 'o';
}

/*
 * One directory of a rootfs walk, in one call: its path (opened beneath the rootfs or the store,
 * following no link: container_path_open_host), then per entry its kind
 * (d, f, l or o, not following links) and name; a link adds its text, then where it leads inside
 * the container (container_path.h: its container path and host path, both empty when it dangles)
 * and what is there. `dir` is the directory on the host, `cdir` the container path it is at.
 * Java decides what the walk may follow (RootfsAttestation).
 */
JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_NativeFiles_entries0(JNIEnv *env, jclass cls,
                                                                           jbyteArray jroot, jbyteArray jdir,
                                                                           jbyteArray jcdir)
{
    (void) cls;
    char root[PATH_MAX];
    char dir_path[PATH_MAX];
    char cdir[PATH_MAX];
    struct container_path c;
    if (tree_path_of(env, jdir, dir_path) != 0 || tree_path_of(env, jcdir, cdir) != 0
        || open_container_path(env, jroot, root, &c) != 0) {
        return NULL;
    }
    int fd = container_path_open_host(&c, dir_path, O_RDONLY | O_DIRECTORY);
    DIR *d = fd < 0 ? NULL : tree_opendir(fd);
    if (d == NULL) {
        int err = errno;
        close_container_path(&c);
        throw_native(env, "open(the directory)", err);
        return NULL;
    }
    struct tree_buffer b = {0};
    int failed = out_string(&b, dir_path);
    const char *call = "realloc";
    int err = ENOMEM;
    for (struct dirent *e; !failed && (errno = 0, e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            call = "fstatat";
            err = errno;
            failed = 1;
            break;
        }
        char kind = kind_of(st.st_mode);
        failed = tree_buffer_put(&b, &kind, 1) || out_string(&b, e->d_name);
        if (failed || kind != 'l') {
            continue;
        }
        char text[PATH_MAX];
        ssize_t n = readlinkat(dirfd(d), e->d_name, text, sizeof text - 1);
        if (n < 0) {
            call = "readlinkat";
            err = errno;
            failed = 1;
            break;
        }
        text[n] = '\0';
        struct container_target t;
        int r = container_path_resolve(&c, cdir, text, &t);
        if (r < 0) {
            call = "resolving a link in the rootfs";
            err = errno;
            failed = 1;
            break;
        }
        char target = r == 0 ? t.kind : '-';
        failed = out_string(&b, text) || out_string(&b, r == 0 ? t.path : "") || out_string(&b, r == 0 ? t.host : "")
                 || tree_buffer_put(&b, &target, 1);
    }
    if (!failed && errno != 0) {
        call = "readdir";
        err = errno;
        failed = 1;
    }
    closedir(d);
    close_container_path(&c);
    if (failed) {
        free(b.bytes);
        throw_native(env, call, err);
        return NULL;
    }
    return tree_buffer_answer(env, &b);
}

/*
 * Every extended attribute of the entry at path, not following a link: per attribute its name
 * and NUL, its value's length (4 bytes, big-endian) and the value. An image's layer is digested
 * with them, since file capabilities, ACLs and overlayfs's opaque marks live there, and the JDK
 * reads the user.* namespace alone. A file system without xattrs answers none.
 */
JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_NativeFiles_xattrs0(JNIEnv *env, jclass cls,
                                                                          jbyteArray jpath)
{
    (void) cls;
    char path[PATH_MAX];
    if (tree_path_of(env, jpath, path) != 0) {
        return NULL;
    }
    struct tree_buffer b = {0};
    char *names = NULL;
    char *value = NULL;
    const char *call = NULL;
    int err = 0;
    ssize_t size;
    /* The list can grow between the two calls (ERANGE): ask again. */
    for (;;) {
        size = llistxattr(path, NULL, 0);
        if (size < 0) {
            call = errno == ENOTSUP ? NULL : "llistxattr";
            err = errno;
            size = 0;
            break;
        }
        free(names);
        names = malloc((size_t) size + 1);
        if (names == NULL) {
            call = "malloc";
            err = ENOMEM;
            break;
        }
        ssize_t got = llistxattr(path, names, (size_t) size);
        if (got >= 0) {
            size = got;
            break;
        }
        if (errno != ERANGE) {
            call = "llistxattr";
            err = errno;
            break;
        }
    }
    for (ssize_t at = 0; call == NULL && at < size; at += (ssize_t) strlen(names + at) + 1) {
        const char *name = names + at;
        ssize_t length = lgetxattr(path, name, NULL, 0);
        free(value);
        value = length < 0 ? NULL : malloc((size_t) length + 1);
        if (length < 0 || value == NULL) {
            call = length < 0 ? "lgetxattr" : "malloc";
            err = length < 0 ? errno : ENOMEM;
            break;
        }
        length = lgetxattr(path, name, value, (size_t) length);
        if (length < 0) {
            call = "lgetxattr";
            err = errno == ERANGE ? EAGAIN : errno;
            break;
        }
        unsigned char len[4] = {(unsigned char) (length >> 24), (unsigned char) (length >> 16),
                                (unsigned char) (length >> 8), (unsigned char) length};
        if (out_string(&b, name) || tree_buffer_put(&b, len, 4) || tree_buffer_put(&b, value, (size_t) length)) {
            call = "malloc";
            err = ENOMEM;
        }
    }
    free(names);
    free(value);
    if (call != NULL) {
        free(b.bytes);
        throw_native(env, call, err);
        return NULL;
    }
    return tree_buffer_answer(env, &b);
}

/* Removes the extended attribute `name` of the entry at path, not following a link; an attribute
 * that is not there is no error (ENODATA). */
JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeFiles_removeXattr0(JNIEnv *env, jclass cls, jbyteArray jpath,
                                                                         jbyteArray jname)
{
    (void) cls;
    char path[PATH_MAX];
    char name[PATH_MAX];
    if (tree_path_of(env, jpath, path) != 0 || tree_path_of(env, jname, name) != 0) {
        return;
    }
    if (lremovexattr(path, name) != 0 && errno != ENODATA) {
        throw_native(env, "lremovexattr", errno);
    }
}
