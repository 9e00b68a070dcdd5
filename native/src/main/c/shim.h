/* Internal interfaces of nucleus-shim (shim.c, steps.c, init.c, control.c). */
#ifndef NUCLEUS_SHIM_H
#define NUCLEUS_SHIM_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "plan.h"

#define SHIM_PLAN_FD 3
#define SHIM_CONTROL_FD 4
#define SHIM_CGROUP_FD 5 /* optional: the container's cgroup2 directory (CLONE_INTO_CGROUP) */
#define SHIM_TARGET_FD 6 /* optional (attach): pidfd of the container process whose namespaces to join */
#define SHIM_ROOTFS_FD 7 /* optional: a detached, idmapped copy of the rootfs's mount (ATTACH_ROOTFS) */
#define SHIM_LAYER_FD 8 /* optional: a detached, idmapped copy of an image layer's mount (ATTACH_LAYER) */

/* SHIM_ROOTFS_FD when the JVM passed a rootfs tree, else -1: fd 7 may then be anything (a pipe). */
extern int shim_rootfs_tree;
/* SHIM_LAYER_FD when the JVM passed an image layer tree, else -1. */
extern int shim_layer_tree;
#define EXIT_RUNTIME_FAILURE 125

/*
 * What the container process writes to the error pipe when a step fails (one atomic write).
 * With STEP_NOTICE set in op it is no failure but an announcement the shim acts on
 * (OP_SECCOMP_TRACE: err = the fd number the trace listener is about to get).
 */
#define STEP_NOTICE 0x10000
struct step_failure {
    int32_t index;
    int32_t err;
    int32_t op;
};

/* For the steps: runs call; on failure returns errno from the step (never 0). Needs <errno.h>. */
#define CHECK(call)                                                                           \
    do {                                                                                      \
        if ((call) < 0) {                                                                     \
            return errno ? errno : EIO;                                                       \
        }                                                                                     \
    } while (0)

/* steps.c: the container process. Waits for GO on go_fd, runs steps 1..count-1; never returns. */
__attribute__((noreturn)) void container_run(const struct plan *plan, int go_fd, int err_fd);

/* The LOOPBACK_UP step: lo up in the caller's network namespace; 0 or an errno. */
int do_loopback_up(void);

/* landlock_steps.c: the Landlock steps, called by steps.c; 0 or an errno. */
int step_landlock(const struct plan_step *s);
int step_landlock_scope(const struct plan_step *s);
int step_landlock_net(const struct plan_step *s);

/* privilege_steps.c: capabilities, identity and rlimits, called by steps.c; 0 or an errno. */
int step_drop_bounding(const struct plan_step *s);
int step_set_identity(const struct plan_step *s);
int step_capset(const struct plan_step *s);
int step_ambient(const struct plan_step *s);
int step_rlimit(const struct plan_step *s);

/* init.c: MINI_INIT. Returns 0 in the workload child; the init parent never returns.
 * Returns -1 with errno set when it could not fork. */
int mini_init(int err_fd);

/* The signals the shim and the mini-init forward to the workload. */
void forwarded_signals(sigset_t *set);

/* control.c: the shim's supervision loop after the clone; returns the shim's exit code.
 * audit_session goes to the JVM with PID (-1: none); with pause the GO pipe stays open after GO
 * for the RESUME of a HOOK_PAUSE step. */
int supervise(int ctl, pid_t pid, int pidfd, int go_w, int err_r, int32_t audit_session, bool pause);

#endif
