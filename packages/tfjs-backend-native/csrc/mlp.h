// A chain of dense layers h_l = act_l(h_{l-1} · W_l + b_l) computed in one call each way,
// so that a whole MLP costs one taped op forward and one backward instead of several per
// layer. The chain may end in several heads: the last `heads` layers all read the output of
// the layer before them (a VAE encoder's mean and log-variance heads on one trunk). Every product is an sgemm (deterministic for any thread count) and the column
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

/**
 * Layers [0, T) with T = layers.size() - heads form the trunk, h_l = act_l(h_{l-1} · W_l + b_l)
 * with h_{-1} = x (batch x layers[0].in); each head l >= T computes act_l(h_{T-1} · W_l + b_l).
 * heads = 1 is a plain chain; heads > 1 needs a trunk (T >= 1).
 */
void mlp_forward(int64_t batch, const float* x, const std::vector<MlpLayer>& layers, int64_t heads);

/**
 * Given dys[i] = ∂loss/∂(output of head i) and the forward outputs, writes every dw and db,
 * and g0 = ∂loss/∂(x · W_1 + b_1) (batch x layers[0].out), from which ∂loss/∂x = g0 · W_1ᵀ
 * is one product that the caller makes only when x needs a gradient.
 */
void mlp_backward(int64_t batch, const float* x, const std::vector<MlpLayer>& layers, int64_t heads,
                  const std::vector<const float*>& dys, float* g0);

/** out[j] = Σ_i g[i·cols + j], summed in row order per column (threaded over columns). */
void column_sums(const float* g, int64_t rows, int64_t cols, float* out);

}  // namespace divergent
