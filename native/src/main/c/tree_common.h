#ifndef NUCLEUS_TREE_COMMON_H
#define NUCLEUS_TREE_COMMON_H

#include <dirent.h>
#include <stddef.h>
#include <fcntl.h>
#include <limits.h>
#include <jni.h>

/* How a walk opens a directory: relative to its parent's fd, never through a symlink. */
#define TREE_DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* The entry's type as d_type spells it (DT_*), asking the file system only when readdir could not. */
unsigned char tree_entry_type(int dirfd, const struct dirent *e);

/* 1 for "." and "..". */
int tree_is_dot(const char *name);

/* fdopendir that closes fd when it fails (errno kept): the fd is the stream's, or gone. */
DIR *tree_opendir(int fd);

/* What a visitor wants done after seeing one entry. */
enum tree_next { TREE_NEXT, TREE_DESCEND, TREE_STOP };

/*
 * Called for every entry of a walk with its type (DT_*), its path relative to the walk's root (rel,
 * of length len) and its depth (the root's own entries are at 1); returns what to do next, or -1
 * with errno set to end the walk with that error.
 */
typedef int (*tree_visitor)(void *ctx, unsigned char type, const char *rel, size_t len, int depth);

/*
 * Walks the directory open at fd (owned) in preorder, every directory before what it holds,
 * descending where the visitor asks (through openat(O_NOFOLLOW), so never through a symlink).
 * rel holds the directory's path relative to the root (length len, "" for the root) and is the
 * walk's scratch buffer; entries are at depth `depth`. Returns 0 when the walk ended, 1 when the
 * visitor stopped it (rel then names that entry), -1 with errno on failure (rel names where).
 */
int tree_walk(int fd, char rel[PATH_MAX], size_t len, int depth, tree_visitor visit, void *ctx);

/* A growing byte buffer for an answer built record by record (free its bytes when done). */
struct tree_buffer {
    char *bytes;
    size_t len;
    size_t cap;
};

/* Appends len bytes; 0, or -1 (errno ENOMEM) when it cannot grow. */
int tree_buffer_put(struct tree_buffer *b, const void *data, size_t len);

/* The buffer's bytes as a Java byte[] (NULL with an exception pending when it cannot be made);
 * the buffer is freed either way. */
jbyteArray tree_buffer_answer(JNIEnv *env, struct tree_buffer *b);

/* A NUL-terminated copy of a path passed as bytes; 0, or -1 with a Java exception pending. */
int tree_path_of(JNIEnv *env, jbyteArray bytes, char out[PATH_MAX]);

/* The directory a path passed as bytes names, opened for a walk; -1 with a Java exception pending
 * ("open(<what>): ...") when it cannot be. */
int tree_open_root(JNIEnv *env, jbyteArray path, const char *what);

#endif
