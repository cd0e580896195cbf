// The fused MLP passes (see mlp.h). Backward walks the layers from the last one:
//   g_L = dy · act_L'(h_L),  dW_l = h_{l-1}ᵀ g_l,  db_l = colsum(g_l),
//   g_{l-1} = (g_l W_lᵀ) · act_{l-1}'(h_{l-1}),
// keeping g in two scratch buffers that alternate, so a step allocates nothing per layer.
#include "mlp.h"

#include <algorithm>
#include <cstring>

#include "thread_pool.h"

namespace divergent {
namespace {

constexpr int64_t kColumnsPerTask = 128;

// Ping-pong buffers for g_l; the caller's g0 receives the first layer's.
thread_local std::vector<float> scratch[2];

// C (m x n) = op(A) · op(B) with op(A) = Aᵀ when trans_a, op(B) = Bᵀ when trans_b.
void product(int64_t m, int64_t n, int64_t k, const float* a, bool trans_a, const float* b, bool trans_b,
             float* c, const Epilogue& ep = Epilogue()) {
  GemmProblem p;
  p.m = m;
  p.n = n;
  p.k = k;
  p.a = a;
  p.trans_a = trans_a;
  p.lda = trans_a ? m : k;
  p.b = b;
  p.trans_b = trans_b;
  p.ldb = trans_b ? k : n;
  p.c = c;
  p.ldc = n;
  sgemm(p, ep);
}

}  // namespace

void column_sums(const float* g, int64_t rows, int64_t cols, float* out) {
  parallel_for(cols, kColumnsPerTask, [&](int64_t j0, int64_t j1) {
    double acc[kColumnsPerTask] = {};
    const int64_t w = j1 - j0;
    for (int64_t i = 0; i < rows; ++i) {
      const float* row = g + i * cols + j0;
      for (int64_t j = 0; j < w; ++j) acc[j] += row[j];
    }
    for (int64_t j = 0; j < w; ++j) out[j0 + j] = static_cast<float>(acc[j]);
  });
}

void mlp_forward(int64_t batch, const float* x, const std::vector<MlpLayer>& layers) {
  const float* in = x;
  for (const MlpLayer& l : layers) {
    Epilogue ep;
    ep.bias = l.b;
    ep.act = l.act;
    ep.alpha = l.alpha;
    product(batch, l.out, l.in, in, false, l.w, false, l.h, ep);
    in = l.h;
  }
}

void mlp_backward(int64_t batch, const float* x, const std::vector<MlpLayer>& layers, const float* dy, float* g0) {
  const int64_t n_layers = static_cast<int64_t>(layers.size());
  // Where g_l is written: g0 for the first layer, else the scratch buffer of l's parity.
  auto g_buffer = [&](int64_t l) {
    if (l == 0) return g0;
    std::vector<float>& s = scratch[l % 2];
    const size_t size = static_cast<size_t>(batch * layers[l].out);
    if (s.size() < size) s.resize(size);
    return s.data();
  };

  const MlpLayer& last = layers.back();
  const float* g = dy;
  if (last.act != Activation::kLinear || n_layers == 1) {
    float* out = g_buffer(n_layers - 1);
    activation_grad(last.act, last.alpha, dy, last.h, out, batch * last.out);
    g = out;
  }
  for (int64_t l = n_layers - 1; l >= 0; --l) {
    const MlpLayer& layer = layers[l];
    const float* in = l == 0 ? x : layers[l - 1].h;
    product(layer.in, layer.out, batch, in, true, g, false, layer.dw);
    if (layer.db != nullptr) column_sums(g, batch, layer.out, layer.db);
    if (l == 0) break;
    const MlpLayer& below = layers[l - 1];
    float* next = g_buffer(l - 1);
    product(batch, layer.in, layer.out, g, false, layer.w, true, next);
    if (below.act != Activation::kLinear) {
      activation_grad(below.act, below.alpha, next, below.h, next, batch * below.out);
    }
    g = next;
  }
}

}  // namespace divergent
