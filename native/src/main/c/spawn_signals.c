#include <signal.h>

#include "spawn_signals.h"

int spawn_default_signals(posix_spawnattr_t *attr)
{
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    int err = posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (err == 0) {
        err = posix_spawnattr_setsigmask(attr, &none);
    }
    if (err == 0) {
        err = posix_spawnattr_setsigdefault(attr, &all);
    }
    return err;
}
