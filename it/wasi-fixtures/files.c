// expected: native
// File create/write/read/seek/stat, directories, rename, symlinks, hard links, unlink/rmdir.
#include "fixture.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind(mode_t m) {
    return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "symlink" : "other";
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path) {
    DIR *d = opendir(path);
    if (!d) { printf("opendir %s: %s\n", path, errname(errno)); return; }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        char buf[300];
        const char *t = e->d_type == DT_DIR ? "dir" : e->d_type == DT_REG ? "file" : e->d_type == DT_LNK ? "symlink" : "other";
        snprintf(buf, sizeof buf, "%s (%s)", e->d_name, t);
        names[n++] = strdup(buf);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    printf("%s:", path);
    for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
}

int main(void) {
    FILE *f = fopen("data.txt", "w");
    fputs("line1\nline2\n", f);
    fclose(f);

    char buf[64] = {0};
    int fd = open("data.txt", O_RDWR);
    printf("read %zd: [%s]\n", read(fd, buf, sizeof buf - 1), buf);
    printf("lseek set: %lld\n", (long long)lseek(fd, 2, SEEK_SET));
    printf("write: %zd\n", write(fd, "NE", 2));
    printf("lseek cur: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("lseek end: %lld\n", (long long)lseek(fd, 0, SEEK_END));
    memset(buf, 0, sizeof buf);
    printf("pread %zd: [%s]\n", pread(fd, buf, 5, 0), buf);
    printf("pwrite: %zd\n", pwrite(fd, "L", 1, 6));
    struct stat st;
    fstat(fd, &st);
    printf("fstat: %s size=%lld nlink=%d\n", kind(st.st_mode), (long long)st.st_size, (int)st.st_nlink);
    TRY("ftruncate 3", ftruncate(fd, 3));
    fstat(fd, &st);
    printf("size after truncate: %lld\n", (long long)st.st_size);
    TRY("ftruncate 100", ftruncate(fd, 100));
    fstat(fd, &st);
    printf("size after extend: %lld\n", (long long)st.st_size);
    TRY("ftruncate 12", ftruncate(fd, 12));
    close(fd);
    f = fopen("data.txt", "r");
    memset(buf, 0, sizeof buf);
    fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    printf("content: [%s]\n", buf);

    TRY("open missing", open("missing.txt", O_RDONLY));
    TRY("open excl existing", open("data.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
    TRY("open dir for writing", open(".", O_WRONLY));
    TRY("open file as dir", open("data.txt", O_RDONLY | O_DIRECTORY));
    TRY("mkdir dir", mkdir("dir", 0755));
    TRY("mkdir dir again", mkdir("dir", 0755));
    TRY("mkdir in missing", mkdir("nope/dir", 0755));
    close(open("dir/a", O_CREAT | O_WRONLY, 0644));
    close(open("dir/b", O_CREAT | O_WRONLY, 0644));
    TRY("mkdir dir/sub", mkdir("dir/sub", 0755));
    list("dir");
    TRY("rename a a2", rename("dir/a", "dir/a2"));
    TRY("rename onto existing", rename("dir/b", "dir/a2"));
    list("dir");
    TRY("rename file onto dir", rename("data.txt", "dir"));
    TRY("rename dir onto file", rename("dir", "data.txt"));
    TRY("unlink dir", unlink("dir"));
    TRY("rmdir nonempty", rmdir("dir"));
    TRY("rmdir file", rmdir("data.txt"));
    TRY("stat trailing slash on file", stat("data.txt/", &st));

    TRY("symlink", symlink("data.txt", "link"));
    TRY("symlink dangling", symlink("nowhere", "dangling"));
    TRY("symlink exists", symlink("x", "link"));
    memset(buf, 0, sizeof buf);
    printf("readlink %zd: [%s]\n", readlink("link", buf, sizeof buf), buf);
    TRY("readlink on file", (int)readlink("data.txt", buf, sizeof buf));
    lstat("link", &st);
    printf("lstat link: %s\n", kind(st.st_mode));
    stat("link", &st);
    printf("stat link: %s size=%lld\n", kind(st.st_mode), (long long)st.st_size);
    TRY("stat dangling", stat("dangling", &st));
    TRY("lstat dangling", lstat("dangling", &st));
    fd = open("link", O_RDONLY);
    memset(buf, 0, sizeof buf);
    printf("read through link %zd: [%s]\n", read(fd, buf, 5), buf);
    close(fd);
    TRY("open link O_NOFOLLOW", open("link", O_RDONLY | O_NOFOLLOW));
    TRY("link hard", link("data.txt", "hard"));
    stat("data.txt", &st);
    printf("nlink after link: %d\n", (int)st.st_nlink);
    struct stat st2;
    stat("hard", &st2);
    printf("same inode: %s\n", st.st_ino == st2.st_ino ? "yes" : "no");
    TRY("link dir", link("dir", "dirlink"));
    list(".");

    TRY("unlink link", unlink("link"));
    TRY("unlink dangling", unlink("dangling"));
    TRY("unlink hard", unlink("hard"));
    TRY("unlink data", unlink("data.txt"));
    TRY("unlink missing", unlink("data.txt"));
    TRY("unlink dir/a2", unlink("dir/a2"));
    TRY("rmdir dir/sub", rmdir("dir/sub"));
    TRY("rmdir dir", rmdir("dir"));
    TRY("access dir", access("dir", F_OK));
    list(".");
    return 0;
}
