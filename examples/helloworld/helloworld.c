// Writes "Hello World!" into helloworld.txt in the current directory.
// Under WASI the program sees a directory only if the user grants it (--dir .).
#include <stdio.h>

int main(void) {
    FILE *f = fopen("helloworld.txt", "w");
    if (f == NULL) {
        perror("cannot open helloworld.txt");
        return 1;
    }
    fputs("Hello World!\n", f);
    fclose(f);
    puts("wrote helloworld.txt");
    return 0;
}
