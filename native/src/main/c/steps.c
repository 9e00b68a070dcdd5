/*
 * The container process: waits for GO, performs the plan's steps in order and execve()s.
 * Each step returns 0 or an errno; the first failure is written to the CLOEXEC error pipe as
 * {index, errno, op} and ends the process with 125 (EXEC: 127 for ENOENT, 126 for
 * EACCES/ENOEXEC). No policy here: the plan says what, in which order.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/close_range.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>

#include "control.h"
#include "scm_rights.h"
#include "shim.h"

/*
 * Paths are resolved with openat2(RESOLVE_NO_SYMLINKS): nothing the plan names may pass through a
 * symlink, so a link planted in a rootfs (or swapped in by another host user) can never redirect a
 * mkdir or a mount onto the host (the lesson of CVE-2021-30465 and CVE-2025-31133). Java hands over
 * canonical paths, so a legitimate plan never meets one. Mounts then go through /proc/self/fd/N.
 */
static int open_resolved(const char *path, int flags, int *fd)
{
    struct open_how how = { .flags = (uint64_t) (flags | O_CLOEXEC),
                            .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
    *fd = (int) syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
    return *fd < 0 ? errno : 0;
}

/* The parent directory of path, opened safely, and the last component. */
static int open_parent(const char *path, int *dirfd, char base[PLAN_MAX_STR + 1])
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL || slash[1] == '\0') {
        return EINVAL;
    }
    char parent[PLAN_MAX_STR + 1];
    size_t len = (size_t) (slash - path);
    memcpy(parent, path, len);
    parent[len == 0 ? 1 : len] = '\0';
    if (len == 0) {
        parent[0] = '/';
    }
    snprintf(base, PLAN_MAX_STR + 1, "%s", slash + 1);
    return open_resolved(parent, O_PATH | O_DIRECTORY, dirfd);
}

/*
 * A remount of a recursive bind changes only the top mount: what is mounted beneath the source
 * keeps its own flags, so a read-only volume or /context with a writable file system inside would
 * stay writable there. The plan marks such a remount MS_REC (which mount(2) ignores with
 * MS_REMOUNT), and the restrictive flags are then added to every mount of the subtree at once.
 * Only added, never cleared: a submount that is stricter on the host stays so.
 */
static int restrict_submounts(int target, unsigned long flags)
{
    struct mount_attr attr = { 0 };
    attr.attr_set = ((flags & MS_RDONLY) ? MOUNT_ATTR_RDONLY : 0) | ((flags & MS_NOSUID) ? MOUNT_ATTR_NOSUID : 0)
            | ((flags & MS_NODEV) ? MOUNT_ATTR_NODEV : 0) | ((flags & MS_NOEXEC) ? MOUNT_ATTR_NOEXEC : 0);
    if (attr.attr_set == 0) {
        return 0;
    }
    if (syscall(SYS_mount_setattr, target, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0) {
        return errno;
    }
    return 0;
}

static int do_mount(const struct plan_step *s)
{
    unsigned long flags = (unsigned long) s->u64[0];
    int target = -1, source = -1, err;
    char target_path[32], source_path[32];
    if ((err = open_resolved(s->str[1], O_PATH, &target)) != 0) {
        return err;
    }
    /* /proc/self/fd needs a mounted /proc: after pivot_root and before the container's own /proc
     * is mounted there is none, but then only this process lives in the new root, so the path
     * just checked cannot change under it. */
    bool by_fd = access("/proc/self/fd", F_OK) == 0;
    snprintf(target_path, sizeof target_path, "/proc/self/fd/%d", target);
    const char *src = s->str[0];
    if (by_fd && (flags & MS_BIND) && !(flags & MS_REMOUNT) && src != NULL && src[0] == '/') {
        if ((err = open_resolved(src, O_PATH, &source)) != 0) {
            close(target);
            return err;
        }
        snprintf(source_path, sizeof source_path, "/proc/self/fd/%d", source);
        src = source_path;
    }
    if (mount(src, by_fd ? target_path : s->str[1], s->str[2], flags, s->str[3]) < 0) {
        err = errno;
    } else if ((flags & (MS_BIND | MS_REMOUNT | MS_REC)) == (MS_BIND | MS_REMOUNT | MS_REC)) {
        err = restrict_submounts(target, flags);
    }
    if (source >= 0) {
        close(source);
    }
    close(target);
    return err;
}

static int do_mkdir(const struct plan_step *s)
{
    int dir;
    char base[PLAN_MAX_STR + 1];
    int err = open_parent(s->str[0], &dir, base);
    if (err != 0) {
        return err;
    }
    if (mkdirat(dir, base, (mode_t) s->u32[0]) < 0) {
        err = errno;
        struct stat st;
        if (err == EEXIST && fstatat(dir, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)) {
            err = 0;
        }
    }
    close(dir);
    return err;
}

static int do_mkfile(const struct plan_step *s)
{
    int dir;
    char base[PLAN_MAX_STR + 1];
    int err = open_parent(s->str[0], &dir, base);
    if (err != 0) {
        return err;
    }
    if (mknodat(dir, base, S_IFREG | ((mode_t) s->u32[0] & 07777), 0) < 0) {
        err = errno;
        struct stat st;
        if (err == EEXIST && fstatat(dir, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
            err = 0;
        }
    }
    close(dir);
    return err;
}

static int do_write_file(const struct plan_step *s)
{
    mode_t mode = (mode_t) s->u32[0] & 07777;
    int dir;
    char base[PLAN_MAX_STR + 1];
    int derr = open_parent(s->str[0], &dir, base);
    if (derr != 0) {
        return derr;
    }
    int fd = openat(dir, base, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
    derr = errno;
    close(dir);
    if (fd < 0) {
        return derr;
    }
    uint32_t done = 0;
    while (done < s->bytes_len) {
        ssize_t n = write(fd, s->bytes + done, s->bytes_len - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            int err = n < 0 ? errno : EIO;
            close(fd);
            return err;
        }
        done += (uint32_t) n;
    }
    /* The mode exactly, whatever the umask; not changed when it is already right: a sysctl's file
     * (written before the mounts) takes its value but refuses any chmod. */
    struct stat st;
    if (fstat(fd, &st) < 0 || ((st.st_mode & 07777) != mode && fchmod(fd, mode) < 0)) {
        int err = errno;
        close(fd);
        return err;
    }
    CHECK(close(fd));
    return 0;
}

static int do_symlink(const struct plan_step *s)
{
    int dir;
    char base[PLAN_MAX_STR + 1];
    int err = open_parent(s->str[1], &dir, base);
    if (err != 0) {
        return err;
    }
    if (symlinkat(s->str[0], dir, base) < 0) {
        err = errno;
        if (err == EEXIST) {
            char have[PLAN_MAX_STR + 1];
            ssize_t n = readlinkat(dir, base, have, sizeof have - 1);
            if (n >= 0) {
                have[n] = '\0';
                if (strcmp(have, s->str[0]) == 0) {
                    err = 0;
                }
            }
        }
    }
    close(dir);
    return err;
}

static int do_pivot_root(const struct plan_step *s)
{
    int root;
    int err = open_resolved(s->str[0], O_PATH | O_DIRECTORY, &root);
    if (err != 0) {
        return err;
    }
    err = fchdir(root) < 0 ? errno : 0;
    close(root);
    if (err != 0) {
        return err;
    }
    if (syscall(SYS_pivot_root, ".", ".") == 0) {
        CHECK(umount2(".", MNT_DETACH));
    } else if (s->u32[0] != 0) {
        CHECK(chroot("."));
    } else {
        return errno;
    }
    CHECK(chdir("/"));
    return 0;
}

/* Opens path through no symlink at all; *fd = -1 when it does not exist. */
static int open_path(const char *path, int *fd, char fdpath[32])
{
    int err = open_resolved(path, O_PATH, fd);
    if (err != 0) {
        *fd = -1;
        return err == ENOENT ? 0 : err;
    }
    snprintf(fdpath, 32, "/proc/self/fd/%d", *fd);
    return 0;
}

static int do_mask_path(const struct plan_step *s)
{
    int fd;
    char fdpath[32];
    int err = open_path(s->str[0], &fd, fdpath);
    if (err != 0 || fd < 0) {
        return err;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        err = errno;
    } else if (S_ISDIR(st.st_mode)) {
        if (mount("tmpfs", fdpath, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0,mode=0555") < 0) {
            err = errno;
        }
    } else if (mount("/dev/null", fdpath, NULL, MS_BIND, NULL) < 0) {
        err = errno;
    }
    close(fd);
    return err;
}

static int do_readonly_path(const struct plan_step *s)
{
    int fd;
    char fdpath[32];
    int err = open_path(s->str[0], &fd, fdpath);
    if (err != 0 || fd < 0) {
        return err;
    }
    if (mount(fdpath, fdpath, NULL, MS_BIND | MS_REC, NULL) < 0) {
        err = errno;
        close(fd);
        return err;
    }
    close(fd);
    /* The fd saw the covered object; reopen to reach the new bind mount on top. */
    err = open_path(s->str[0], &fd, fdpath);
    if (err != 0 || fd < 0) {
        return err != 0 ? err : ENOENT;
    }
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
    struct statvfs vfs; /* keep the atime flags: a user namespace may not change locked ones */
    if (fstatvfs(fd, &vfs) == 0) {
        flags |= vfs.f_flag & (ST_NOATIME | ST_NODIRATIME | ST_RELATIME);
    }
    if (mount(NULL, fdpath, NULL, flags, NULL) < 0) {
        err = errno;
    }
    close(fd);
    return err;
}

/*
 * startContainer hooks: the container stops here (after pivot_root, before the filters and execve),
 * says so on the error pipe, and waits for the byte the shim writes on RESUME. EOF means the JVM
 * gave up: the step fails and the workload never runs.
 */
static int resume_fd = -1;

static int do_hook_pause(int err_fd, uint32_t index)
{
    struct step_failure notice = { .index = (int32_t) index, .err = 0, .op = OP_HOOK_PAUSE | STEP_NOTICE };
    ssize_t n;
    do {
        n = write(err_fd, &notice, sizeof notice);
    } while (n < 0 && errno == EINTR);
    if (n != (ssize_t) sizeof notice) {
        return n < 0 ? errno : EIO;
    }
    char go;
    do {
        n = read(resume_fd, &go, 1);
    } while (n < 0 && errno == EINTR);
    close(resume_fd);
    resume_fd = -1;
    return n == 1 ? 0 : ECANCELED;
}

/*
 * Joins a cgroup v1 hierarchy: "0" to its tasks file (opened by the shim, before the clone) moves
 * this process, and only it. A process moving itself this way skips the threadgroup lock that a
 * move by pid takes for writing, whose first taker after a quiet spell waits a whole RCU grace
 * period (tens of milliseconds) while holding the cgroup mutex.
 */
static int do_cgroup_join(const struct plan_step *s)
{
    int fd = (int) s->u32[0];
    ssize_t n;
    do {
        n = write(fd, "0", 1);
    } while (n < 0 && errno == EINTR);
    int err = n == 1 ? 0 : (n < 0 ? errno : EIO);
    close(fd);
    return err;
}

/*
 * ATTACH_ROOTFS and ATTACH_LAYER: a tree the runtime made (a detached copy of a mount, idmapped
 * by this container's maps: the rootfs's on fd 7, an image layer's on fd 8) goes at the target,
 * in this process's mount namespace. Used once: the fd is closed either way.
 */
static int attach_tree(int *tree, const char *path)
{
    if (*tree < 0) {
        return EBADF; /* the JVM passed no such tree: the fd, if open, is something else */
    }
    int target;
    int err = open_resolved(path, O_PATH | O_DIRECTORY, &target);
    if (err == 0) {
        if (syscall(SYS_move_mount, *tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0) {
            err = errno;
        }
        close(target);
    }
    close(*tree);
    *tree = -1;
    return err;
}

/* The production mount audit, before execve: the mount at path must carry every ST_* flag asked. */
static int do_mount_expect(const struct plan_step *s)
{
    struct statvfs vfs;
    if (statvfs(s->str[0], &vfs) < 0) {
        return errno;
    }
    return (vfs.f_flag & s->u64[0]) == s->u64[0] ? 0 : EPERM;
}

/* SECCOMP and SECCOMP_TRACE: the plan's bytes are a malloc'd, so aligned, sock_filter array. */
static struct sock_fprog filter_program(const struct plan_step *s)
{
    struct sock_fprog prog = {
        .len = (unsigned short) (s->bytes_len / 8),
        .filter = (struct sock_filter *) (void *) s->bytes,
    };
    return prog;
}

static int do_seccomp(const struct plan_step *s)
{
    struct sock_fprog prog = filter_program(s);
    CHECK(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, s->u32[0], &prog));
    return 0;
}

/*
 * Trace mode: a filter answering SECCOMP_RET_USER_NOTIF, whose listener the shim takes with
 * pidfd_getfd. The listener gets the lowest free fd, found here and announced on the error pipe
 * first: after seccomp(2) every syscall waits for the shim, so nothing can be sent any more.
 * The listener is CLOEXEC: the workload never holds it.
 */
static int do_seccomp_trace(const struct plan_step *s, int err_fd, uint32_t index)
{
    int next = fcntl(err_fd, F_DUPFD_CLOEXEC, 0);
    if (next < 0) {
        return errno;
    }
    close(next);
    struct step_failure notice = { .index = (int32_t) index, .err = next, .op = OP_SECCOMP_TRACE | STEP_NOTICE };
    ssize_t n;
    do {
        n = write(err_fd, &notice, sizeof notice);
    } while (n < 0 && errno == EINTR);
    if (n != (ssize_t) sizeof notice) {
        return n < 0 ? errno : EIO;
    }
    struct sock_fprog prog = filter_program(s);
    CHECK(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, s->u32[0] | SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog));
    return 0;
}

/*
 * A pty from the container's own devpts (so ttyname works inside): the slave becomes stdin,
 * stdout and stderr; the master goes to the JVM over the control socket (SCM_RIGHTS), which
 * this process then closes.
 */
static int do_pty_open(const struct plan_step *s)
{
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) {
        return errno;
    }
    int unlock = 0;
    unsigned int n = 0;
    char slave_path[64];
    int err = 0;
    int slave = -1;
    if (ioctl(master, TIOCSPTLCK, &unlock) < 0 || ioctl(master, TIOCGPTN, &n) < 0) {
        err = errno;
        goto out;
    }
    snprintf(slave_path, sizeof slave_path, "/dev/pts/%u", n);
    slave = open(slave_path, O_RDWR | O_NOCTTY);
    struct winsize ws = { .ws_row = (unsigned short) s->u32[0], .ws_col = (unsigned short) s->u32[1] };
    if (slave < 0 || ioctl(master, TIOCSWINSZ, &ws) < 0 || dup2(slave, 0) < 0 || dup2(slave, 1) < 0
        || dup2(slave, 2) < 0) {
        err = errno;
        goto out;
    }
    uint8_t m[CONTROL_MSG_SIZE];
    control_encode(m, MSG_TERMINAL, (int32_t) s->u32[0], (int32_t) s->u32[1], 0);
    err = send_with_fd(SHIM_CONTROL_FD, m, sizeof m, master);
out:
    if (slave > 2) {
        close(slave);
    }
    close(master);
    close(SHIM_CONTROL_FD);
    return err;
}

/*
 * A fresh network namespace has lo down; bring it up so 127.0.0.1 works inside. Up already (the
 * shim brings it up when it makes the namespace ahead): nothing to set.
 */
int do_loopback_up(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return errno;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    int err = 0;
    if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
        err = errno;
    } else if ((ifr.ifr_flags & IFF_UP) == 0) {
        ifr.ifr_flags |= IFF_UP;
        if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0) {
            err = errno;
        }
    }
    close(fd);
    return err;
}

static int run_step(const struct plan_step *s, int err_fd, uint32_t index)
{
    switch (s->op) {
    case OP_MOUNT: return do_mount(s);
    case OP_MKDIR: return do_mkdir(s);
    case OP_MKFILE: return do_mkfile(s);
    case OP_WRITE_FILE: return do_write_file(s);
    case OP_SYMLINK: return do_symlink(s);
    case OP_PIVOT_ROOT: return do_pivot_root(s);
    case OP_SETHOSTNAME:
        CHECK(sethostname(s->str[0] ? s->str[0] : "", s->str[0] ? strlen(s->str[0]) : 0));
        return 0;
    case OP_CHDIR:
        CHECK(chdir(s->str[0]));
        return 0;
    case OP_MAKE_PRIVATE:
        CHECK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
        return 0;
    case OP_MASK_PATH: return do_mask_path(s);
    case OP_READONLY_PATH: return do_readonly_path(s);
    case OP_DROP_BOUNDING: return step_drop_bounding(s);
    case OP_SET_IDENTITY: return step_set_identity(s);
    case OP_CAPSET: return step_capset(s);
    case OP_AMBIENT: return step_ambient(s);
    case OP_RLIMIT: return step_rlimit(s);
    case OP_NO_NEW_PRIVS:
        CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
        return 0;
    case OP_LANDLOCK: return step_landlock(s);
    case OP_CLOSE_FDS: /* the error pipe is CLOEXEC already: it stays usable until execve */
        CHECK(syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC));
        return 0;
    case OP_SECCOMP: return do_seccomp(s);
    case OP_SECCOMP_TRACE: return do_seccomp_trace(s, err_fd, index);
    case OP_MINI_INIT:
        CHECK(mini_init(err_fd));
        return 0;
    case OP_LOOPBACK_UP: return do_loopback_up();
    case OP_PTY_OPEN: return do_pty_open(s);
    case OP_LANDLOCK_SCOPE: return step_landlock_scope(s);
    case OP_LANDLOCK_NET: return step_landlock_net(s);
    case OP_HOOK_PAUSE: return do_hook_pause(err_fd, index);
    case OP_CGROUP_JOIN: return do_cgroup_join(s);
    case OP_ATTACH_ROOTFS: return attach_tree(&shim_rootfs_tree, s->str[0]);
    case OP_ATTACH_LAYER: return attach_tree(&shim_layer_tree, s->str[0]);
    case OP_MOUNT_EXPECT: return do_mount_expect(s);
    case OP_CONTROLLING_TERMINAL: /* a new session whose controlling terminal is stdin (the pty) */
        CHECK(setsid());
        CHECK(ioctl(0, TIOCSCTTY, 0));
        return 0;
    case OP_UNSHARE:
        CHECK(unshare((int) s->u64[0]));
        return 0;
    default:
        return EINVAL; /* the decoder lets no other op through */
    }
}

__attribute__((noreturn)) static void fail(int err_fd, uint32_t index, int err, uint16_t op, int code)
{
    struct step_failure f = { .index = (int32_t) index, .err = err, .op = op };
    ssize_t n;
    do {
        n = write(err_fd, &f, sizeof f); /* < PIPE_BUF: one atomic write */
    } while (n < 0 && errno == EINTR);
    _exit(code);
}

/*
 * GO: one byte from the shim once the JVM has done its part (ids mapped, cgroups joined, network
 * attached, state recorded). EOF means ABORT, or the shim died: the process ends without a record.
 * The pipe stays open (CLOEXEC) when a HOOK_PAUSE will read RESUME from it.
 */
static int go_fd_pending = -1;

static void await_go(const struct plan *plan, int err_fd)
{
    char go;
    ssize_t n;
    do {
        n = read(go_fd_pending, &go, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1 || go != 'G') {
        _exit(EXIT_RUNTIME_FAILURE);
    }
    if (plan_has_op(plan, OP_HOOK_PAUSE)) {
        resume_fd = go_fd_pending; /* CLOEXEC: gone at execve in any case */
    } else if (close(go_fd_pending) < 0) {
        fail(err_fd, 0, errno, OP_CLONE_FLAGS, EXIT_RUNTIME_FAILURE);
    }
    go_fd_pending = -1;
}

/*
 * MAPS: one byte on the same pipe once the JVM has written the user namespace's id maps, before
 * its GO; the steps after AWAIT_MAPS (the mounts, made as the namespace's root) then run while the
 * JVM records the state. EOF (ABORT, or the shim died) ends the process; any other byte (a GO
 * where the maps were awaited) is a failure of this step, reported.
 */
static void await_maps(int err_fd, uint32_t index)
{
    char maps;
    ssize_t n;
    do {
        n = read(go_fd_pending, &maps, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) {
        _exit(EXIT_RUNTIME_FAILURE);
    }
    if (maps != 'M') {
        fail(err_fd, index, EPROTO, OP_AWAIT_MAPS, EXIT_RUNTIME_FAILURE);
    }
}

/*
 * Without an AWAIT_GO record the process waits for GO before its first step. With one, the steps
 * before it (the mounts and pivot_root of a plan without a user namespace or create-time hooks)
 * run while the JVM does its part, and the process waits there.
 */
void container_run(const struct plan *plan, int go_fd, int err_fd)
{
    go_fd_pending = go_fd;
    if (!plan_has_op(plan, OP_AWAIT_GO)) {
        await_go(plan, err_fd);
    }
    for (uint32_t i = 1; i + 1 < plan->count; i++) {
        if (plan->steps[i].op == OP_AWAIT_GO) {
            await_go(plan, err_fd);
            continue;
        }
        if (plan->steps[i].op == OP_AWAIT_MAPS) {
            await_maps(err_fd, i);
            continue;
        }
        int err = run_step(&plan->steps[i], err_fd, i);
        if (err != 0) {
            fail(err_fd, i, err, plan->steps[i].op, EXIT_RUNTIME_FAILURE);
        }
    }
    const struct plan_step *exec = &plan->steps[plan->count - 1];
    execve(exec->str[0], exec->argv, exec->envp);
    int err = errno;
    fail(err_fd, plan->count - 1, err, OP_EXEC, err == ENOENT ? 127 : (err == EACCES || err == ENOEXEC) ? 126 : 125);
}
