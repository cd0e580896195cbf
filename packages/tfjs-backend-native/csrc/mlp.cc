// The fused MLP passes (see mlp.h). Backward walks the layers from the last one:
//   g_L = dy · act_L'(h_L),  dW_l = h_{l-1}ᵀ g_l,  db_l = colsum(g_l),
//   g_{l-1} = (g_l W_lᵀ) · act_{l-1}'(h_{l-1}),
// keeping g and g_l W_lᵀ in two grow-only per-thread buffers, so a step allocates nothing.
#include "mlp.h"

#include <algorithm>
#include <cstring>
#include <exception>

#include "thread_pool.h"

namespace divergent {
namespace {

constexpr int64_t kColumnsPerTask = 128;

// C (m x n) = op(A) · op(B), or C += op(A) · op(B) when accumulate, with op(A) = Aᵀ when
// trans_a, op(B) = Bᵀ when trans_b; on the calling thread alone when serial.
void product(int64_t m, int64_t n, int64_t k, const float* a, bool trans_a, const float* b, bool trans_b,
             float* c, bool accumulate = false, const Epilogue& ep = Epilogue(), bool serial = false) {
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
  p.accumulate = accumulate;
  p.serial = serial;
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

namespace {

// The output the layer reads: the trunk's last output for a head, else the previous layer's.
const float* layer_input(const float* x, const std::vector<MlpLayer>& layers, int64_t trunk, int64_t l) {
  const int64_t from = std::min(l, trunk) - 1;
  return from < 0 ? x : layers[from].h;
}

// A grow-only buffer of at least `size` floats.
float* sized(std::vector<float>& v, int64_t size) {
  if (v.size() < static_cast<size_t>(size)) v.resize(static_cast<size_t>(size));
  return v.data();
}

// Runs first(serial) and second(serial), two independent pieces of equal work (a layer's
// weight gradient and the gradient it passes down, or two heads): with two threads, one
// each, every product on its thread alone, which spares each product its split between
// threads and the packing both threads would share (the backward of the VAE nets ~5-15%
// faster); else one after the other, each product threaded. Either way every product sums
// in the same order.
template <class F, class G>
void side_by_side(F&& first, G&& second) {
  if (num_threads() == 2) {
    // A worker must not throw (out of memory for packing): the error is rethrown here.
    std::exception_ptr error[2];
    parallel_for(2, 1, [&](int64_t i, int64_t) {
      try {
        i == 0 ? first(true) : second(true);
      } catch (...) {
        error[i] = std::current_exception();
      }
    });
    for (const std::exception_ptr& e : error) {
      if (e) std::rethrow_exception(e);
    }
  } else {
    first(false);
    second(false);
  }
}

// g of the layer at hand (the caller's g0 receives the first layer's), and ∂loss/∂h of the
// layer below it.
thread_local std::vector<float> layer_grad, output_grad;

// A layer's share of the backward given its g and its input: dW = inᵀ g and db = colsum(g),
// and, unless `below` is null (the first layer), below = g Wᵀ (below += g Wᵀ when
// accumulate) beside them.
void layer_backward(int64_t batch, const MlpLayer& layer, const float* in, const float* g, float* below,
                    bool accumulate) {
  auto weights = [&](bool serial) {
    product(layer.in, layer.out, batch, in, true, g, false, layer.dw, false, Epilogue(), serial);
    if (layer.db != nullptr) column_sums(g, batch, layer.out, layer.db);
  };
  if (below == nullptr) return weights(false);
  side_by_side(weights, [&](bool serial) {
    product(batch, layer.in, layer.out, g, false, layer.w, true, below, accumulate, Epilogue(), serial);
  });
}

}  // namespace

void mlp_forward(int64_t batch, const float* x, const std::vector<MlpLayer>& layers, int64_t heads) {
  const int64_t trunk = static_cast<int64_t>(layers.size()) - heads;
  auto forward = [&](int64_t l, bool serial) {
    const MlpLayer& layer = layers[l];
    Epilogue ep;
    ep.bias = layer.b;
    ep.act = layer.act;
    ep.alpha = layer.alpha;
    product(batch, layer.out, layer.in, layer_input(x, layers, trunk, l), false, layer.w, false, layer.h, false, ep, serial);
  };
  for (int64_t l = 0; l < trunk; ++l) forward(l, false);
  // Two heads (a mean and a log-variance) are independent products of the same size.
  if (heads == 2) return side_by_side([&](bool serial) { forward(trunk, serial); }, [&](bool serial) { forward(trunk + 1, serial); });
  for (int64_t l = trunk; l < static_cast<int64_t>(layers.size()); ++l) forward(l, false);
}

void mlp_backward(int64_t batch, const float* x, const std::vector<MlpLayer>& layers, int64_t heads,
                  const std::vector<const float*>& dys, float* g0) {
  const int64_t trunk = static_cast<int64_t>(layers.size()) - heads;
  // Each head: g = dy · act'(y), its weight and bias gradients, and its share of
  // ∂loss/∂h_{T-1} = Σ_heads g · Wᵀ (the first head writes, the others add, in head order).
  // Without a trunk the one head's g is g0.
  float* dh = trunk > 0 ? sized(output_grad, batch * layers[trunk - 1].out) : nullptr;
  for (int64_t i = 0; i < heads; ++i) {
    const MlpLayer& head = layers[trunk + i];
    const float* g = dys[i];
    if (head.act != Activation::kLinear || trunk == 0) {
      float* out = trunk == 0 ? g0 : sized(layer_grad, batch * head.out);
      activation_grad(head.act, head.alpha, dys[i], head.h, out, batch * head.out);
      g = out;
    }
    layer_backward(batch, head, layer_input(x, layers, trunk, trunk + i), g, dh, i > 0);
  }
  // The trunk, from its last layer: g_l = dh_l · act_l'(h_l), then dW_l = h_{l-1}ᵀ g_l,
  // db_l = colsum(g_l) and dh_{l-1} = g_l W_lᵀ.
  const float* next = dh;
  for (int64_t l = trunk - 1; l >= 0; --l) {
    const MlpLayer& layer = layers[l];
    float* g = l == 0 ? g0 : sized(layer_grad, batch * layer.out);
    activation_grad(layer.act, layer.alpha, next, layer.h, g, batch * layer.out);
    float* below = l == 0 ? nullptr : sized(output_grad, batch * layer.in);
    layer_backward(batch, layer, layer_input(x, layers, trunk, l), g, below, false);
    next = below;
  }
}

}  // namespace divergent
