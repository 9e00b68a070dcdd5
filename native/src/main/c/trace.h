/*
 * Trace mode (--seccomp-mode trace), the shim's side: take the container's seccomp listener and
 * answer every notification with "continue", counting each syscall by number.
 */
#ifndef NUCLEUS_TRACE_H
#define NUCLEUS_TRACE_H

#include <stdint.h>

/* x86_64 syscall numbers are below this; a higher one is let through but not counted. */
#define TRACE_MAX_NR 1024

struct trace {
    int listener; /* -1 until attached, and again once every traced task is gone */
    uint64_t counts[TRACE_MAX_NR];
    void *req;
    void *resp;
    uint16_t req_size;
    uint16_t resp_size;
};

void trace_init(struct trace *t);

/*
 * Takes fd_number from the process behind pidfd once its filter exists (pidfd_getfd; the process
 * announced the number just before installing the filter). Returns 0 when attached; ECANCELED
 * when the process reported a failure on err_r or died first (the normal paths handle that);
 * ETIMEDOUT or another errno when the listener could not be taken.
 */
int trace_attach(struct trace *t, int pidfd, int fd_number, int err_r);

/* One notification (the listener polled readable): count it and let the syscall run. */
void trace_answer(struct trace *t);

/* The listener hung up: nobody is left under the filter. */
void trace_detach(struct trace *t);

#endif
