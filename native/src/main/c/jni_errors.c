/* Turns a failed call into a dev.nucleus.linux.jni.NativeShimException carrying the errno. */
#define _GNU_SOURCE
#include <jni.h>

#include <stdio.h>
#include <string.h>

#include "jni_errors.h"

void throw_native(JNIEnv *env, const char *what, int err)
{
    char msg[512];
    if (err == 0) {
        snprintf(msg, sizeof msg, "%s", what);
    } else {
        char buf[128];
        snprintf(msg, sizeof msg, "%s: %s (errno %d)", what, strerror_r(err, buf, sizeof buf), err);
    }
    jclass cls = (*env)->FindClass(env, "dev/nucleus/linux/jni/NativeShimException");
    if (cls == NULL) {
        return; /* NoClassDefFoundError is pending */
    }
    jmethodID ctor = (*env)->GetMethodID(env, cls, "<init>", "(Ljava/lang/String;I)V");
    if (ctor == NULL) {
        return;
    }
    jstring jmsg = (*env)->NewStringUTF(env, msg);
    if (jmsg == NULL) {
        return;
    }
    jobject ex = (*env)->NewObject(env, cls, ctor, jmsg, (jint) err);
    if (ex != NULL) {
        (*env)->Throw(env, (jthrowable) ex);
    }
}
