// Packing routines shared by every instruction set; each kernel's translation unit
// instantiates them for its tile, so they are compiled with its vector instructions.
#pragma once

#include <cstdint>
#include <cstring>

namespace divergent {

template <int MR>
void pack_a_strips(int64_t m, int64_t k, const float* a, int64_t rs, int64_t cs, float* out) {
  for (int64_t i0 = 0; i0 < m; i0 += MR) {
    const int rows = static_cast<int>(m - i0 < MR ? m - i0 : MR);
    const float* src = a + i0 * rs;
    if (rows == MR && rs == 1) {
      // A stored transposed: each column of the strip is contiguous.
      for (int64_t p = 0; p < k; ++p) std::memcpy(out + p * MR, src + p * cs, MR * sizeof(float));
    } else if (rows == MR) {
      for (int64_t p = 0; p < k; ++p) {
        for (int i = 0; i < MR; ++i) out[p * MR + i] = src[i * rs + p * cs];
      }
    } else {
      for (int64_t p = 0; p < k; ++p) {
        for (int i = 0; i < MR; ++i) out[p * MR + i] = i < rows ? src[i * rs + p * cs] : 0.0f;
      }
    }
    out += k * MR;
  }
}

template <int NR>
void pack_b_strips(int64_t k, int64_t n, const float* b, int64_t rs, int64_t cs, float* out) {
  for (int64_t j0 = 0; j0 < n; j0 += NR) {
    const int cols = static_cast<int>(n - j0 < NR ? n - j0 : NR);
    const float* src = b + j0 * cs;
    if (cols == NR && cs == 1) {
      for (int64_t p = 0; p < k; ++p) std::memcpy(out + p * NR, src + p * rs, NR * sizeof(float));
    } else if (cols == NR) {
      for (int64_t p = 0; p < k; ++p) {
        for (int j = 0; j < NR; ++j) out[p * NR + j] = src[p * rs + j * cs];
      }
    } else {
      for (int64_t p = 0; p < k; ++p) {
        for (int j = 0; j < NR; ++j) out[p * NR + j] = j < cols ? src[p * rs + j * cs] : 0.0f;
      }
    }
    out += k * NR;
  }
}

}  // namespace divergent
