/*
 * Control protocol v1 (PLAN_FORMAT.md, "Control messages"): 16-byte SOCK_SEQPACKET messages,
 * u32 type, i32 a, i32 b, i32 c, little-endian. Shared by the shim and the JNI library.
 */
#ifndef NUCLEUS_CONTROL_H
#define NUCLEUS_CONTROL_H

#include <stdint.h>

enum control_type {
    MSG_PID = 1,
    MSG_GO = 2,
    MSG_EXECED = 3,
    MSG_STEP_FAILED = 4,
    MSG_EXIT = 5,
    MSG_SIGNAL = 6,
    MSG_ABORT = 7,
    MSG_PLAN_REJECTED = 8,
    MSG_TERMINAL = 9, /* container -> JVM directly: the pty master, with SCM_RIGHTS; a = rows, b = cols */
    MSG_TRACE_COUNT = 10, /* shim -> JVM before EXIT, trace mode: a = syscall nr, b/c = count low/high 32 bits */
    MSG_PAUSED = 11, /* shim -> JVM: the container waits at HOOK_PAUSE (a = step index) for RESUME */
    MSG_RESUME = 12, /* JVM -> shim: let the container go on from HOOK_PAUSE */
    MSG_INPUTS = 13, /* JVM -> shim, first: the plan memfd and a's optional fds, with SCM_RIGHTS */
    MSG_MAPS = 14, /* JVM -> shim, before GO: the id maps are written (the plan's AWAIT_MAPS may go on) */
};

/* MSG_INPUTS's a: which optional descriptors follow the plan's, in this order. */
#define INPUTS_CGROUP_DIR 1 /* the container's cgroup2 directory (CLONE_INTO_CGROUP) */
#define INPUTS_TARGET_PIDFD 2 /* attach: the pidfd of the process whose namespaces to join */
#define INPUTS_ROOTFS_TREE 4 /* a detached, idmapped rootfs mount for ATTACH_ROOTFS */
#define INPUTS_LAYER_TREE 8 /* a detached, idmapped image layer mount for ATTACH_LAYER */

#define CONTROL_MSG_SIZE 16

/* Encodes {type, a, b, c} little-endian into out[16]. */
static inline void control_encode(uint8_t *out, uint32_t type, int32_t a, int32_t b, int32_t c)
{
    uint32_t v[4] = { type, (uint32_t) a, (uint32_t) b, (uint32_t) c };
    for (int i = 0; i < 4; i++) {
        for (int k = 0; k < 4; k++) {
            out[i * 4 + k] = (uint8_t) (v[i] >> (8 * k));
        }
    }
}

static inline void control_decode(const uint8_t *in, int32_t out[4])
{
    for (int i = 0; i < 4; i++) {
        const uint8_t *p = in + i * 4;
        out[i] = (int32_t) ((uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24);
    }
}

#endif
