// expected: native
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    unsigned char a[32], b[32], zero[32] = {0};
    printf("getentropy: %d\n", getentropy(a, sizeof a));
    printf("getentropy: %d\n", getentropy(b, sizeof b));
    printf("not all zero: %s\n", memcmp(a, zero, sizeof a) ? "yes" : "no");
    printf("two draws differ: %s\n", memcmp(a, b, sizeof a) ? "yes" : "no");
    printf("getentropy 0: %d\n", getentropy(a, 0));
    return 0;
}
