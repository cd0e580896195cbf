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
  // c[i*ldc + j] (+)= sum_k A(i, k) * B(k, j) for the full mr x nr tile, where
  // micro[0][*] reads a packed A (a[k*mr + i]) and micro[1][*] a row-major A in place
  // (a[i*lda + k]); micro[*][0] a packed B (b[k*nr + j]) and micro[*][1] a row-major B in
  // place (b[k*ldb + j]). The broadcasts of A and the row loads of B cost the same from
  // either layout, so non-transposed operands need no packing (lda/ldb unused if packed).
  using Micro = void (*)(int64_t kc, const float* a, int64_t lda, const float* b, int64_t ldb, float* c,
                         int64_t ldc, bool accumulate);
  Micro micro[2][2];
  // Packs rows [0, m) x cols [0, k) of a matrix whose (i, p) entry is a[i*rs + p*cs].
  void (*pack_a)(int64_t m, int64_t k, const float* a, int64_t rs, int64_t cs, float* out);
  // Packs rows [0, k) x cols [0, n) of a matrix whose (p, j) entry is b[p*rs + j*cs].
  void (*pack_b)(int64_t k, int64_t n, const float* b, int64_t rs, int64_t cs, float* out);
};

const GemmKernel& gemm_kernel_scalar();
const GemmKernel& gemm_kernel_avx2();
const GemmKernel& gemm_kernel_avx512();

}  // namespace divergent
