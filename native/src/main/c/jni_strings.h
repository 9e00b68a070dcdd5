#ifndef NUCLEUS_JNI_STRINGS_H
#define NUCLEUS_JNI_STRINGS_H

#include <jni.h>

/* A NULL-terminated copy of a String[] (argv, envp); NULL when out of memory or an element is null. */
char **jni_strings(JNIEnv *env, jobjectArray array);

/* Frees what jni_strings returned; NULL is fine. */
void jni_strings_free(char **strings);

#endif
