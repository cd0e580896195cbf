// Portable SGEMM micro-kernel (4 x 8) for CPUs without AVX2; written so that the compiler
// can keep the tile in registers and vectorise it with whatever baseline SIMD it targets.
#include "gemm_kernel.h"
#include "gemm_pack.h"

namespace divergent {
namespace {

constexpr int kMr = 4, kNr = 8;

// A's entry (i, k) is at a[i*a_rs + k*a_cs]: packed (1, kMr) or row-major (lda, 1).
template <bool kPacked>
void micro_4x8(int64_t kc, const float* a, int64_t lda, const float* b, float* c, int64_t ldc, bool accumulate) {
  const int64_t a_rs = kPacked ? 1 : lda, a_cs = kPacked ? kMr : 1;
  float acc[kMr][kNr] = {};
  for (int64_t p = 0; p < kc; ++p) {
    for (int i = 0; i < kMr; ++i) {
      for (int j = 0; j < kNr; ++j) acc[i][j] += a[i * a_rs] * b[j];
    }
    a += a_cs;
    b += kNr;
  }
  for (int i = 0; i < kMr; ++i) {
    for (int j = 0; j < kNr; ++j) c[i * ldc + j] = accumulate ? c[i * ldc + j] + acc[i][j] : acc[i][j];
  }
}

void micro_packed(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate) {
  micro_4x8<true>(kc, a, kMr, b, c, ldc, accumulate);
}

}  // namespace

const GemmKernel& gemm_kernel_scalar() {
  static const GemmKernel k{kMr, kNr, 256, 128, micro_packed, micro_4x8<false>, pack_a_strips<kMr>, pack_b_strips<kNr>};
  return k;
}

}  // namespace divergent
