/*
 * Directory-tree walks that must not cost a stat per entry: the bind-mode context check (is every
 * entry a directory or a regular file?) and the removal of a staged context copy. Both read the
 * type from readdir's d_type (filled in by ext4, xfs, btrfs, tmpfs) and fall back to fstatat only
 * where a file system leaves it unknown. Neither follows a symlink: directories are opened with
 * O_NOFOLLOW relative to their parent's fd, so a tree changed under the walk cannot send it
 * elsewhere.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeTree.h"
#include "jni_errors.h"
#include "tree_common.h"

/* What the scan looks for, and the kind of the first entry it found. */
struct scan {
    int max_depth;
    char kind; /* 'l' symlink, 'p' fifo, 's' socket, 'c'/'b' device, 'u' unknown, 'd' too deep */
};

static int scan_entry(void *ctx, unsigned char type, const char *rel, size_t len, int depth)
{
    (void) rel;
    (void) len;
    struct scan *scan = ctx;
    if (depth > scan->max_depth) {
        scan->kind = 'd';
        return TREE_STOP;
    }
    switch (type) {
    case DT_REG: return TREE_NEXT;
    case DT_DIR: return TREE_DESCEND;
    case DT_LNK: scan->kind = 'l'; return TREE_STOP;
    case DT_FIFO: scan->kind = 'p'; return TREE_STOP;
    case DT_SOCK: scan->kind = 's'; return TREE_STOP;
    case DT_CHR: scan->kind = 'c'; return TREE_STOP;
    case DT_BLK: scan->kind = 'b'; return TREE_STOP;
    default: scan->kind = 'u'; return TREE_STOP;
    }
}

/* "k path" for the first entry under root that is not a plain directory or file, or that lies
 * deeper than maxDepth ('d'; root's own entries are at depth 1); NULL when every entry is plain. */
JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_NativeTree_firstNotPlain0(JNIEnv *env, jclass cls,
                                                                                 jbyteArray root, jint max_depth)
{
    (void) cls;
    int fd = tree_open_root(env, root, "context root");
    if (fd < 0) {
        return NULL;
    }
    struct scan scan = { .max_depth = max_depth, .kind = 0 };
    char rel[PATH_MAX] = "";
    int found = tree_walk(fd, rel, 0, 1, scan_entry, &scan);
    if (found < 0) {
        throw_native(env, rel[0] ? rel : "readdir(context root)", errno);
        return NULL;
    }
    if (found == 0) {
        return NULL;
    }
    char out[PATH_MAX + 2];
    int n = snprintf(out, sizeof out, "%c %s", scan.kind, rel);
    jbyteArray bytes = (*env)->NewByteArray(env, n);
    if (bytes != NULL) {
        (*env)->SetByteArrayRegion(env, bytes, 0, n, (const jbyte *) out);
    }
    return bytes;
}

/* Empties the directory open at fd (owned), depth-first; 0, or -1 with errno. A directory on
 * another file system than `dev` (something mounted inside) fails with EXDEV: its contents are not
 * this tree's to remove. An entry gone meanwhile (another remover of the same tree, such as a
 * container's runtime cleaning up while `rm` runs) is skipped, and the walk goes on. */
static int empty_dir(int fd, dev_t dev)
{
    DIR *dir = tree_opendir(fd);
    if (dir == NULL) {
        return -1;
    }
    int result = 0;
    errno = 0;
    for (struct dirent *e; (e = readdir(dir)) != NULL; errno = 0) {
        if (tree_is_dot(e->d_name)) {
            continue;
        }
        int flags = 0;
        if (tree_entry_type(dirfd(dir), e) == DT_DIR) {
            int child = openat(dirfd(dir), e->d_name, TREE_DIR_FLAGS);
            if (child < 0 && errno == ENOENT) {
                continue;
            }
            struct stat st;
            if (child >= 0 && fstat(child, &st) == 0 && st.st_dev != dev) {
                close(child);
                errno = EXDEV;
                child = -1;
            }
            if (child < 0 || empty_dir(child, dev) != 0) {
                result = -1;
                break;
            }
            flags = AT_REMOVEDIR;
        }
        if (unlinkat(dirfd(dir), e->d_name, flags) != 0 && errno != ENOENT) {
            result = -1;
            break;
        }
    }
    if (result == 0 && errno != 0) {
        result = -1;
    }
    int err = errno;
    closedir(dir);
    errno = err;
    return result;
}

/* rm -rf --one-file-system of a directory of ours; a missing path is fine. */
JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeTree_removeTree0(JNIEnv *env, jclass cls,
                                                                       jbyteArray root)
{
    (void) cls;
    char path[PATH_MAX];
    if (tree_path_of(env, root, path) != 0) {
        return;
    }
    int fd = open(path, TREE_DIR_FLAGS);
    if (fd < 0) {
        int err = errno;
        if (err != ENOENT) {
            throw_native(env, "open(tree to remove)", err);
        }
        return;
    }
    struct stat st;
    int failed = fstat(fd, &st) != 0;
    if (failed) {
        close(fd);
    }
    failed = failed || empty_dir(fd, st.st_dev) != 0 || (rmdir(path) != 0 && errno != ENOENT);
    int err = errno;
    if (failed) {
        throw_native(env, "remove tree", err);
    }
}
