#ifndef NUCLEUS_SCM_RIGHTS_H
#define NUCLEUS_SCM_RIGHTS_H

#include <stddef.h>

#define SCM_RIGHTS_MAX_FDS 5

/*
 * Sends data (one message) with nfds (1 to SCM_RIGHTS_MAX_FDS) descriptors attached by
 * SCM_RIGHTS on socket sock; retries EINTR. Returns 0, or the errno (EPROTO for a short send).
 */
int send_with_fds(int sock, const void *data, size_t len, const int *fds, size_t nfds);

/* send_with_fds with one descriptor. */
int send_with_fd(int sock, const void *data, size_t len, int fd);

#endif
