// expected: native (main's return value is the exit code)
#include <stdio.h>

int main(void) {
    printf("returning 7\n");
    return 7;
}
