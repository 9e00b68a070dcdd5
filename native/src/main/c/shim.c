/*
 * nucleus-shim: posix_spawn'ed by libnucleus.so with the plan on fd 3 and the control socket
 * on fd 4 (PLAN_FORMAT.md). Decodes the whole plan, clone3()s the container process with the
 * plan's namespace flags and CLONE_PIDFD, then supervises it (control.c). Single-threaded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/magic.h>
#include <linux/sched.h>

#include <sched.h>

/* pidfs (Linux 6.9): what a pidfd is on this kernel */
#define PID_FS_MAGIC_NUMBER 0x50494446

#include "control.h"
#include "shim.h"

int shim_rootfs_tree = -1;
int shim_layer_tree = -1;

static void send_ctl(uint32_t type, int32_t a, int32_t b, int32_t c)
{
    uint8_t m[CONTROL_MSG_SIZE];
    control_encode(m, type, a, b, c);
    while (send(SHIM_CONTROL_FD, m, sizeof m, MSG_NOSIGNAL) < 0 && errno == EINTR) {
    }
}

/* Reads all of fd 3 (its size from fstat, at most 16 MiB). Returns NULL after PLAN_REJECTED. */
static uint8_t *read_plan(size_t *len)
{
    struct stat st;
    if (fstat(SHIM_PLAN_FD, &st) < 0 || st.st_size < 0 || (uint64_t) st.st_size > PLAN_MAX_SIZE) {
        send_ctl(MSG_PLAN_REJECTED, 8, PLAN_BAD_LENGTH, 0);
        return NULL;
    }
    size_t size = (size_t) st.st_size;
    uint8_t *buf = malloc(size == 0 ? 1 : size);
    if (buf == NULL) {
        send_ctl(MSG_PLAN_REJECTED, 0, PLAN_BAD_LENGTH, 0);
        return NULL;
    }
    size_t done = 0;
    while (done < size) {
        ssize_t n = pread(SHIM_PLAN_FD, buf + done, size - done, (off_t) done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            free(buf);
            send_ctl(MSG_PLAN_REJECTED, (int32_t) done, PLAN_BAD_LENGTH, 0);
            return NULL;
        }
        done += (size_t) n;
    }
    *len = size;
    return buf;
}

/*
 * The container process keeps the control socket only when the plan opens a pty, to hand the
 * master straight to the JVM (PTY_OPEN closes it right after); otherwise it closes it at once.
 */
static int keep_control_for_pty(const struct plan *plan)
{
    for (size_t i = 0; i < plan->count; i++) {
        if (plan->steps[i].op == OP_PTY_OPEN) {
            return fcntl(SHIM_CONTROL_FD, F_SETFD, FD_CLOEXEC);
        }
    }
    return close(SHIM_CONTROL_FD);
}

/*
 * A fresh audit session for this container: writing our own loginuid back (or, while unset, our
 * uid) makes the kernel hand out a new session id, which every process of the container inherits
 * and none can change (that needs CAP_AUDIT_CONTROL). Audit records of the container then carry
 * this ses=, so its seccomp denials are attributed exactly. Returns the id, or -1 (AUDIT_SID_UNSET)
 * where the kernel has no audit or the loginuid is immutable: attribution is then unavailable.
 */
static int32_t new_audit_session(void)
{
    char buf[16];
    int fd = open("/proc/self/loginuid", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    if (n <= 0) {
        close(fd);
        return -1;
    }
    buf[n] = '\0';
    if (strcmp(buf, "4294967295") == 0) {
        n = (ssize_t) snprintf(buf, sizeof buf, "%u", (unsigned) getuid());
    }
    ssize_t w = pwrite(fd, buf, (size_t) n, 0);
    close(fd);
    if (w != n) {
        return -1;
    }
    fd = open("/proc/self/sessionid", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) {
        return -1;
    }
    buf[n] = '\0';
    return (int32_t) strtoul(buf, NULL, 10);
}

/*
 * The JVM starts the shim before it has the plan (so the start overlaps its own preparation),
 * then sends one INPUTS message: the plan's memfd, and the descriptors its a names, with
 * SCM_RIGHTS (PLAN_FORMAT.md, "Transport"). They go to their fixed numbers: 3, then 5, 6, 7 and 8.
 * Waits for it; 0, or -1 when the JVM closed the socket first or sent anything else.
 */
static int receive_inputs(void)
{
    enum { MAX_FDS = 5 }; /* the plan's and one for each INPUTS bit */
    uint8_t m[CONTROL_MSG_SIZE];
    union {
        char buf[CMSG_SPACE(MAX_FDS * sizeof(int))];
        struct cmsghdr align;
    } control;
    struct iovec iov = { .iov_base = m, .iov_len = sizeof m };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                          .msg_controllen = sizeof control.buf };
    ssize_t n;
    do {
        n = recvmsg(SHIM_CONTROL_FD, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    int received[MAX_FDS];
    size_t count = 0;
    for (struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL; c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < k && count < MAX_FDS; i++) {
                memcpy(&received[count++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
            }
        }
    }
    int32_t v[4] = { 0 };
    if (n == CONTROL_MSG_SIZE) {
        control_decode(m, v);
    }
    int targets[MAX_FDS] = { SHIM_PLAN_FD, -1, -1, -1, -1 };
    size_t expected = 1;
    if (v[1] & INPUTS_CGROUP_DIR) {
        targets[expected++] = SHIM_CGROUP_FD;
    }
    if (v[1] & INPUTS_TARGET_PIDFD) {
        targets[expected++] = SHIM_TARGET_FD;
    }
    if (v[1] & INPUTS_ROOTFS_TREE) {
        targets[expected++] = SHIM_ROOTFS_FD;
    }
    if (v[1] & INPUTS_LAYER_TREE) {
        targets[expected++] = SHIM_LAYER_FD;
    }
    bool ok = n == CONTROL_MSG_SIZE && (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) == 0
              && (uint32_t) v[0] == MSG_INPUTS && count == expected;
    /* Up out of the way first: a received fd may sit on another's fixed number. */
    for (size_t i = 0; i < count; i++) {
        int high = ok ? fcntl(received[i], F_DUPFD_CLOEXEC, 10) : -1;
        close(received[i]);
        ok = ok && high >= 0;
        received[i] = high;
    }
    for (size_t i = 0; i < count; i++) {
        if (received[i] >= 0) {
            ok = ok && dup2(received[i], targets[i]) == targets[i]; /* without close-on-exec, as spawned fds were */
            close(received[i]);
        }
    }
    return ok ? 0 : -1;
}

/*
 * fd 5, when the JVM passed one, is the container's cgroup2 directory: checked to be one (a stray
 * inherited fd is closed instead), it is where clone3 puts the container (CLONE_INTO_CGROUP).
 */
static int cgroup2_dir(void)
{
    struct statfs fs;
    if (fstatfs(SHIM_CGROUP_FD, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC) {
        return SHIM_CGROUP_FD;
    }
    close(SHIM_CGROUP_FD);
    return -1;
}

/*
 * fd 6, when the JVM passed one (attach), is a pidfd of a running container's process: checked to
 * be one (pidfs), the shim joins that process's namespaces named by CLONE_FLAGS with one setns()
 * before the clone, so the new process is born inside them (the PID and time namespaces apply to
 * children only), and the clone itself creates none.
 */
static int target_pidfd(void)
{
    struct statfs fs;
    if (fstatfs(SHIM_TARGET_FD, &fs) == 0 && fs.f_type == PID_FS_MAGIC_NUMBER) {
        return SHIM_TARGET_FD;
    }
    close(SHIM_TARGET_FD);
    return -1;
}

/*
 * clone3 with fork semantics (no new stack), into the cgroup2 directory when there is one; clone(2)
 * only where clone3 does not exist. Should the kernel refuse the cgroup (a v2 directory that cannot
 * take processes), the clone is retried without it: the JVM joins the process to every hierarchy
 * before GO anyway.
 */
static pid_t clone_container(uint64_t ns_flags, int cgroup_fd, int *pidfd)
{
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = ns_flags | CLONE_PIDFD;
    args.pidfd = (uint64_t) (uintptr_t) pidfd;
    args.exit_signal = SIGCHLD;
    long pid = -1;
    if (cgroup_fd >= 0) {
        args.flags |= CLONE_INTO_CGROUP;
        args.cgroup = (uint64_t) cgroup_fd;
        pid = syscall(SYS_clone3, &args, CLONE_ARGS_SIZE_VER2);
        if (pid >= 0 || errno == ENOSYS) {
            return (pid_t) pid;
        }
        args.flags &= ~(uint64_t) CLONE_INTO_CGROUP;
        args.cgroup = 0;
    }
    pid = syscall(SYS_clone3, &args, CLONE_ARGS_SIZE_VER0);
    if (pid < 0 && errno == ENOSYS) {
        pid = syscall(SYS_clone, (unsigned long) (ns_flags | CLONE_PIDFD | SIGCHLD), NULL, pidfd, NULL, 0);
    }
    return (pid_t) pid;
}

/*
 * CGROUP_JOIN: the shim opens each tasks file before the clone, as the user it runs as (the
 * container process may be in a user namespace of its own by the time it joins), checks that it
 * is on a cgroup v1 file system, and leaves the fd in the step for the container process to write
 * to. Returns the index of the record that failed, with errno set; 0 when all are open.
 */
static uint32_t open_cgroup_joins(struct plan *plan)
{
    for (uint32_t i = 0; i < plan->count; i++) {
        struct plan_step *s = &plan->steps[i];
        if (s->op != OP_CGROUP_JOIN) {
            continue;
        }
        int fd = open(s->str[0], O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) {
            return i;
        }
        struct statfs fs;
        int bad = fstatfs(fd, &fs) < 0 ? errno : fs.f_type != CGROUP_SUPER_MAGIC ? EXDEV : 0;
        if (bad != 0) {
            close(fd);
            errno = bad;
            return i;
        }
        s->u32[0] = (uint32_t) fd;
    }
    return 0;
}

/* The shim's copies of the CGROUP_JOIN fds, once the container process has its own. */
static void close_cgroup_joins(const struct plan *plan)
{
    for (uint32_t i = 0; i < plan->count; i++) {
        if (plan->steps[i].op == OP_CGROUP_JOIN && plan->steps[i].u32[0] > 2) {
            close((int) plan->steps[i].u32[0]);
        }
    }
}

/*
 * The signals glibc keeps for itself (32 and 33 here) arrive ignored from the JVM, and posix_spawn
 * cannot reset them (sigfillset leaves them out): set their default through the raw system call,
 * so the container starts, as under runc, with no signal ignored.
 */
static void default_reserved_signals(void)
{
    struct {
        void (*handler)(int);
        unsigned long flags;
        void (*restorer)(void);
        uint64_t mask;
    } dfl = { SIG_DFL, 0, NULL, 0 };
    for (int sig = 32; sig < SIGRTMIN; sig++) {
        syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask); /* best effort: nothing relies on it */
    }
}

/* A failure before the container process exists: reported against record 0 (CLONE_FLAGS). */
static int clone_failed(int err)
{
    send_ctl(MSG_STEP_FAILED, 0, err, OP_CLONE_FLAGS);
    return EXIT_RUNTIME_FAILURE;
}

/*
 * --netns-ahead: the container's network namespace is made now, while the JVM still builds the
 * plan (creating one is some 0.5 ms of a clone3 on this project's test host, most of it the
 * loopback device), by moving the shim into a new one that the container process then inherits;
 * its lo is brought up here too.
 * Only for a plan whose clone makes a network namespace and no user namespace (which would have to
 * own it); checked by plan_takes_netns_ahead once the plan is here.
 */
static bool netns_ahead;
static int netns_ahead_err;

static int read_arguments(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--netns-ahead") == 0) {
        netns_ahead = true;
        return 0;
    }
    return argc <= 1 ? 0 : -1;
}

static bool plan_takes_netns_ahead(const struct plan *plan, int target)
{
    return (plan->clone_flags & CLONE_NEWNET) != 0 && (plan->clone_flags & CLONE_NEWUSER) == 0 && target < 0;
}

int main(int argc, char **argv)
{
    /* Before anything a container process could reach: /proc/<pid>/exe stays closed to it. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
        return EXIT_RUNTIME_FAILURE;
    }
    if (syscall(SYS_close_range, SHIM_ROOTFS_FD, ~0U, 0) < 0 || read_arguments(argc, argv) < 0) {
        return EXIT_RUNTIME_FAILURE;
    }
    default_reserved_signals();
    if (netns_ahead) {
        if (unshare(CLONE_NEWNET) < 0) {
            netns_ahead_err = errno; /* reported as the clone's failure: the container cannot have its namespace */
        } else {
            (void) do_loopback_up(); /* ahead of the plan's LOOPBACK_UP, which then finds it up (or reports) */
        }
    }
    if (receive_inputs() < 0) {
        return EXIT_RUNTIME_FAILURE;
    }
    /* Nothing opened fd 7 or 8 since close_range: if one is open, receive_inputs put a tree there. */
    shim_rootfs_tree = fcntl(SHIM_ROOTFS_FD, F_GETFD) >= 0 ? SHIM_ROOTFS_FD : -1;
    shim_layer_tree = fcntl(SHIM_LAYER_FD, F_GETFD) >= 0 ? SHIM_LAYER_FD : -1;
    int cgroup_fd = cgroup2_dir();
    int target = target_pidfd();

    size_t len = 0;
    uint8_t *buf = read_plan(&len);
    if (buf == NULL) {
        return EXIT_RUNTIME_FAILURE;
    }
    struct plan plan;
    uint32_t bad = 0;
    enum plan_reason reason = plan_decode(buf, len, &plan, &bad);
    free(buf);
    if (reason != PLAN_OK) {
        send_ctl(MSG_PLAN_REJECTED, (int32_t) bad, reason, 0);
        return EXIT_RUNTIME_FAILURE;
    }
    if (netns_ahead && !plan_takes_netns_ahead(&plan, target)) {
        plan_free(&plan);
        send_ctl(MSG_PLAN_REJECTED, 0, PLAN_NAMESPACES_AHEAD, 0);
        return EXIT_RUNTIME_FAILURE;
    }
    if (netns_ahead_err != 0) {
        plan_free(&plan);
        return clone_failed(netns_ahead_err);
    }
    if (close(SHIM_PLAN_FD) < 0) {
        return clone_failed(errno);
    }
    uint32_t unjoinable = open_cgroup_joins(&plan);
    if (unjoinable != 0) {
        send_ctl(MSG_STEP_FAILED, (int32_t) unjoinable, errno, OP_CGROUP_JOIN);
        return EXIT_RUNTIME_FAILURE;
    }

    /* Blocked from here on in the shim (read through a signalfd); the child unblocks them. */
    sigset_t fwd, old;
    forwarded_signals(&fwd);
    if (sigprocmask(SIG_BLOCK, &fwd, &old) < 0) {
        return clone_failed(errno);
    }
    int go[2], err[2];
    if (pipe2(go, O_CLOEXEC) < 0) {
        return clone_failed(errno);
    }
    if (pipe2(err, O_CLOEXEC) < 0) {
        return clone_failed(errno);
    }
    int fl = fcntl(err[0], F_GETFL);
    if (fl < 0 || fcntl(err[0], F_SETFL, fl | O_NONBLOCK) < 0) {
        return clone_failed(errno);
    }

    int32_t audit_session = new_audit_session();
    /* A network namespace made ahead is the shim's own now: the container process inherits it. */
    uint64_t new_namespaces = netns_ahead ? plan.clone_flags & ~(uint64_t) CLONE_NEWNET : plan.clone_flags;
    if (target >= 0) {
        if (setns(target, (int) plan.clone_flags) < 0) {
            return clone_failed(errno);
        }
        close(target);
        new_namespaces = 0;
    }
    int pidfd = -1;
    /* The runtime writes a new user namespace's maps through /proc/<pid>, whose files belong to
     * the caller only while the process is dumpable (else to root, which an unprivileged caller
     * is not). So the container process is born dumpable (inheriting it closes the race with the
     * runtime's write) until its execve, which decides anew; the shim is so only across the clone,
     * while nothing of the container runs. */
    bool own_userns = (new_namespaces & CLONE_NEWUSER) != 0;
    if (own_userns && prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0) {
        return clone_failed(errno);
    }
    pid_t pid = clone_container(new_namespaces, cgroup_fd, &pidfd);
    if (pid != 0 && own_userns && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
        int err = errno;
        if (pid > 0) {
            kill(pid, SIGKILL); /* it waits for its maps: nothing of it has run */
        }
        return clone_failed(err);
    }
    if (pid < 0) {
        return clone_failed(errno);
    }
    if (pid == 0) {
        /* The container process: keeps only the GO pipe's read end and the error pipe (the
         * pidfd exists only in the shim: the kernel installs it after copying the fd table). */
        if (cgroup_fd >= 0) {
            close(cgroup_fd);
        }
        if (keep_control_for_pty(&plan) < 0 || close(go[1]) < 0 || close(err[0]) < 0
            || prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || sigprocmask(SIG_SETMASK, &old, NULL) < 0) {
            struct step_failure f = { .index = 0, .err = errno, .op = OP_CLONE_FLAGS };
            if (write(err[1], &f, sizeof f) < 0) {
                _exit(EXIT_RUNTIME_FAILURE);
            }
            _exit(EXIT_RUNTIME_FAILURE);
        }
        container_run(&plan, go[0], err[1]);
    }
    bool pause = plan_has_op(&plan, OP_HOOK_PAUSE);
    if (shim_rootfs_tree >= 0) {
        close(shim_rootfs_tree); /* the container's alone */
    }
    if (shim_layer_tree >= 0) {
        close(shim_layer_tree);
    }
    close_cgroup_joins(&plan);
    plan_free(&plan);
    if (cgroup_fd >= 0) {
        close(cgroup_fd);
    }
    if (close(go[0]) < 0 || close(err[1]) < 0) {
        int e = errno;
        syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
        send_ctl(MSG_STEP_FAILED, 0, e, OP_CLONE_FLAGS);
        return supervise(SHIM_CONTROL_FD, pid, pidfd, -1, -1, audit_session, false);
    }
    return supervise(SHIM_CONTROL_FD, pid, pidfd, go[1], err[0], audit_session, pause);
}
