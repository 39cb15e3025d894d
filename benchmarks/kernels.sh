# Sourced by run-kernels.sh and run-ab.sh: the benchmark kernels and their arguments (the defaults
# of ../shared/bench/README.md, ~1-2 s native each, or with mode=quick small ones, ~0.1 s), and
# the two helpers both time with.
all_kernels=(calls crc32 fannkuch mandelbrot matmul nbody sha256 sieve sort strings)
declare -A ARGS=(
  [calls]="42 150" [crc32]="4096 100" [fannkuch]="11" [mandelbrot]="4000" [matmul]="500 60"
  [nbody]="40000 128" [sha256]="1024 300" [sieve]="20000000 90" [sort]="2000000 3" [strings]="200000 8"
  [startup]="1000")
if [ "${mode:-default}" = quick ]; then
  ARGS=(
    [calls]="34 10" [crc32]="1024 20" [fannkuch]="10" [mandelbrot]="1000" [matmul]="300 10"
    [nbody]="1500 128" [sha256]="1024 20" [sieve]="5000000 15" [sort]="200000 2" [strings]="12000 8"
    [startup]="1000")
fi

now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; } # the wall clock in microseconds
median() { sort -g | awk '{v[NR]=$1} END {print NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; } # of the numbers on stdin
