/*
 * Helper programs (runsc, ip, ...) started with posix_spawn for the launch path, where the JDK's
 * first ProcessBuilder.start would look up the System.Logger backend (a ServiceLoader scan of the
 * whole class path) and set up its process reaper. The child gets the JVM's environment, default
 * signal dispositions and an empty signal mask, stdin from the JVM, /dev/null or given bytes (a
 * hook's OCI state), stdout and stderr through pipes (or both through one), and no other fd.
 * Waited for through a pidfd.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeChild.h"
#include "jni_errors.h"
#include "jni_strings.h"
#include "spawn_signals.h"

extern char **environ;

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

/* A memfd holding bytes, at offset 0: a child's stdin. -1 with errno set on failure. */
static int stdin_memfd(JNIEnv *env, jbyteArray bytes)
{
    int fd = memfd_create("nucleus-stdin", MFD_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    jsize n = (*env)->GetArrayLength(env, bytes);
    jbyte *data = (*env)->GetByteArrayElements(env, bytes, NULL);
    if (data == NULL) {
        close(fd);
        errno = ENOMEM;
        return -1;
    }
    ssize_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, (char *) data + done, (size_t) (n - done));
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            (*env)->ReleaseByteArrayElements(env, bytes, data, JNI_ABORT);
            close(fd);
            errno = e;
            return -1;
        }
        done += w;
    }
    (*env)->ReleaseByteArrayElements(env, bytes, data, JNI_ABORT);
    if (lseek(fd, 0, SEEK_SET) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/*
 * Starts argv[0] (an absolute path) with jenv as its environment (NULL: the JVM's own); its stdin
 * is jstdin's bytes when given, else /dev/null or the JVM's; with merge, its stderr is its stdout's
 * pipe. Returns {pid, pidfd, stdout read end, stderr read end (-1 when merged)}.
 */
JNIEXPORT jlongArray JNICALL Java_dev_nucleus_linux_jni_NativeChild_start0(JNIEnv *env, jclass cls,
                                                                           jobjectArray jargv, jobjectArray jenv,
                                                                           jboolean devnull_stdin, jbyteArray jstdin,
                                                                           jboolean merge)
{
    (void) cls;
    char **argv = jni_strings(env, jargv);
    char **envp = jenv == NULL ? NULL : jni_strings(env, jenv);
    int out[2] = { -1, -1 }, err[2] = { -1, -1 }, in = -1, pidfd = -1, e = 0;
    const char *what = "out of memory";
    pid_t pid = -1;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    int have_fa = 0, have_attr = 0;
    jlongArray result = NULL;
    if (argv == NULL || argv[0] == NULL || (jenv != NULL && envp == NULL)) {
        e = argv == NULL || jenv != NULL ? ENOMEM : EINVAL;
        goto fail;
    }
    if (pipe2(out, O_CLOEXEC) < 0 || (!merge && pipe2(err, O_CLOEXEC) < 0)) {
        e = errno;
        what = "pipe2";
        goto fail;
    }
    if (jstdin != NULL && (in = stdin_memfd(env, jstdin)) < 0) {
        e = errno;
        what = "memfd_create (stdin)";
        goto fail;
    }
    if ((e = posix_spawn_file_actions_init(&fa)) != 0) {
        what = "posix_spawn_file_actions_init";
        goto fail;
    }
    have_fa = 1;
    /* Only 0, 1 and 2: the JVM holds fds without close-on-exec too (its modules image, a jar, and
     * whatever its own caller passed it), which are not the helper's to have. */
    if ((in >= 0 && (e = posix_spawn_file_actions_adddup2(&fa, in, 0)) != 0)
        || (in < 0 && devnull_stdin && (e = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0)) != 0)
        || (e = posix_spawn_file_actions_adddup2(&fa, out[1], 1)) != 0
        || (e = posix_spawn_file_actions_adddup2(&fa, merge ? out[1] : err[1], 2)) != 0
        || (e = posix_spawn_file_actions_addclosefrom_np(&fa, 3)) != 0) {
        what = "posix_spawn_file_actions_add*";
        goto fail;
    }
    if ((e = posix_spawnattr_init(&attr)) != 0) {
        what = "posix_spawnattr_init";
        goto fail;
    }
    have_attr = 1;
    if ((e = spawn_default_signals(&attr)) != 0) {
        what = "posix_spawnattr_set*";
        goto fail;
    }
    if ((e = posix_spawn(&pid, argv[0], &fa, &attr, argv, envp != NULL ? envp : environ)) != 0) {
        pid = -1;
        what = argv[0];
        goto fail;
    }
    close_fd(&out[1]);
    close_fd(&err[1]);
    close_fd(&in);
    pidfd = (int) syscall(SYS_pidfd_open, pid, 0); /* O_CLOEXEC */
    if (pidfd < 0) {
        e = errno;
        what = "pidfd_open";
        goto fail;
    }
    result = (*env)->NewLongArray(env, 4);
    if (result == NULL) {
        e = ENOMEM;
        goto fail;
    }
    jlong v[4] = { pid, pidfd, out[0], err[0] };
    (*env)->SetLongArrayRegion(env, result, 0, 4, v);
    goto done;
fail:
    if (pid > 0) { /* our unreaped child: its pid cannot have been reused */
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    close_fd(&out[0]);
    close_fd(&err[0]);
    close_fd(&out[1]);
    close_fd(&err[1]);
    close_fd(&in);
    close_fd(&pidfd);
    if (!(*env)->ExceptionCheck(env)) {
        throw_native(env, what, e);
    }
done:
    if (have_fa) {
        posix_spawn_file_actions_destroy(&fa);
    }
    if (have_attr) {
        posix_spawnattr_destroy(&attr);
    }
    jni_strings_free(argv);
    jni_strings_free(envp);
    return result;
}

/*
 * Whether the child has ended (its pidfd is readable then), waiting up to timeout ms for it (0: not
 * at all); it is not reaped here.
 */
JNIEXPORT jboolean JNICALL Java_dev_nucleus_linux_jni_NativeChild_ended0(JNIEnv *env, jclass cls, jint pidfd,
                                                                        jint timeout)
{
    (void) cls;
    struct pollfd p = { .fd = pidfd, .events = POLLIN };
    int n;
    while ((n = poll(&p, 1, timeout)) < 0 && errno == EINTR) {
    }
    if (n < 0) {
        throw_native(env, "poll(pidfd)", errno);
        return JNI_FALSE;
    }
    return n > 0 ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT void JNICALL Java_dev_nucleus_linux_jni_NativeChild_close0(JNIEnv *env, jclass cls, jint fd)
{
    (void) env;
    (void) cls;
    close(fd);
}
