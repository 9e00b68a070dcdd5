#ifndef NUCLEUS_SPAWN_SIGNALS_H
#define NUCLEUS_SPAWN_SIGNALS_H

#include <spawn.h>

/*
 * Makes a posix_spawn attribute start the child with an empty signal mask and every signal at its
 * default: the JVM's mask and ignored signals must not leak into what it spawns. 0 or an errno.
 */
int spawn_default_signals(posix_spawnattr_t *attr);

#endif
