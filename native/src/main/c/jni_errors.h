#ifndef NUCLEUS_JNI_ERRORS_H
#define NUCLEUS_JNI_ERRORS_H

#include <jni.h>

/* Throws NativeShimException("what: strerror (errno N)", err); err 0 means end of file. */
void throw_native(JNIEnv *env, const char *what, int err);

#endif
