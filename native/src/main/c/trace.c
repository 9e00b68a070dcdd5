/*
 * Trace mode, the shim's side. The container process installs a filter that answers every
 * syscall with SECCOMP_RET_USER_NOTIF (SECCOMP_FILTER_FLAG_NEW_LISTENER) at the point where the
 * enforcing filter would go, so the trace covers exactly what a profile generated from it must
 * allow. Only tasks under that filter notify, and each notification names its syscall: the
 * count is exact and attributed to this container, with no log scraping. Every call goes on
 * with SECCOMP_USER_NOTIF_FLAG_CONTINUE (tracing observes, it does not enforce).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/seccomp.h>

#include "trace.h"

#define ATTACH_TIMEOUT_NS (5LL * 1000 * 1000 * 1000)
#define ATTACH_RETRY_NS (20 * 1000)

void trace_init(struct trace *t)
{
    memset(t, 0, sizeof *t);
    t->listener = -1;
}

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The process failed (a record waits on the error pipe) or is gone: stop waiting for it. */
static int gave_up(int pidfd, int err_r)
{
    struct pollfd p[2] = { { .fd = err_r, .events = POLLIN }, { .fd = pidfd, .events = POLLIN } };
    return poll(p, 2, 0) > 0;
}

int trace_attach(struct trace *t, int pidfd, int fd_number, int err_r)
{
    struct seccomp_notif_sizes sizes;
    if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0) {
        return errno;
    }
    /* The kernel's structs may be larger than this build's headers: use its sizes. */
    t->req_size = sizes.seccomp_notif > sizeof(struct seccomp_notif) ? sizes.seccomp_notif
                                                                    : sizeof(struct seccomp_notif);
    t->resp_size = sizes.seccomp_notif_resp > sizeof(struct seccomp_notif_resp) ? sizes.seccomp_notif_resp
                                                                                : sizeof(struct seccomp_notif_resp);
    t->req = calloc(1, t->req_size);
    t->resp = calloc(1, t->resp_size);
    if (t->req == NULL || t->resp == NULL) {
        return ENOMEM;
    }
    long long deadline = now_ns() + ATTACH_TIMEOUT_NS;
    for (;;) {
        int fd = (int) syscall(SYS_pidfd_getfd, pidfd, fd_number, 0);
        if (fd >= 0) {
            t->listener = fd;
            return 0;
        }
        if (errno != EBADF) {
            return errno;
        }
        /* Not installed yet: the announcement comes just before seccomp(2). */
        if (gave_up(pidfd, err_r)) {
            return ECANCELED;
        }
        if (now_ns() > deadline) {
            return ETIMEDOUT;
        }
        struct timespec pause = { .tv_sec = 0, .tv_nsec = ATTACH_RETRY_NS };
        nanosleep(&pause, NULL);
    }
}

void trace_answer(struct trace *t)
{
    struct seccomp_notif *req = t->req;
    struct seccomp_notif_resp *resp = t->resp;
    memset(req, 0, t->req_size);
    if (ioctl(t->listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
        return; /* EINTR, or ENOENT: the task died before we looked */
    }
    if (req->data.nr >= 0 && req->data.nr < TRACE_MAX_NR) {
        t->counts[req->data.nr]++;
    }
    memset(resp, 0, t->resp_size);
    resp->id = req->id;
    resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    /* ENOENT: the task was killed meanwhile; nothing to answer. */
    ioctl(t->listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
}

void trace_detach(struct trace *t)
{
    if (t->listener >= 0) {
        close(t->listener);
        t->listener = -1;
    }
}
