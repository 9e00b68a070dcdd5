#ifndef NUCLEUS_TREE_COMMON_H
#define NUCLEUS_TREE_COMMON_H

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <jni.h>

/* How a walk opens a directory: relative to its parent's fd, never through a symlink. */
#define TREE_DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* The entry's type as d_type spells it (DT_*), asking the file system only when readdir could not. */
unsigned char tree_entry_type(int dirfd, const struct dirent *e);

/* 1 for "." and "..". */
int tree_is_dot(const char *name);

/* A NUL-terminated copy of a path passed as bytes; 0, or -1 with a Java exception pending. */
int tree_path_of(JNIEnv *env, jbyteArray bytes, char out[PATH_MAX]);

#endif
