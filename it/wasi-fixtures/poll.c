// expected: native (stdin from poll.stdin)
// poll() with a timeout and no descriptors, poll() on stdin, nanosleep.
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(void) {
    long long t0 = now_ms();
    int r = poll(NULL, 0, 50);
    long long dt = now_ms() - t0;
    printf("poll timeout: %d, waited >= 50ms: %s\n", r, dt >= 50 ? "yes" : "no");

    struct pollfd p = {.fd = 0, .events = POLLIN};
    r = poll(&p, 1, 5000);
    printf("poll stdin: %d, readable: %s\n", r, (p.revents & POLLIN) ? "yes" : "no");
    char buf[64] = {0};
    ssize_t n = read(0, buf, sizeof buf - 1);
    printf("read %zd: [%s]\n", n, buf);

    struct pollfd out = {.fd = 1, .events = POLLOUT};
    r = poll(&out, 1, 0);
    printf("poll stdout: %d, writable: %s\n", r, (out.revents & POLLOUT) ? "yes" : "no");

    t0 = now_ms();
    struct timespec ts = {0, 30 * 1000000};
    r = nanosleep(&ts, NULL);
    dt = now_ms() - t0;
    printf("nanosleep: %d, slept >= 30ms: %s\n", r, dt >= 30 ? "yes" : "no");
    return 0;
}
