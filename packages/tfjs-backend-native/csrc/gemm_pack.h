// Packing routines shared by every instruction set; each kernel's translation unit
// instantiates them for its tile, so they are compiled with its vector instructions.
#pragma once

#include <cstdint>
#include <cstring>

namespace divergent {

template <int MR>
void pack_a_strips(int64_t m, int64_t k, const float* a, int64_t rs, int64_t cs, float* out) {
  const int64_t full = m / MR * MR;
  if (rs == 1 && full > 0) {
    // A stored transposed: walk each stored row (fixed k) once, contiguously, and deal
    // its values out to the strips; reading strip by strip would stride through memory.
    for (int64_t p = 0; p < k; ++p) {
      const float* src = a + p * cs;
      for (int64_t i0 = 0; i0 < full; i0 += MR) std::memcpy(out + i0 * k + p * MR, src + i0, MR * sizeof(float));
    }
  }
  for (int64_t i0 = rs == 1 ? full : 0; i0 < m; i0 += MR) {
    const int rows = static_cast<int>(m - i0 < MR ? m - i0 : MR);
    const float* src = a + i0 * rs;
    float* dst = out + i0 * k;
    if (rows == MR) {
      for (int64_t p = 0; p < k; ++p) {
        for (int i = 0; i < MR; ++i) dst[p * MR + i] = src[i * rs + p * cs];
      }
    } else {
      for (int64_t p = 0; p < k; ++p) {
        for (int i = 0; i < MR; ++i) dst[p * MR + i] = i < rows ? src[i * rs + p * cs] : 0.0f;
      }
    }
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
