/*
 * A private, writable view of a directory tree that is never written: an overlay mount whose only
 * lower layer is the tree. runsc's gofer makes the mount points of a sandbox's mounts in the
 * sandbox's root on the host; given the user's --rootfs it made them there (files in a Nix store
 * path, whose attestation then failed). Given this view, it makes them in the upper layer.
 *
 * The new mount API takes each path whole ("lowerdir+", Linux 6.8), so none needs escaping; an
 * older kernel gets "lowerdir", for a path without the ':' and '\' it would parse.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeMounts.h"
#include "jni_errors.h"

static int set_string(int fs, const char *key, const char *value)
{
    return (int) syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, key, value, 0);
}

/* 0, or -1 with errno and *what set. */
static int overlay_view(const char *lower, const char *upper, const char *work, const char *target, const char **what)
{
    int fs = (int) syscall(SYS_fsopen, "overlay", FSOPEN_CLOEXEC);
    if (fs < 0) {
        *what = "fsopen(overlay)";
        return -1;
    }
    int mnt = -1;
    int lowered = set_string(fs, "lowerdir+", lower);
    if (lowered < 0 && errno == EINVAL && strpbrk(lower, ":\\") == NULL) {
        lowered = set_string(fs, "lowerdir", lower);
    }
    if (lowered < 0) {
        *what = "fsconfig(overlay, lowerdir)";
    } else if (set_string(fs, "upperdir", upper) < 0) {
        *what = "fsconfig(overlay, upperdir)";
    } else if (set_string(fs, "workdir", work) < 0) {
        *what = "fsconfig(overlay, workdir)";
    } else if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
        *what = "fsconfig(overlay, FSCONFIG_CMD_CREATE)";
    } else if ((mnt = (int) syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NODEV | MOUNT_ATTR_NOSUID)) < 0) {
        *what = "fsmount(overlay)";
    } else if (syscall(SYS_move_mount, mnt, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) < 0) {
        *what = "move_mount(overlay)";
    } else {
        close(mnt);
        close(fs);
        return 0;
    }
    int err = errno;
    if (mnt >= 0) {
        close(mnt);
    }
    close(fs);
    errno = err;
    return -1;
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeMounts_overlayView0(JNIEnv *env, jclass cls, jstring jlower,
                                                                           jstring jupper, jstring jwork,
                                                                           jstring jtarget)
{
    (void) cls;
    jstring in[4] = { jlower, jupper, jwork, jtarget };
    const char *s[4] = { NULL, NULL, NULL, NULL };
    int got = 0;
    while (got < 4 && (s[got] = (*env)->GetStringUTFChars(env, in[got], NULL)) != NULL) {
        got++;
    }
    if (got == 4) {
        const char *what = NULL;
        if (overlay_view(s[0], s[1], s[2], s[3], &what) < 0) {
            int err = errno;
            char message[4200];
            snprintf(message, sizeof message, "%s of %s at %s", what, s[0], s[3]);
            throw_native(env, message, err);
        }
    } /* else OutOfMemoryError pending */
    for (int i = 0; i < got; i++) {
        (*env)->ReleaseStringUTFChars(env, in[i], s[i]);
    }
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeMounts_detach0(JNIEnv *env, jclass cls, jstring jtarget)
{
    (void) cls;
    const char *target = (*env)->GetStringUTFChars(env, jtarget, NULL);
    if (target == NULL) {
        return;
    }
    /* EINVAL: not a mount point (nothing mounted there, or detached already); ENOENT: no such path */
    char message[4200];
    int err = 0;
    if (umount2(target, MNT_DETACH | UMOUNT_NOFOLLOW) < 0 && errno != EINVAL && errno != ENOENT) {
        err = errno;
        snprintf(message, sizeof message, "umount2(%s, MNT_DETACH)", target);
    }
    (*env)->ReleaseStringUTFChars(env, jtarget, target);
    if (err != 0) {
        throw_native(env, message, err);
    }
}
