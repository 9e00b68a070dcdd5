/* Prints the SHA-256 of each file named, as sha256sum does (for sha256_check.sh). */
#include <stdio.h>

#include "sha256.h"

int main(int argc, char **argv)
{
    static uint8_t buffer[1 << 16];
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL) {
            perror(argv[i]);
            return 1;
        }
        sha256_ctx ctx;
        sha256_init(&ctx);
        /* Odd-sized reads, so that blocks straddle the updates. */
        for (size_t n; (n = fread(buffer, 1, 1000 + (size_t) i % 7, f)) > 0;) {
            sha256_update(&ctx, buffer, n);
        }
        fclose(f);
        uint8_t digest[SHA256_DIGEST_LENGTH];
        sha256_final(&ctx, digest);
        for (int j = 0; j < SHA256_DIGEST_LENGTH; j++) {
            printf("%02x", digest[j]);
        }
        printf("  %s\n", argv[i]);
    }
    return 0;
}
