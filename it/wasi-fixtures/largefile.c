// expected: native
// A sparse file with offsets past 2 GiB and 4 GiB.
#include "fixture.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    int fd = open("big.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
    if (fd < 0) { printf("open: %s\n", errname(errno)); return 1; }
    long long off = 3LL * 1024 * 1024 * 1024 + 5;
    printf("lseek: %lld\n", (long long)lseek(fd, off, SEEK_SET));
    printf("write: %zd\n", write(fd, "tail", 4));
    printf("tell: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    struct stat st;
    fstat(fd, &st);
    printf("size: %lld\n", (long long)st.st_size);
    char buf[8] = {0};
    printf("pread at 3GiB+5: %zd [%s]\n", pread(fd, buf, 4, off), buf);
    unsigned char z[4] = {9, 9, 9, 9};
    ssize_t got = pread(fd, z, 4, 1LL << 30);
    printf("pread in the hole: %zd %d%d%d%d\n", got, z[0], z[1], z[2], z[3]);
    printf("lseek end-4: %lld\n", (long long)lseek(fd, -4, SEEK_END));
    printf("pwrite past 4GiB: %zd\n", pwrite(fd, "far", 3, (4LL << 30) + 1));
    fstat(fd, &st);
    printf("size: %lld\n", (long long)st.st_size);
    TRY("ftruncate 5GiB", ftruncate(fd, 5LL << 30));
    fstat(fd, &st);
    printf("size: %lld\n", (long long)st.st_size);
    printf("read at eof: %zd\n", pread(fd, buf, 4, 5LL << 30));
    TRY("ftruncate 10", ftruncate(fd, 10));
    fstat(fd, &st);
    printf("size: %lld\n", (long long)st.st_size);
    close(fd);
    TRY("unlink", unlink("big.bin"));
    return 0;
}
