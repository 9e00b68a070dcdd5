#ifndef NUCLEUS_JNI_FDS_H
#define NUCLEUS_JNI_FDS_H

#include <jni.h>

/* A new int[2] holding fds[0] and fds[1] for Java; NULL with both closed when it cannot be made. */
jintArray jni_fd_pair(JNIEnv *env, const int fds[2]);

#endif
