/* Hands pairs of fds (a pipe's, a socket pair's) to Java without leaking them on failure. */
#define _GNU_SOURCE
#include <unistd.h>

#include "jni_fds.h"

jintArray jni_fd_pair(JNIEnv *env, const int fds[2])
{
    jintArray out = (*env)->NewIntArray(env, 2);
    if (out == NULL) {
        close(fds[0]);
        close(fds[1]);
        return NULL; /* OutOfMemoryError pending */
    }
    jint values[2] = { fds[0], fds[1] };
    (*env)->SetIntArrayRegion(env, out, 0, 2, values);
    return out;
}
