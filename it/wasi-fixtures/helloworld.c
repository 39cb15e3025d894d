// expected: native
// Writes helloworld.txt into the current directory (the preopen named ".").
#include <stdio.h>

int main(void) {
    FILE *f = fopen("helloworld.txt", "w");
    if (!f) {
        perror("fopen");
        return 1;
    }
    fputs("Hello World!", f);
    fclose(f);
    return 0;
}
