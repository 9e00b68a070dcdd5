/* What the tree walks share: an entry's type, the dot entries, a path passed as bytes. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
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

int tree_is_dot(const char *name)
{
    return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}
