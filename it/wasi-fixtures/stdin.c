// expected: native (stdin from stdin.stdin)
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    char line[256];
    int n = 0;
    size_t bytes = 0;
    while (fgets(line, sizeof line, stdin)) {
        n++;
        bytes += strlen(line);
        for (char *p = line; *p; p++) *p = (char)toupper((unsigned char)*p);
        printf("%d: %s", n, line);
    }
    printf("lines=%d bytes=%zu eof=%d\n", n, bytes, feof(stdin) ? 1 : 0);
    return 0;
}
