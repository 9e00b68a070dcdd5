/* What the tree walks share: the preorder walk itself, an entry's type, the dot entries, a path
 * passed as bytes. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jni_errors.h"
#include "tree_common.h"

/* The entry's type as d_type spells it, asking the file system only when readdir could not say. */
unsigned char tree_entry_type(int dirfd, const struct dirent *e)
{
    if (e->d_type != DT_UNKNOWN) {
        return e->d_type;
    }
    struct stat st;
    if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        return DT_UNKNOWN;
    }
    return (unsigned char) IFTODT(st.st_mode);
}

/* A NUL-terminated copy of a path passed as bytes; 0, or -1 with a Java exception pending. */
int tree_path_of(JNIEnv *env, jbyteArray bytes, char out[PATH_MAX])
{
    jsize n = (*env)->GetArrayLength(env, bytes);
    if (n <= 0 || n >= PATH_MAX) {
        throw_native(env, "tree path", ENAMETOOLONG);
        return -1;
    }
    (*env)->GetByteArrayRegion(env, bytes, 0, n, (jbyte *) out);
    out[n] = '\0';
    if (strlen(out) != (size_t) n) {
        throw_native(env, "tree path", EINVAL); /* an embedded NUL */
        return -1;
    }
    return 0;
}

int tree_open_root(JNIEnv *env, jbyteArray path, const char *what)
{
    char at[PATH_MAX];
    if (tree_path_of(env, path, at) != 0) {
        return -1;
    }
    int fd = open(at, TREE_DIR_FLAGS);
    if (fd < 0) {
        char call[64];
        snprintf(call, sizeof call, "open(%s)", what);
        throw_native(env, call, errno);
    }
    return fd;
}

int tree_is_dot(const char *name)
{
    return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

DIR *tree_opendir(int fd)
{
    DIR *dir = fdopendir(fd);
    if (dir == NULL) {
        int err = errno;
        close(fd);
        errno = err;
    }
    return dir;
}

int tree_walk(int fd, char rel[PATH_MAX], size_t len, int depth, tree_visitor visit, void *ctx)
{
    DIR *dir = tree_opendir(fd);
    if (dir == NULL) {
        return -1;
    }
    int result = 0;
    errno = 0;
    for (struct dirent *e; result == 0 && (e = readdir(dir)) != NULL; errno = 0) {
        if (tree_is_dot(e->d_name)) {
            continue;
        }
        size_t name_len = strlen(e->d_name);
        if (len + 1 + name_len >= PATH_MAX) {
            errno = ENAMETOOLONG;
            result = -1;
            break;
        }
        size_t child_len = len == 0 ? name_len : len + 1 + name_len;
        if (len == 0) {
            memcpy(rel, e->d_name, name_len + 1);
        } else {
            rel[len] = '/';
            memcpy(rel + len + 1, e->d_name, name_len + 1);
        }
        int next = visit(ctx, tree_entry_type(dirfd(dir), e), rel, child_len, depth);
        if (next == TREE_DESCEND) {
            int child = openat(dirfd(dir), e->d_name, TREE_DIR_FLAGS);
            result = child < 0 ? -1 : tree_walk(child, rel, child_len, depth + 1, visit, ctx);
        } else if (next == TREE_STOP) {
            result = 1;
        } else if (next < 0) {
            result = -1;
        }
    }
    if (result == 0 && errno != 0) {
        result = -1;
    }
    int err = errno;
    closedir(dir);
    if (result == 0) {
        rel[len] = '\0';
    }
    errno = err;
    return result;
}

int tree_buffer_put(struct tree_buffer *b, const void *data, size_t len)
{
    if (b->len + len > b->cap) {
        size_t cap = b->cap == 0 ? 65536 : b->cap;
        while (cap < b->len + len) {
            cap *= 2;
        }
        char *grown = realloc(b->bytes, cap);
        if (grown == NULL) {
            errno = ENOMEM;
            return -1;
        }
        b->bytes = grown;
        b->cap = cap;
    }
    memcpy(b->bytes + b->len, data, len);
    b->len += len;
    return 0;
}

jbyteArray tree_buffer_answer(JNIEnv *env, struct tree_buffer *b)
{
    jbyteArray answer = (*env)->NewByteArray(env, (jsize) b->len);
    if (answer != NULL && b->len > 0) {
        (*env)->SetByteArrayRegion(env, answer, 0, (jsize) b->len, (const jbyte *) b->bytes);
    }
    free(b->bytes);
    b->bytes = NULL;
    b->len = b->cap = 0;
    return answer;
}
