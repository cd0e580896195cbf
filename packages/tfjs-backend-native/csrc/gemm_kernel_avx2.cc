// AVX2+FMA SGEMM micro-kernel: a 6 x 16 tile held in 12 ymm accumulators; per k step two
// loads of B and six broadcasts of A feed twelve FMAs (the tile shape of BLIS's Haswell kernel).
#include <immintrin.h>

#include "gemm_kernel.h"
#include "gemm_pack.h"

namespace divergent {
namespace {

constexpr int kMr = 6, kNr = 16;

// A's entry (i, k) is at a[i*a_rs + k*a_cs]: packed (1, kMr) or in place (lda, 1);
// B's row k starts at b + k*b_rs: packed (kNr) or in place (ldb).
template <bool kInPlaceA, bool kInPlaceB>
void micro_6x16(int64_t kc, const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc,
            bool accumulate) {
  const int64_t a_rs = kInPlaceA ? lda : 1, a_cs = kInPlaceA ? 1 : kMr, b_rs = kInPlaceB ? ldb : kNr;
  const float* a1 = a + a_rs;
  const float* a2 = a + 2 * a_rs;
  const float* a3 = a + 3 * a_rs;
  const float* a4 = a + 4 * a_rs;
  const float* a5 = a + 5 * a_rs;
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  // Unrolled four k steps deep: the loop's counter and pointer updates otherwise take
  // issue slots from the FMAs (~6% of the kernel's rate on Zen 3, measured in isolation).
#pragma GCC unroll 4
  for (int64_t p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_loadu_ps(b);
    const __m256 b1 = _mm256_loadu_ps(b + 8);
    __m256 av = _mm256_broadcast_ss(a);
    c00 = _mm256_fmadd_ps(av, b0, c00);
    c01 = _mm256_fmadd_ps(av, b1, c01);
    av = _mm256_broadcast_ss(a1);
    c10 = _mm256_fmadd_ps(av, b0, c10);
    c11 = _mm256_fmadd_ps(av, b1, c11);
    av = _mm256_broadcast_ss(a2);
    c20 = _mm256_fmadd_ps(av, b0, c20);
    c21 = _mm256_fmadd_ps(av, b1, c21);
    av = _mm256_broadcast_ss(a3);
    c30 = _mm256_fmadd_ps(av, b0, c30);
    c31 = _mm256_fmadd_ps(av, b1, c31);
    av = _mm256_broadcast_ss(a4);
    c40 = _mm256_fmadd_ps(av, b0, c40);
    c41 = _mm256_fmadd_ps(av, b1, c41);
    av = _mm256_broadcast_ss(a5);
    c50 = _mm256_fmadd_ps(av, b0, c50);
    c51 = _mm256_fmadd_ps(av, b1, c51);
    a += a_cs;
    a1 += a_cs;
    a2 += a_cs;
    a3 += a_cs;
    a4 += a_cs;
    a5 += a_cs;
    b += b_rs;
  }
  const __m256 rows[kMr][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  for (int i = 0; i < kMr; ++i) {
    float* ci = c + i * ldc;
    __m256 r0 = rows[i][0], r1 = rows[i][1];
    if (accumulate) {
      r0 = _mm256_add_ps(r0, _mm256_loadu_ps(ci));
      r1 = _mm256_add_ps(r1, _mm256_loadu_ps(ci + 8));
    }
    _mm256_storeu_ps(ci, r0);
    _mm256_storeu_ps(ci + 8, r1);
  }
}

// Packs B stored transposed (entry (p, j) at b[p + j*cs]: a weight matrix in a backward
// product) 8 x 8 blocks at a time: eight rows of the stored matrix are loaded as vectors and
// transposed in registers, instead of gathering every packed row from sixteen scalars.
void pack_b_transposed(int64_t k, int64_t n, const float* b, int64_t rs, int64_t cs, float* out) {
  if (rs != 1) return pack_b_strips<kNr>(k, n, b, rs, cs, out);
  const int64_t full = n / kNr * kNr, k8 = k / 8 * 8;
  for (int64_t j0 = 0; j0 < full; j0 += kNr, out += k * kNr) {
    for (int half = 0; half < 2; ++half) {
      const float* src = b + (j0 + 8 * half) * cs;
      for (int64_t p = 0; p < k8; p += 8) {
        __m256 r[8];
        for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(src + i * cs + p);
        // Interleave pairs, then quads, then swap 128-bit lanes: row i of the result holds
        // column i of the 8 x 8 block.
        __m256 t[8];
        for (int i = 0; i < 8; i += 2) {
          t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
          t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
        }
        for (int i = 0; i < 8; i += 4) {
          r[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
          r[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
          r[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
          r[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
        }
        const __m256 col[8] = {
            _mm256_permute2f128_ps(r[0], r[4], 0x20), _mm256_permute2f128_ps(r[1], r[5], 0x20),
            _mm256_permute2f128_ps(r[2], r[6], 0x20), _mm256_permute2f128_ps(r[3], r[7], 0x20),
            _mm256_permute2f128_ps(r[0], r[4], 0x31), _mm256_permute2f128_ps(r[1], r[5], 0x31),
            _mm256_permute2f128_ps(r[2], r[6], 0x31), _mm256_permute2f128_ps(r[3], r[7], 0x31)};
        for (int i = 0; i < 8; ++i) _mm256_storeu_ps(out + (p + i) * kNr + 8 * half, col[i]);
      }
      for (int64_t p = k8; p < k; ++p) {
        for (int j = 0; j < 8; ++j) out[p * kNr + 8 * half + j] = src[j * cs + p];
      }
    }
  }
  if (full < n) pack_b_strips<kNr>(k, n - full, b + full * cs, rs, cs, out);
}

}  // namespace

const GemmKernel& gemm_kernel_avx2() {
  static const GemmKernel k{kMr, kNr, 256, 120, {{micro_6x16<false, false>, micro_6x16<false, true>}, {micro_6x16<true, false>, micro_6x16<true, true>}}, pack_a_strips<kMr>, pack_b_transposed};
  return k;
}

}  // namespace divergent
