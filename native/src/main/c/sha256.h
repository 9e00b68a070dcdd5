/* SHA-256 (FIPS 180-4) of a file, for rootfs attestation: the JVM's own, interpreted on a start-up
 * tuned launcher, hashes some 15 MB/s; this is compiled. */
#ifndef NUCLEUS_SHA256_H
#define NUCLEUS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LENGTH 32

typedef struct {
    uint32_t state[8];
    uint64_t length;     /* bytes hashed so far */
    uint8_t block[64];
    size_t used;         /* bytes waiting in block */
} sha256_ctx;

void sha256_init(sha256_ctx *ctx);
void sha256_update(sha256_ctx *ctx, const uint8_t *data, size_t len);
void sha256_final(sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_LENGTH]);

#endif
