// expected: native (arguments in exit.args; exits with the code given)
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int code = argc > 1 ? atoi(argv[1]) : 3;
    printf("exiting with %d\n", code);
    fflush(stdout);
    exit(code);
}
