// FMA throughput probe for the avx512 unit: 12 independent accumulator chains hide the FMA
// latency (4 cycles x 2 ports needs at least 8 in flight).
#include <immintrin.h>

#include "gemm_isa.h"

namespace divergent {

int64_t fma_loop_avx512(int64_t iters, float* sink) {
  constexpr int kChains = 12;
  __m512 acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = _mm512_set1_ps(1.0f + 0.001f * i);
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  for (int64_t it = 0; it < iters; ++it) {
    for (int i = 0; i < kChains; ++i) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
  }
  __m512 total = acc[0];
  for (int i = 1; i < kChains; ++i) total = _mm512_add_ps(total, acc[i]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, total);
  float s = 0;
  for (float v : lanes) s += v;
  *sink = s;
  return iters * kChains * 16 * 2;
}

}  // namespace divergent
