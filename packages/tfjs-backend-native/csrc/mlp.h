// A chain of dense layers h_l = act_l(h_{l-1} · W_l + b_l) computed in one call each way,
// so that a whole MLP costs one taped op forward and one backward instead of several per
// layer. Every product is an sgemm (deterministic for any thread count) and the column
// sums are split by column, so results do not depend on DIVERGENT_NUM_THREADS either.
#pragma once

#include <cstdint>
#include <vector>

#include "gemm.h"

namespace divergent {

struct MlpLayer {
  int64_t in = 0, out = 0;
  const float* w = nullptr;  // in x out, row-major
  const float* b = nullptr;  // out values, or null
  Activation act = Activation::kLinear;
  float alpha = 0.0f;  // leakyrelu slope
  float* h = nullptr;  // batch x out: the layer's output (written forward, read backward)
  float* dw = nullptr;  // in x out (backward)
  float* db = nullptr;  // out values, or null when the layer has no bias (backward)
};

/** h_l = act_l(h_{l-1} · W_l + b_l) for every layer, h_0 = x (batch x layers[0].in). */
void mlp_forward(int64_t batch, const float* x, const std::vector<MlpLayer>& layers);

/**
 * Given dy = ∂loss/∂h_L and the forward outputs, writes every dw and db, and g0 =
 * ∂loss/∂(x · W_1 + b_1) (batch x layers[0].out), from which ∂loss/∂x = g0 · W_1ᵀ is one
 * product that the caller makes only when x needs a gradient.
 */
void mlp_backward(int64_t batch, const float* x, const std::vector<MlpLayer>& layers, const float* dy, float* g0);

/** out[j] = Σ_i g[i·cols + j], summed in row order per column (threaded over columns). */
void column_sums(const float* g, int64_t rows, int64_t cols, float* out);

}  // namespace divergent
