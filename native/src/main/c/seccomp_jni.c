/*
 * Seccomp compiler: turns the flat rule table of NativeSeccomp.java (encoding documented there)
 * into a BPF program with libseccomp and hands the bytes back. No policy here: Java decides
 * which rules exist, C executes the libseccomp calls, checks every result and always releases
 * the context.
 *
 * libseccomp 2.5.4 has no seccomp_export_bpf_mem (2.6+), only seccomp_export_bpf(ctx, fd): the
 * program is written to a memfd and read back from it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <seccomp.h>

#include <jni.h>
#include "dev_nucleus_linux_jni_NativeSeccomp.h"

/* Must match NativeSeccomp.java. */
enum { ACT_KILL_PROCESS, ACT_KILL_THREAD, ACT_TRAP, ACT_ERRNO, ACT_TRACE, ACT_LOG, ACT_ALLOW, ACT_NOTIFY };
#define LONGS_PER_CONDITION 4
#define MAX_CONDITIONS 6
#define MAX_PROGRAM_BYTES (4096 * 8) /* BPF_MAXINSNS instructions of 8 bytes */

#define EXCEPTION_CLASS "dev/nucleus/linux/jni/NativeSeccomp$CompileException"

static void throw_compile(JNIEnv *env, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void throw_compile(JNIEnv *env, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if ((*env)->ExceptionCheck(env)) {
        return; /* keep the first failure */
    }
    jclass cls = (*env)->FindClass(env, EXCEPTION_CLASS);
    if (cls != NULL) {
        (*env)->ThrowNew(env, cls, msg);
        (*env)->DeleteLocalRef(env, cls);
    } /* else FindClass left NoClassDefFoundError pending */
}

/* libseccomp returns -errno; name it the way a human reads it. */
static const char *err_name(int rc)
{
    return strerror(rc < 0 ? -rc : rc);
}

/* Kind + data -> libseccomp action; 0 on success, -1 when the pair is invalid. */
static int to_action(jint kind, jint data, uint32_t *out)
{
    switch (kind) {
    case ACT_ERRNO:
        if (data < 0 || data > 4095) return -1;
        *out = SCMP_ACT_ERRNO((uint32_t) data);
        return 0;
    case ACT_TRACE:
        if (data < 0 || data > 0xFFFF) return -1;
        *out = SCMP_ACT_TRACE((uint32_t) data);
        return 0;
    default:
        break;
    }
    if (data != 0) return -1;
    switch (kind) {
    case ACT_KILL_PROCESS: *out = SCMP_ACT_KILL_PROCESS; return 0;
    case ACT_KILL_THREAD: *out = SCMP_ACT_KILL_THREAD; return 0;
    case ACT_TRAP: *out = SCMP_ACT_TRAP; return 0;
    case ACT_LOG: *out = SCMP_ACT_LOG; return 0;
    case ACT_ALLOW: *out = SCMP_ACT_ALLOW; return 0;
    case ACT_NOTIFY: *out = SCMP_ACT_NOTIFY; return 0;
    default: return -1;
    }
}

/* Writes the filter to a memfd and reads it back into a new byte[]; NULL with an exception pending on failure. */
static jbyteArray export_program(JNIEnv *env, scmp_filter_ctx ctx)
{
    jbyteArray result = NULL;
    unsigned char *buf = NULL;
    int fd = memfd_create("nucleus-seccomp-bpf", MFD_CLOEXEC);
    if (fd < 0) {
        throw_compile(env, "memfd_create for the BPF export failed: %s", strerror(errno));
        return NULL;
    }
    int rc = seccomp_export_bpf(ctx, fd);
    if (rc < 0) {
        throw_compile(env, "seccomp_export_bpf failed: %s (errno %d)", err_name(rc), -rc);
        goto out;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        throw_compile(env, "fstat of the BPF memfd failed: %s", strerror(errno));
        goto out;
    }
    if (st.st_size <= 0 || st.st_size > MAX_PROGRAM_BYTES || st.st_size % 8 != 0) {
        throw_compile(env, "seccomp_export_bpf wrote %lld bytes: not 1..4096 instructions of 8 bytes "
                      "(too many rules for one filter?)", (long long) st.st_size);
        goto out;
    }
    size_t size = (size_t) st.st_size;
    buf = malloc(size);
    if (buf == NULL) {
        throw_compile(env, "out of memory for a %zu-byte BPF program", size);
        goto out;
    }
    size_t done = 0;
    while (done < size) {
        ssize_t n = pread(fd, buf + done, size - done, (off_t) done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            throw_compile(env, "reading the BPF memfd failed after %zu of %zu bytes: %s", done, size,
                          n < 0 ? strerror(errno) : "unexpected end of file");
            goto out;
        }
        done += (size_t) n;
    }
    result = (*env)->NewByteArray(env, (jsize) size);
    if (result != NULL) {
        (*env)->SetByteArrayRegion(env, result, 0, (jsize) size, (const jbyte *) buf);
    }
out:
    free(buf);
    close(fd);
    return result;
}

JNIEXPORT jbyteArray JNICALL Java_dev_nucleus_linux_jni_NativeSeccomp_compile0(
    JNIEnv *env, jclass cls, jint default_kind, jint default_data, jobjectArray names, jintArray actions,
    jintArray action_data, jintArray condition_start, jlongArray conditions, jbooleanArray unknown_out)
{
    (void) cls;
    jbyteArray result = NULL;
    scmp_filter_ctx ctx = NULL;
    jint *kinds = NULL, *datas = NULL, *starts = NULL;
    jlong *conds = NULL;
    jboolean *unknown = NULL;

    if (names == NULL || actions == NULL || action_data == NULL || condition_start == NULL || conditions == NULL
        || unknown_out == NULL) {
        throw_compile(env, "seccomp rule table: null array");
        return NULL;
    }
    jsize n = (*env)->GetArrayLength(env, names);
    jsize n_conds_longs = (*env)->GetArrayLength(env, conditions);
    if ((*env)->GetArrayLength(env, actions) != n || (*env)->GetArrayLength(env, action_data) != n
        || (*env)->GetArrayLength(env, unknown_out) != n || (*env)->GetArrayLength(env, condition_start) != n + 1) {
        throw_compile(env, "seccomp rule table: array lengths do not match %d rules", (int) n);
        return NULL;
    }

    kinds = calloc((size_t) n + 1, sizeof *kinds);
    datas = calloc((size_t) n + 1, sizeof *datas);
    starts = calloc((size_t) n + 1, sizeof *starts);
    conds = calloc((size_t) n_conds_longs + 1, sizeof *conds);
    unknown = calloc((size_t) n + 1, sizeof *unknown);
    if (kinds == NULL || datas == NULL || starts == NULL || conds == NULL || unknown == NULL) {
        throw_compile(env, "out of memory for a %d-rule seccomp table", (int) n);
        goto out;
    }
    (*env)->GetIntArrayRegion(env, actions, 0, n, kinds);
    (*env)->GetIntArrayRegion(env, action_data, 0, n, datas);
    (*env)->GetIntArrayRegion(env, condition_start, 0, n + 1, starts);
    (*env)->GetLongArrayRegion(env, conditions, 0, n_conds_longs, conds);
    if ((*env)->ExceptionCheck(env)) goto out;

    /* Re-check the layout: never index past the arrays, whatever the Java side did. */
    if (starts[0] != 0 || (jlong) starts[n] * LONGS_PER_CONDITION != (jlong) n_conds_longs) {
        throw_compile(env, "seccomp rule table: condition offsets do not cover %d longs", (int) n_conds_longs);
        goto out;
    }
    for (jsize i = 0; i < n; i++) {
        if (starts[i + 1] < starts[i] || starts[i + 1] - starts[i] > MAX_CONDITIONS) {
            throw_compile(env, "seccomp rule table: rule %d has a bad condition range %d..%d", (int) i,
                          (int) starts[i], (int) starts[i + 1]);
            goto out;
        }
    }

    uint32_t def_action;
    if (to_action(default_kind, default_data, &def_action) != 0) {
        throw_compile(env, "invalid default action kind %d data %d", (int) default_kind, (int) default_data);
        goto out;
    }
    if (seccomp_arch_native() != SCMP_ARCH_X86_64) {
        throw_compile(env, "libseccomp's native architecture is 0x%x, not x86_64; only x86_64 is supported",
                      seccomp_arch_native());
        goto out;
    }
    ctx = seccomp_init(def_action);
    if (ctx == NULL) {
        throw_compile(env, "seccomp_init(default action 0x%x) failed", def_action);
        goto out;
    }
    int rc;
    if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)) < 0) {
        throw_compile(env, "seccomp_attr_set(SCMP_FLTATR_CTL_NNP, 0) failed: %s (errno %d)", err_name(rc), -rc);
        goto out;
    }
    if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0) {
        throw_compile(env, "seccomp_attr_set(SCMP_FLTATR_ACT_BADARCH, KILL_PROCESS) failed: %s (errno %d)",
                      err_name(rc), -rc);
        goto out;
    }
    /* Binary-tree dispatch over syscall numbers: O(log n) instead of a linear chain. */
    if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)) < 0) {
        throw_compile(env, "seccomp_attr_set(SCMP_FLTATR_CTL_OPTIMIZE, 2) failed: %s (errno %d)", err_name(rc), -rc);
        goto out;
    }

    for (jsize i = 0; i < n; i++) {
        jstring jname = (jstring) (*env)->GetObjectArrayElement(env, names, i);
        if (jname == NULL) {
            throw_compile(env, "seccomp rule table: name %d is null", (int) i);
            goto out;
        }
        const char *name = (*env)->GetStringUTFChars(env, jname, NULL);
        if (name == NULL) {
            (*env)->DeleteLocalRef(env, jname);
            goto out; /* OutOfMemoryError pending */
        }
        int failed = 0;
        uint32_t action;
        int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR || nr < 0) {
            /* Unknown to libseccomp, or a pseudo-syscall that does not exist on x86_64. */
            unknown[i] = JNI_TRUE;
        } else if (to_action(kinds[i], datas[i], &action) != 0) {
            throw_compile(env, "rule %d (%s): invalid action kind %d data %d", (int) i, name, (int) kinds[i],
                          (int) datas[i]);
            failed = 1;
        } else {
            struct scmp_arg_cmp cmp[MAX_CONDITIONS];
            unsigned int count = (unsigned int) (starts[i + 1] - starts[i]);
            for (unsigned int k = 0; k < count && !failed; k++) {
                const jlong *c = conds + (size_t) (starts[i] + (jint) k) * LONGS_PER_CONDITION;
                if (c[0] < 0 || c[0] > 5 || c[1] < SCMP_CMP_NE || c[1] > SCMP_CMP_MASKED_EQ) {
                    throw_compile(env, "rule %d (%s): condition %u has argument %lld, comparison %lld; "
                                  "expected 0..5 and 1..7", (int) i, name, k, (long long) c[0], (long long) c[1]);
                    failed = 1;
                    break;
                }
                cmp[k].arg = (unsigned int) c[0];
                cmp[k].op = (enum scmp_compare) c[1];
                cmp[k].datum_a = (scmp_datum_t) c[2];
                cmp[k].datum_b = (scmp_datum_t) c[3];
            }
            if (!failed && (rc = seccomp_rule_add_array(ctx, action, nr, count, cmp)) < 0) {
                throw_compile(env, "seccomp_rule_add_array(%s, action 0x%x, %u conditions) failed: %s (errno %d)%s",
                              name, action, count, err_name(rc), -rc,
                              rc == -EACCES ? "; the rule's action equals the default action" : "");
                failed = 1;
            }
        }
        (*env)->ReleaseStringUTFChars(env, jname, name);
        (*env)->DeleteLocalRef(env, jname);
        if (failed) goto out;
    }

    result = export_program(env, ctx);
    if (result != NULL) {
        (*env)->SetBooleanArrayRegion(env, unknown_out, 0, n, unknown);
        if ((*env)->ExceptionCheck(env)) {
            result = NULL;
        }
    }

out:
    if (ctx != NULL) seccomp_release(ctx);
    free(kinds);
    free(datas);
    free(starts);
    free(conds);
    free(unknown);
    return result;
}

/* The x86_64 name of syscall nr, or NULL when libseccomp knows none (trace logs name what they count). */
JNIEXPORT jstring JNICALL Java_dev_nucleus_linux_jni_NativeSeccomp_syscallName0(JNIEnv *env, jclass cls, jint nr)
{
    (void) cls;
    char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
    if (name == NULL) {
        return NULL;
    }
    jstring out = (*env)->NewStringUTF(env, name);
    free(name);
    return out;
}

/* libseccomp's run-time version, "major.minor.micro": part of the cache key of compiled programs,
 * since another libseccomp may compile the same profile to another program. */
JNIEXPORT jstring JNICALL Java_dev_nucleus_linux_jni_NativeSeccomp_libraryVersion0(JNIEnv *env, jclass cls)
{
    (void) cls;
    const struct scmp_version *v = seccomp_version();
    char text[64];
    snprintf(text, sizeof text, "%u.%u.%u", v->major, v->minor, v->micro);
    return (*env)->NewStringUTF(env, text);
}
