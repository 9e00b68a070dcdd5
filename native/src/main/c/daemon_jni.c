/*
 * Detached start of a supervisor (NativeDaemon.java): fork, setsid, fork again, exec. The middle
 * process exits at once, so the supervisor is reparented to init (or the nearest subreaper), is
 * not a session leader and cannot acquire a controlling terminal. Between fork and exec only
 * async-signal-safe calls run: the JVM is multi-threaded, and everything the child needs (argv,
 * envp, /dev/null) is prepared before the first fork.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeDaemon.h"
#include "jni_errors.h"
#include "jni_fds.h"
#include "jni_strings.h"

/* In the grandchild: stdio and fd 3, nothing else, default signals, then exec. Never returns.
 * stdin is `input` (a pipe the caller writes the launch's secrets to), else /dev/null. */
static void become_supervisor(const char *path, char **argv, char **envp, int input, int status)
{
    sigset_t none;
    sigemptyset(&none);
    for (int sig = 1; sig < NSIG; sig++) {
        signal(sig, SIG_DFL); /* async-signal-safe; invalid numbers just fail */
    }
    if (sigprocmask(SIG_SETMASK, &none, NULL) < 0 || dup2(input, 0) < 0 || dup2(status, 1) < 0
        || dup2(status, 2) < 0 || dup2(status, 3) < 0 || syscall(SYS_close_range, 4, ~0U, 0) < 0) {
        _exit(125);
    }
    execve(path, argv, envp);
    _exit(errno == ENOENT ? 127 : 126);
}

JNIEXPORT jlong JNICALL Java_dev_nucleus_linux_jni_NativeDaemon_spawnDetached0(JNIEnv *env, jclass cls, jstring jpath,
                                                                             jobjectArray jargv, jobjectArray jenv,
                                                                             jint status, jint input)
{
    (void) cls;
    const char *utf = (*env)->GetStringUTFChars(env, jpath, NULL);
    if (utf == NULL) {
        return -1;
    }
    char *path = strdup(utf);
    (*env)->ReleaseStringUTFChars(env, jpath, utf);
    char **argv = jni_strings(env, jargv);
    char **envp = jni_strings(env, jenv);
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    int report[2] = { -1, -1 };
    jlong result = -1;
    if (path == NULL || argv == NULL || envp == NULL) {
        throw_native(env, "spawnDetached: out of memory", ENOMEM);
        goto out;
    }
    if (devnull < 0 || pipe2(report, O_CLOEXEC) < 0) {
        throw_native(env, "spawnDetached: /dev/null or pipe", errno);
        goto out;
    }
    pid_t middle = fork();
    if (middle < 0) {
        throw_native(env, "spawnDetached: fork", errno);
        goto out;
    }
    if (middle == 0) {
        if (setsid() < 0) {
            _exit(125);
        }
        pid_t supervisor = fork();
        if (supervisor == 0) {
            become_supervisor(path, argv, envp, input >= 0 ? input : devnull, status);
        }
        /* The supervisor's pid (or -errno) for the caller, then the middle process is done. */
        int64_t msg = supervisor < 0 ? -(int64_t) errno : (int64_t) supervisor;
        ssize_t w = write(report[1], &msg, sizeof msg);
        _exit(w == (ssize_t) sizeof msg ? 0 : 125);
    }
    close(report[1]);
    report[1] = -1;
    int64_t msg = 0;
    ssize_t n;
    do {
        n = read(report[0], &msg, sizeof msg);
    } while (n < 0 && errno == EINTR);
    while (waitpid(middle, NULL, 0) < 0 && errno == EINTR) {
    }
    if (n != (ssize_t) sizeof msg || msg < 0) {
        throw_native(env, "spawnDetached: fork of the supervisor", n == (ssize_t) sizeof msg ? (int) -msg : EIO);
        goto out;
    }
    result = (jlong) msg;
out:
    if (report[0] >= 0) {
        close(report[0]);
    }
    if (report[1] >= 0) {
        close(report[1]);
    }
    if (devnull >= 0) {
        close(devnull);
    }
    free(path);
    jni_strings_free(argv);
    jni_strings_free(envp);
    return result;
}

JNIEXPORT jintArray JNICALL Java_dev_nucleus_linux_jni_NativeDaemon_pipe0(JNIEnv *env, jclass cls)
{
    (void) cls;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) {
        throw_native(env, "pipe2", errno);
        return NULL;
    }
    return jni_fd_pair(env, fds);
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeDaemon_dup20(JNIEnv *env, jclass cls, jint from, jint to)
{
    (void) cls;
    int r;
    do {
        r = dup2(from, to);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        throw_native(env, "dup2", errno);
    }
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeDaemon_devNullOnto0(JNIEnv *env, jclass cls, jint fd)
{
    (void) cls;
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0) {
        throw_native(env, "open /dev/null", errno);
        return;
    }
    int r;
    do {
        r = dup2(null, fd);
    } while (r < 0 && errno == EINTR);
    int e = errno;
    close(null);
    if (r < 0) {
        throw_native(env, "dup2", e);
    }
}
