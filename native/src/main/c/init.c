/*
 * MINI_INIT: the container process forks; the parent stays behind as init (PID 1 in a new PID
 * namespace): it reaps every child, forwards TERM, INT, HUP, QUIT, USR1, USR2 and WINCH to the
 * workload, and exits with the workload's status (code, or 128+signal: a namespace's init
 * cannot be killed by its own signals). The child returns and goes on with the next step.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shim.h"

void forwarded_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGQUIT);
    sigaddset(set, SIGUSR1);
    sigaddset(set, SIGUSR2);
    sigaddset(set, SIGWINCH);
}

__attribute__((noreturn)) static void init_loop(pid_t workload, const sigset_t *wait_set)
{
    for (;;) {
        siginfo_t si;
        int sig = sigwaitinfo(wait_set, &si);
        if (sig < 0) {
            if (errno == EINTR) {
                continue;
            }
            _exit(EXIT_RUNTIME_FAILURE);
        }
        if (sig != SIGCHLD) {
            kill(workload, sig); /* ESRCH: already gone, its SIGCHLD is queued */
            continue;
        }
        for (;;) {
            int status;
            pid_t p = waitpid(-1, &status, WNOHANG);
            if (p < 0 && errno == EINTR) {
                continue;
            }
            if (p <= 0) {
                break; /* none left to reap (ECHILD), or none exited yet */
            }
            if (p == workload) {
                _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
            }
        }
    }
}

int mini_init(int err_fd)
{
    sigset_t wait_set, old;
    forwarded_signals(&wait_set);
    sigaddset(&wait_set, SIGCHLD);
    /* Blocked before the fork: a signal that arrives meanwhile is queued for sigwaitinfo. */
    if (sigprocmask(SIG_BLOCK, &wait_set, &old) < 0) {
        return -1;
    }
    pid_t child = fork();
    if (child < 0) {
        int err = errno;
        sigprocmask(SIG_SETMASK, &old, NULL);
        errno = err;
        return -1;
    }
    if (child == 0) {
        return sigprocmask(SIG_SETMASK, &old, NULL);
    }
    /* The workload's execve must close the last copy of the error pipe (the shim's EXECED). */
    close(err_fd);
    init_loop(child, &wait_set);
}
