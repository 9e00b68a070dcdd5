/*
 * The context copy in two calls, so that Java decides what is copied and C only moves bytes:
 * list0 walks the source (d_type, no stat per entry) and lists its directories and regular files;
 * Java marks the ones its exclusion rules keep; copy0 makes those directories and copies those
 * files. Paths are resolved with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS): an entry replaced
 * by a symlink between the two calls is skipped, never followed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeTree.h"
#include "jni_errors.h"
#include "tree_common.h"

/* One record of the listing: its kind, then its path with its NUL. */
static int append(struct tree_buffer *l, char kind, const char *rel, size_t rel_len)
{
    return tree_buffer_put(l, &kind, 1) || tree_buffer_put(l, rel, rel_len + 1) ? -1 : 0;
}

/* The listing under way and how deep it goes. */
struct list {
    struct tree_buffer out;
    int max_depth;
};

/* Directories and regular files are listed (each directory before what it holds); symlinks and
 * special files are never copied, so never listed. */
static int list_entry(void *ctx, unsigned char type, const char *rel, size_t len, int depth)
{
    struct list *list = ctx;
    if (type != DT_DIR && type != DT_REG) {
        return TREE_NEXT;
    }
    if (append(&list->out, type == DT_DIR ? 'd' : 'f', rel, len) != 0) {
        errno = ENOMEM;
        return -1;
    }
    return type == DT_DIR && depth < list->max_depth ? TREE_DESCEND : TREE_NEXT;
}

/* Records "kind relative-path NUL", kind 'd' or 'f', for every directory and regular file under
 * root down to maxDepth levels, each directory before its contents. */
JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_NativeTree_list0(JNIEnv *env, jclass cls, jbyteArray root,
                                                                       jint max_depth)
{
    (void) cls;
    int fd = tree_open_root(env, root, "context source");
    if (fd < 0) {
        return NULL;
    }
    struct list list = { .out = { 0 }, .max_depth = max_depth };
    char rel[PATH_MAX] = "";
    if (tree_walk(fd, rel, 0, 1, list_entry, &list) != 0) {
        int err = errno;
        free(list.out.bytes);
        throw_native(env, rel[0] ? rel : "readdir(context source)", err);
        return NULL;
    }
    return tree_buffer_answer(env, &list.out);
}

static int open_beneath(int dirfd, const char *rel, int flags, mode_t mode)
{
    struct open_how how = { .flags = (unsigned long long) (flags | O_CLOEXEC | O_NOFOLLOW), .mode = mode,
                            .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
    return (int) syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
}

/* Copies one listed file; 0 when copied or skipped (gone, or no longer a regular file), -1 with errno. */
static int copy_file(int from_root, int to_root, const char *rel)
{
    int in = open_beneath(from_root, rel, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0);
    if (in < 0) {
        return errno == ENOENT || errno == ELOOP || errno == EXDEV ? 0 : -1;
    }
    struct stat st;
    if (fstat(in, &st) != 0) {
        int err = errno;
        close(in);
        errno = err;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(in);
        return 0;
    }
    int out = open_beneath(to_root, rel, O_WRONLY | O_CREAT | O_EXCL, st.st_mode & 0777);
    int result = out < 0 ? -1 : 0;
    for (off_t left = st.st_size; result == 0 && left > 0;) {
        ssize_t n = sendfile(out, in, NULL, left > 0x40000000 ? 0x40000000 : (size_t) left);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            result = n < 0 ? -1 : 0; /* 0: the file shrank while it was copied; what was read stays */
            break;
        }
        left -= n;
    }
    int err = errno;
    if (out >= 0 && close(out) != 0 && result == 0) {
        err = errno;
        result = -1;
    }
    close(in);
    errno = err;
    return result;
}

/* Makes the listed directories and copies the listed files whose keep flag is set, in list order. */
JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeTree_copy0(JNIEnv *env, jclass cls, jbyteArray source,
                                                                 jbyteArray target, jbyteArray listing,
                                                                 jbooleanArray keep)
{
    (void) cls;
    int from_root = tree_open_root(env, source, "context source");
    if (from_root < 0) {
        return;
    }
    int to_root = tree_open_root(env, target, "context copy");
    if (to_root < 0) {
        close(from_root);
        return;
    }
    jsize len = (*env)->GetArrayLength(env, listing);
    jsize entries = (*env)->GetArrayLength(env, keep);
    char *records = malloc((size_t) len + 1);
    jboolean *kept = malloc((size_t) entries + 1);
    int failed = records == NULL || kept == NULL;
    int err = ENOMEM;
    const char *what = "copy";
    if (!failed) {
        (*env)->GetByteArrayRegion(env, listing, 0, len, (jbyte *) records);
        (*env)->GetBooleanArrayRegion(env, keep, 0, entries, kept);
        records[len] = '\0';
    }
    jsize i = 0;
    for (jsize at = 0; !failed && at < len && i < entries; i++) {
        char kind = records[at];
        const char *rel = records + at + 1;
        at += (jsize) strlen(rel) + 2;
        if (!kept[i]) {
            continue;
        }
        if (kind == 'd') {
            failed = mkdirat(to_root, rel, 0777) != 0 && errno != EEXIST;
        } else {
            failed = copy_file(from_root, to_root, rel) != 0;
        }
        if (failed) {
            err = errno;
            what = rel;
        }
    }
    if (failed) {
        throw_native(env, what, err);
    }
    free(records);
    free(kept);
    close(from_root);
    close(to_root);
}
