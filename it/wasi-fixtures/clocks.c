// expected: native
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

int main(void) {
    struct timespec a, b, res;
    clock_gettime(CLOCK_REALTIME, &a);
    printf("realtime after 2020: %s\n", a.tv_sec > 1577836800 ? "yes" : "no");
    printf("time() agrees: %s\n", time(NULL) - a.tv_sec <= 1 ? "yes" : "no");
    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("gettimeofday agrees: %s\n", tv.tv_sec - a.tv_sec <= 1 ? "yes" : "no");
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (volatile int i = 0; i < 1000000; i++) {}
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long d = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    printf("monotonic non-decreasing: %s\n", d >= 0 ? "yes" : "no");
    clock_getres(CLOCK_MONOTONIC, &res);
    printf("monotonic resolution: %lld.%09ld\n", (long long)res.tv_sec, res.tv_nsec);
    clock_getres(CLOCK_REALTIME, &res);
    printf("realtime resolution: %lld.%09ld\n", (long long)res.tv_sec, res.tv_nsec);
    return 0;
}
