// The pieces one instruction set contributes to SGEMM: a register-blocked MR x NR
// micro-kernel and the routines that pack A and B into the layout it streams.
//
// Packed A (an mc x kc block): MR-row strips, each kc columns of MR contiguous values.
// Packed B (a kc x nc block): NR-column strips, each kc rows of NR contiguous values.
// Partial strips are zero-padded, so the micro-kernel always computes a full tile.
#pragma once

#include <cstdint>

namespace divergent {

struct GemmKernel {
  int mr, nr;  // register tile
  int kc, mc;  // cache blocking: kc x nr strip of B fits L1, mc x kc block of A fits L2
  // c[i*ldc + j] (+)= sum_k a[k*mr + i] * b[k*nr + j] for the full mr x nr tile.
  void (*micro)(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate);
  // The same with A read in place from a row-major matrix: a[i*lda + k]. The broadcasts
  // cost the same from either layout, so a non-transposed A needs no packing.
  void (*micro_rows)(int64_t kc, const float* a, int64_t lda, const float* b, float* c, int64_t ldc, bool accumulate);
  // Packs rows [0, m) x cols [0, k) of a matrix whose (i, p) entry is a[i*rs + p*cs].
  void (*pack_a)(int64_t m, int64_t k, const float* a, int64_t rs, int64_t cs, float* out);
  // Packs rows [0, k) x cols [0, n) of a matrix whose (p, j) entry is b[p*rs + j*cs].
  void (*pack_b)(int64_t k, int64_t n, const float* b, int64_t rs, int64_t cs, float* out);
};

const GemmKernel& gemm_kernel_scalar();
const GemmKernel& gemm_kernel_avx2();
const GemmKernel& gemm_kernel_avx512();

}  // namespace divergent
