/* A SIMD-heavy kernel in two spellings of the same computation: wasm_simd128.h intrinsics when
 * built with -msimd128 (__wasm_simd128__), plain scalar C otherwise. Both do the same arithmetic in
 * the same order (the f32 sums keep four lane accumulators in the scalar path too), so every build
 * prints the same checksum line: wasm SIMD, wasm scalar and native.
 *
 * Three parts per round, over arrays small enough to stay in cache:
 *   f32  saxpy-like update y = y*0.5 + a*x, then the dot product x.y     (f32x4 mul/add)
 *   u8   brightness/contrast of an 8-bit image with saturating add/sub, blended (rounding
 *        average) with a second image, min/max clamp, pixel sum           (i8x16 sat ops, avgr,
 *        min/max, extadd_pairwise)
 *   i32  an integer hash (xor-shift-multiply, lowbias32) of every word    (i32x4 mul/shr/xor/add)
 *
 * Usage: simdkernel [rounds] [n] [parts]   (n elements per array, a multiple of 16; parts a bit mask,
 * 1 f32, 2 u8, 4 i32, for profiling one part alone; default 4000 8192 7) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

/* One function per part, as a real program would have them (and a JIT compiles them one by one,
 * rather than main as a whole). */
#define NOINLINE __attribute__((noinline))

static uint32_t lcg_state = 12345u;
static uint32_t lcg(void) {
    lcg_state = lcg_state * 1103515245u + 12345u;
    return lcg_state >> 8;
}

static uint32_t float_bits(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static uint32_t mix(uint32_t h, uint32_t v) {
    h ^= v;
    h *= 0x9E3779B1u;
    return h ^ (h >> 15);
}

/* ---- f32: y = y*0.5 + a*x, returns the dot product x.y ---- */
NOINLINE static float f32_round(const float *x, float *y, int n, float a) {
#ifdef __wasm_simd128__
    v128_t va = wasm_f32x4_splat(a), half = wasm_f32x4_splat(0.5f);
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int i = 0; i < n; i += 4) {
        v128_t vx = wasm_v128_load(x + i);
        v128_t vy = wasm_v128_load(y + i);
        vy = wasm_f32x4_add(wasm_f32x4_mul(vy, half), wasm_f32x4_mul(va, vx));
        wasm_v128_store(y + i, vy);
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(vx, vy));
    }
    return (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
           (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
#else
    float acc[4] = {0, 0, 0, 0};
    for (int i = 0; i < n; i += 4) {
        for (int j = 0; j < 4; j++) {
            float vy = y[i + j] * 0.5f + a * x[i + j];
            y[i + j] = vy;
            acc[j] += x[i + j] * vy;
        }
    }
    return (acc[0] + acc[1]) + (acc[2] + acc[3]);
#endif
}

/* ---- u8: img = clamp(avgr(subsat(addsat(img, bright), dark), other), lo, hi); returns the pixel sum ---- */
#ifndef __wasm_simd128__
static inline uint8_t add_sat_u8(uint8_t a, uint8_t b) { unsigned s = a + b; return s > 255 ? 255 : (uint8_t)s; }
static inline uint8_t sub_sat_u8(uint8_t a, uint8_t b) { return a > b ? (uint8_t)(a - b) : 0; }
#endif

NOINLINE static uint32_t u8_round(uint8_t *img, const uint8_t *other, int n, uint8_t bright, uint8_t dark,
                         uint8_t lo, uint8_t hi) {
#ifdef __wasm_simd128__
    v128_t vb = wasm_u8x16_splat(bright), vd = wasm_u8x16_splat(dark);
    v128_t vlo = wasm_u8x16_splat(lo), vhi = wasm_u8x16_splat(hi);
    v128_t sum = wasm_i32x4_splat(0);
    for (int i = 0; i < n; i += 16) {
        v128_t p = wasm_v128_load(img + i);
        v128_t q = wasm_v128_load(other + i);
        p = wasm_u8x16_sub_sat(wasm_u8x16_add_sat(p, vb), vd);
        p = wasm_u8x16_avgr(p, q);
        p = wasm_u8x16_min(wasm_u8x16_max(p, vlo), vhi);
        wasm_v128_store(img + i, p);
        sum = wasm_i32x4_add(sum, wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(p)));
    }
    return wasm_i32x4_extract_lane(sum, 0) + wasm_i32x4_extract_lane(sum, 1) +
           wasm_i32x4_extract_lane(sum, 2) + wasm_i32x4_extract_lane(sum, 3);
#else
    uint32_t sum = 0;
    for (int i = 0; i < n; i++) {
        uint8_t p = sub_sat_u8(add_sat_u8(img[i], bright), dark);
        p = (uint8_t)((p + other[i] + 1) >> 1);
        if (p < lo) p = lo;
        if (p > hi) p = hi;
        img[i] = p;
        sum += p;
    }
    return sum;
#endif
}

/* ---- i32: w = lowbias32(w) + seed for every word; returns the xor of the results ---- */
NOINLINE static uint32_t i32_round(uint32_t *w, int n, uint32_t seed) {
#ifdef __wasm_simd128__
    v128_t vs = wasm_i32x4_splat((int32_t)seed);
    v128_t m1 = wasm_i32x4_splat(0x7feb352d), m2 = wasm_i32x4_splat((int32_t)0x846ca68bu);
    v128_t acc = wasm_i32x4_splat(0);
    for (int i = 0; i < n; i += 4) {
        v128_t h = wasm_v128_load(w + i);
        h = wasm_v128_xor(h, wasm_u32x4_shr(h, 16));
        h = wasm_i32x4_mul(h, m1);
        h = wasm_v128_xor(h, wasm_u32x4_shr(h, 15));
        h = wasm_i32x4_mul(h, m2);
        h = wasm_v128_xor(h, wasm_u32x4_shr(h, 16));
        h = wasm_i32x4_add(h, vs);
        wasm_v128_store(w + i, h);
        acc = wasm_v128_xor(acc, h);
    }
    return (uint32_t)(wasm_i32x4_extract_lane(acc, 0) ^ wasm_i32x4_extract_lane(acc, 1) ^
                      wasm_i32x4_extract_lane(acc, 2) ^ wasm_i32x4_extract_lane(acc, 3));
#else
    uint32_t acc = 0;
    for (int i = 0; i < n; i++) {
        uint32_t h = w[i];
        h ^= h >> 16;
        h *= 0x7feb352du;
        h ^= h >> 15;
        h *= 0x846ca68bu;
        h ^= h >> 16;
        h += seed;
        w[i] = h;
        acc ^= h;
    }
    return acc;
#endif
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 4000;
    int n = argc > 2 ? atoi(argv[2]) : 8192;
    int parts = argc > 3 ? atoi(argv[3]) : 7;
    if (rounds < 1 || n < 16 || n % 16 != 0) {
        fprintf(stderr, "usage: simdkernel [rounds] [n, a multiple of 16] [parts]\n");
        return 2;
    }
    float *x = aligned_alloc(16, n * sizeof(float)), *y = aligned_alloc(16, n * sizeof(float));
    uint8_t *img = aligned_alloc(16, n), *other = aligned_alloc(16, n);
    uint32_t *w = aligned_alloc(16, n * sizeof(uint32_t));
    for (int i = 0; i < n; i++) {
        x[i] = (float)(lcg() & 0xFFFF) / 65536.0f - 0.5f;
        y[i] = (float)(lcg() & 0xFFFF) / 65536.0f - 0.5f;
        img[i] = (uint8_t)lcg();
        other[i] = (uint8_t)lcg();
        w[i] = lcg() ^ (lcg() << 16);
    }
    uint32_t hf = 0, hu = 0, hi = 0;
    for (int r = 0; r < rounds; r++) {
        float a = (float)((r * 37) % 101) / 64.0f - 0.75f;
        if (parts & 1) hf = mix(hf, float_bits(f32_round(x, y, n, a)));
        uint8_t bright = (uint8_t)((r * 7) & 63), dark = (uint8_t)((r * 13) & 63);
        uint8_t lo = (uint8_t)(r & 15), hiv = (uint8_t)(255 - ((r * 3) & 31));
        if (parts & 2) hu = mix(hu, u8_round(img, other, n, bright, dark, lo, hiv));
        /* the image drifts to a fixed point; a changing second image keeps it moving */
        other[(r * 97) % n] ^= (uint8_t)r;
        if (parts & 4) hi = mix(hi, i32_round(w, n, (uint32_t)r * 0x9E3779B9u));
    }
    printf("simdkernel rounds=%d n=%d f32=%08x u8=%08x i32=%08x\n", rounds, n, hf, hu, hi);
    return 0;
}
