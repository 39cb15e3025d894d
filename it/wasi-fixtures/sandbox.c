// expected: reasoned (a native run is not sandboxed; the .stdout is what wasmtime answers)
// Tries to leave the preopened directory every way the guest can; every attempt must fail.
#include "fixture.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    struct stat st;
    char buf[64] = {0};
    close(open("inside.txt", O_CREAT | O_WRONLY, 0644));
    TRY("mkdir sub", mkdir("sub", 0755));
    TRY("open ../escape.txt", open("../escape.txt", O_CREAT | O_WRONLY, 0644));
    TRY("open sub/../../escape.txt", open("sub/../../escape.txt", O_RDONLY));
    TRY("open sub/../inside.txt (stays inside)", open("sub/../inside.txt", O_RDONLY) < 0 ? -1 : 0);
    TRY("open /etc/passwd (inside the grant: no such file)", open("/etc/passwd", O_RDONLY));
    TRY("mkdir ../evil", mkdir("../evil", 0755));
    TRY("stat ..", stat("..", &st));
    TRY("symlink up -> ..", symlink("..", "up"));
    TRY("lstat up", lstat("up", &st));
    printf("up is a symlink: %s\n", S_ISLNK(st.st_mode) ? "yes" : "no");
    TRY("stat up", stat("up", &st));
    TRY("open up/escape.txt", open("up/escape.txt", O_CREAT | O_WRONLY, 0644));
    TRY("mkdir up/evil", mkdir("up/evil", 0755));
    TRY("symlink abs -> /etc", symlink("/etc", "abs"));
    TRY("symlink deep -> sub/../../x", symlink("sub/../../x", "deep"));
    TRY("open deep O_CREAT", open("deep", O_CREAT | O_WRONLY, 0644));
    TRY("symlink chain -> up", symlink("up", "chain"));
    TRY("open chain/x", open("chain/x", O_RDONLY));
    TRY("symlink loop -> loop", symlink("loop", "loop"));
    TRY("open loop", open("loop", O_RDONLY));
    TRY("rename inside.txt ../stolen", rename("inside.txt", "../stolen"));
    TRY("rename inside.txt up/stolen", rename("inside.txt", "up/stolen"));
    TRY("link inside.txt ../hard", link("inside.txt", "../hard"));
    TRY("link up/x here", link("up/x", "here"));
    TRY("unlink ../x", unlink("../x"));
    TRY("rmdir up/x", rmdir("up/x"));
    printf("readlink up: %zd [%s]\n", readlink("up", buf, sizeof buf), buf);
    TRY("unlink up", unlink("up"));
    TRY("unlink deep", unlink("deep"));
    TRY("unlink chain", unlink("chain"));
    TRY("unlink loop", unlink("loop"));
    TRY("unlink inside.txt", unlink("inside.txt"));
    TRY("rmdir sub", rmdir("sub"));
    return 0;
}
