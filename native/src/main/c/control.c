/*
 * The shim's side of the control protocol after the clone: one poll loop over the control
 * socket, a signalfd for the shim's own forwarded signals, the container's pidfd and the
 * error pipe. Fails closed: if the JVM end goes away before EXIT, the container is killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <stdbool.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "control.h"
#include "shim.h"
#include "trace.h"

struct sup {
    int ctl; /* -1 once the JVM end is gone */
    pid_t pid;
    int pidfd;
    int go_w; /* -1 once GO or ABORT was handled */
    int err_r; /* -1 once the outcome of the steps is known */
    bool go_sent;
    bool pause; /* the plan holds HOOK_PAUSE: the GO pipe stays open until RESUME */
    struct trace *trace; /* trace mode: the listener once attached, and the counts */
};

static void kill_container(struct sup *s, int sig)
{
    if (syscall(SYS_pidfd_send_signal, s->pidfd, sig, NULL, 0) < 0 && errno != ESRCH) {
        kill(s->pid, sig); /* still our unreaped child: the pid cannot have been reused */
    }
}

static void lost_jvm(struct sup *s)
{
    if (s->ctl >= 0) {
        close(s->ctl);
        s->ctl = -1;
    }
    kill_container(s, SIGKILL);
}

static void send_msg(struct sup *s, uint32_t type, int32_t a, int32_t b, int32_t c)
{
    if (s->ctl < 0) {
        return;
    }
    uint8_t m[CONTROL_MSG_SIZE];
    control_encode(m, type, a, b, c);
    ssize_t n;
    do {
        n = send(s->ctl, m, sizeof m, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n != (ssize_t) sizeof m) {
        lost_jvm(s);
    }
}

/* The container process announced its trace listener's fd number: take it, or fail closed. */
static void begin_trace(struct sup *s, int32_t index, int32_t fd_number)
{
    int err = trace_attach(s->trace, s->pidfd, fd_number, s->err_r);
    if (err == 0 || err == ECANCELED) {
        return; /* attached, or the process failed first and its own record or exit says why */
    }
    kill_container(s, SIGKILL);
    send_msg(s, MSG_STEP_FAILED, index, err, OP_SECCOMP_TRACE);
    close(s->err_r);
    s->err_r = -1;
}

/* Trace mode, after the container is gone: one count per syscall seen, before EXIT. */
static void report_trace(struct sup *s)
{
    for (int nr = 0; nr < TRACE_MAX_NR; nr++) {
        uint64_t c = s->trace->counts[nr];
        if (c != 0) {
            send_msg(s, MSG_TRACE_COUNT, nr, (int32_t) (uint32_t) c, (int32_t) (uint32_t) (c >> 32));
        }
    }
}

/* Reads the steps' outcome: a failure record, or EOF (execve closed the pipe). */
static void read_outcome(struct sup *s)
{
    struct step_failure f;
    ssize_t n;
    do {
        n = read(s->err_r, &f, sizeof f);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && errno == EAGAIN) {
        return;
    }
    if (n == (ssize_t) sizeof f && f.op == (OP_HOOK_PAUSE | STEP_NOTICE)) {
        send_msg(s, MSG_PAUSED, f.index, 0, 0);
        return; /* a notice: the container waits for RESUME */
    }
    if (n == (ssize_t) sizeof f && f.op == (OP_SECCOMP_TRACE | STEP_NOTICE)) {
        begin_trace(s, f.index, f.err);
        return; /* a notice, not the outcome: the pipe stays open */
    }
    if (n == (ssize_t) sizeof f) {
        send_msg(s, MSG_STEP_FAILED, f.index, f.err, f.op);
    } else if (n == 0 && s->go_sent) {
        send_msg(s, MSG_EXECED, 0, 0, 0);
    }
    close(s->err_r);
    s->err_r = -1;
}

/*
 * One byte on the GO pipe. The container process may have ended already (a step before
 * AWAIT_GO failed, or it was killed): the write then fails with EPIPE, and the SIGPIPE that comes
 * with it, blocked around the write and taken back, must not end the shim. (Ignoring SIGPIPE is
 * no way out: the container process would inherit the disposition across execve.)
 */
static ssize_t write_go(int fd, char c)
{
    sigset_t pipe_only, old;
    if (sigemptyset(&pipe_only) < 0 || sigaddset(&pipe_only, SIGPIPE) < 0
        || sigprocmask(SIG_BLOCK, &pipe_only, &old) < 0) {
        errno = EINVAL;
        return -1; /* cannot write safely: the caller kills the container, as for a failed write */
    }
    ssize_t w;
    do {
        w = write(fd, &c, 1);
    } while (w < 0 && errno == EINTR);
    int err = errno;
    if (w < 0 && err == EPIPE) {
        struct timespec now = { 0, 0 };
        while (sigtimedwait(&pipe_only, NULL, &now) < 0 && errno == EINTR) {
        }
    }
    if (sigprocmask(SIG_SETMASK, &old, NULL) < 0) {
        /* the mask cannot have become invalid since it was read: nothing else to do */
    }
    errno = err;
    return w;
}

static void close_go(struct sup *s)
{
    if (s->go_w >= 0) {
        close(s->go_w);
        s->go_w = -1;
    }
}

static void on_control(struct sup *s)
{
    uint8_t m[CONTROL_MSG_SIZE + 1];
    ssize_t n = recv(s->ctl, m, sizeof m, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return;
    }
    if (n <= 0) {
        lost_jvm(s); /* EOF or error before EXIT: the runtime died, fail closed */
        return;
    }
    if (n != CONTROL_MSG_SIZE) {
        return; /* not a v1 message: ignored */
    }
    int32_t v[4];
    control_decode(m, v);
    switch (v[0]) {
    case MSG_GO:
        if (s->go_w >= 0) {
            ssize_t w = write_go(s->go_w, 'G');
            s->go_sent = w == 1;
            if (!s->pause || !s->go_sent) {
                close_go(s);
            }
            if (!s->go_sent) {
                kill_container(s, SIGKILL);
            }
        }
        break;
    case MSG_MAPS:
        /* Before GO only: once GO went, the container reads nothing more but RESUME. */
        if (s->go_w >= 0 && !s->go_sent && write_go(s->go_w, 'M') != 1) {
            close_go(s);
            kill_container(s, SIGKILL);
        }
        break;
    case MSG_RESUME:
        if (s->go_w >= 0 && s->go_sent) {
            ssize_t w = write_go(s->go_w, 'R');
            close_go(s);
            if (w != 1) {
                kill_container(s, SIGKILL);
            }
        }
        break;
    case MSG_ABORT:
        /* Kill first: with the GO pipe closed first, the child could _exit(125) before it. */
        kill_container(s, SIGKILL);
        close_go(s);
        break;
    case MSG_SIGNAL:
        if (v[1] > 0 && v[1] < 65) {
            kill_container(s, v[1]);
        }
        break;
    default:
        break; /* shim-to-JVM types and unknown types are ignored */
    }
}

int supervise(int ctl, pid_t pid, int pidfd, int go_w, int err_r, int32_t audit_session, bool pause)
{
    static struct trace tracer;
    trace_init(&tracer);
    struct sup s = { .ctl = ctl, .pid = pid, .pidfd = pidfd, .go_w = go_w, .err_r = err_r, .go_sent = false,
                     .pause = pause, .trace = &tracer };
    sigset_t fwd;
    forwarded_signals(&fwd);
    int sfd = signalfd(-1, &fwd, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) {
        kill_container(&s, SIGKILL); /* cannot supervise: fail closed, EXIT still reported */
    }
    send_msg(&s, MSG_PID, pid, audit_session, 0);

    for (;;) {
        struct pollfd p[5] = {
            { .fd = s.ctl, .events = POLLIN },
            { .fd = sfd, .events = POLLIN },
            { .fd = s.err_r, .events = POLLIN },
            { .fd = s.pidfd, .events = POLLIN },
            { .fd = tracer.listener, .events = POLLIN },
        };
        if (poll(p, 5, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            kill_container(&s, SIGKILL);
            p[3].revents = POLLIN; /* fall through to reaping */
        }
        if (tracer.listener >= 0 && (p[4].revents & POLLIN)) {
            trace_answer(&tracer); /* first: a traced task may be blocked in the very step we await */
        } else if (tracer.listener >= 0 && (p[4].revents & (POLLHUP | POLLERR))) {
            trace_detach(&tracer);
        }
        if (s.err_r >= 0 && (p[2].revents & (POLLIN | POLLHUP | POLLERR))) {
            read_outcome(&s);
        }
        if (s.ctl >= 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            on_control(&s);
        }
        if (sfd >= 0 && (p[1].revents & POLLIN)) {
            struct signalfd_siginfo si;
            while (read(sfd, &si, sizeof si) == (ssize_t) sizeof si) {
                kill_container(&s, (int) si.ssi_signo);
            }
        }
        if (p[3].revents & (POLLIN | POLLHUP | POLLERR)) {
            break;
        }
    }

    if (s.err_r >= 0) {
        read_outcome(&s); /* non-blocking: a record or EOF that is already there */
    }
    int status;
    pid_t r;
    do {
        r = waitpid(pid, &status, 0);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        return EXIT_RUNTIME_FAILURE;
    }
    report_trace(&s);
    trace_detach(&tracer);
    send_msg(&s, MSG_EXIT, status, 0, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
