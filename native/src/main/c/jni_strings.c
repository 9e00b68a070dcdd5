#include <stdlib.h>
#include <string.h>

#include "jni_strings.h"

char **jni_strings(JNIEnv *env, jobjectArray array)
{
    jsize n = (*env)->GetArrayLength(env, array);
    char **out = calloc((size_t) n + 1, sizeof *out);
    for (jsize i = 0; out != NULL && i < n; i++) {
        jstring s = (jstring) (*env)->GetObjectArrayElement(env, array, i);
        const char *utf = s == NULL ? NULL : (*env)->GetStringUTFChars(env, s, NULL);
        out[i] = utf == NULL ? NULL : strdup(utf);
        if (utf != NULL) {
            (*env)->ReleaseStringUTFChars(env, s, utf);
        }
        (*env)->DeleteLocalRef(env, s);
        if (out[i] == NULL) {
            jni_strings_free(out);
            out = NULL;
        }
    }
    return out;
}

void jni_strings_free(char **strings)
{
    if (strings != NULL) {
        for (char **p = strings; *p != NULL; p++) {
            free(*p);
        }
        free(strings);
    }
}
