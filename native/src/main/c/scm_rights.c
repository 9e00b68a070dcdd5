/* Passing descriptors over an AF_UNIX socket: the plan and its fds to the shim, the pty master to the JVM or a console socket. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "scm_rights.h"

int send_with_fds(int sock, const void *data, size_t len, const int *fds, size_t nfds)
{
    if (nfds == 0 || nfds > SCM_RIGHTS_MAX_FDS) {
        return EINVAL;
    }
    struct iovec iov = { .iov_base = (void *) data, .iov_len = len };
    union {
        char buf[CMSG_SPACE(SCM_RIGHTS_MAX_FDS * sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                          .msg_controllen = CMSG_SPACE(nfds * sizeof(int)) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
    memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
    ssize_t n;
    do {
        n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return errno;
    }
    return n == (ssize_t) len ? 0 : EPROTO;
}

int send_with_fd(int sock, const void *data, size_t len, int fd)
{
    return send_with_fds(sock, data, len, &fd, 1);
}
