#ifndef NUCLEUS_SCM_RIGHTS_H
#define NUCLEUS_SCM_RIGHTS_H

#include <stddef.h>

/*
 * Sends data (one message) with fd attached by SCM_RIGHTS on socket sock; retries EINTR.
 * Returns 0, or the errno (EPROTO for a short send).
 */
int send_with_fd(int sock, const void *data, size_t len, int fd);

#endif
