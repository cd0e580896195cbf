// Portable SGEMM micro-kernel (4 x 8) for CPUs without AVX2; written so that the compiler
// can keep the tile in registers and vectorise it with whatever baseline SIMD it targets.
#include "gemm_kernel.h"
#include "gemm_pack.h"

namespace divergent {
namespace {

constexpr int kMr = 4, kNr = 8;

void micro_4x8(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate) {
  float acc[kMr][kNr] = {};
  for (int64_t p = 0; p < kc; ++p) {
    for (int i = 0; i < kMr; ++i) {
      for (int j = 0; j < kNr; ++j) acc[i][j] += a[i] * b[j];
    }
    a += kMr;
    b += kNr;
  }
  for (int i = 0; i < kMr; ++i) {
    for (int j = 0; j < kNr; ++j) c[i * ldc + j] = accumulate ? c[i * ldc + j] + acc[i][j] : acc[i][j];
  }
}

}  // namespace

const GemmKernel& gemm_kernel_scalar() {
  static const GemmKernel k{kMr, kNr, 256, 128, micro_4x8, pack_a_strips<kMr>, pack_b_strips<kNr>};
  return k;
}

}  // namespace divergent
