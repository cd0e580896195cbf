// Portable SGEMM micro-kernel (4 x 8) for CPUs without AVX2; written so that the compiler
// can keep the tile in registers and vectorise it with whatever baseline SIMD it targets.
#include "gemm_kernel.h"
#include "gemm_pack.h"

namespace divergent {
namespace {

constexpr int kMr = 4, kNr = 8;

// A's entry (i, k) is at a[i*a_rs + k*a_cs]: packed (1, kMr) or in place (lda, 1);
// B's row k starts at b + k*b_rs: packed (kNr) or in place (ldb).
template <bool kInPlaceA, bool kInPlaceB>
void micro_4x8(int64_t kc, const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc,
            bool accumulate) {
  const int64_t a_rs = kInPlaceA ? lda : 1, a_cs = kInPlaceA ? 1 : kMr, b_rs = kInPlaceB ? ldb : kNr;
  float acc[kMr][kNr] = {};
  for (int64_t p = 0; p < kc; ++p) {
    for (int i = 0; i < kMr; ++i) {
      for (int j = 0; j < kNr; ++j) acc[i][j] += a[i * a_rs] * b[j];
    }
    a += a_cs;
    b += b_rs;
  }
  for (int i = 0; i < kMr; ++i) {
    for (int j = 0; j < kNr; ++j) c[i * ldc + j] = accumulate ? c[i * ldc + j] + acc[i][j] : acc[i][j];
  }
}

}  // namespace

const GemmKernel& gemm_kernel_scalar() {
  static const GemmKernel k{kMr, kNr, 256, 128, {{micro_4x8<false, false>, micro_4x8<false, true>}, {micro_4x8<true, false>, micro_4x8<true, true>}}, pack_a_strips<kMr>, pack_b_strips<kNr>};
  return k;
}

}  // namespace divergent
