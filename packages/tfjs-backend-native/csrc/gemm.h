// Batched single-precision GEMM with a fused bias + activation epilogue:
//   C_b = act(op(A_b) · op(B_b) + bias)   (or C_b += op(A_b) · op(B_b) when accumulate)
// for b in [0, batch), all matrices row-major, op = transpose or not.
//
// Results do not depend on the thread count: every entry of C is summed over k in the
// same order (fixed K blocks, then k within a block) whichever thread computes it.
#pragma once

#include <cstdint>

namespace divergent {

enum class Activation : int { kLinear = 0, kRelu, kRelu6, kElu, kLeakyRelu, kPrelu, kSigmoid, kTanh };

/** Applied to every entry (i, j) of C after the product: act(c + bias[j * bias_stride]). */
struct Epilogue {
  const float* bias = nullptr;
  int64_t bias_stride = 1;  // 0 broadcasts one value to every column
  Activation act = Activation::kLinear;
  float alpha = 0.0f;  // leakyrelu slope
  const float* prelu = nullptr;
  int64_t prelu_stride = 1;
};

struct GemmProblem {
  int64_t batch = 1, m = 0, n = 0, k = 0;
  const float* a = nullptr;  // op(A_b) is m x k; A_b starts at a + a_offsets[b] (or 0)
  int64_t lda = 0;
  bool trans_a = false;
  const int64_t* a_offsets = nullptr;
  const float* b = nullptr;  // op(B_b) is k x n
  int64_t ldb = 0;
  bool trans_b = false;
  const int64_t* b_offsets = nullptr;
  float* c = nullptr;  // C_b (m x n) starts at c + b * c_batch_stride
  int64_t ldc = 0;
  int64_t c_batch_stride = 0;
  bool accumulate = false;
  bool serial = false;  // run on the calling thread only (benchmarks)
};

void sgemm(const GemmProblem& p, const Epilogue& ep = Epilogue());

/**
 * g = dy · act'(x) written through y = act(x) (relu, relu6, leakyrelu, sigmoid, tanh, elu,
 * linear), the first step of a dense layer's backward pass; n entries.
 */
void activation_grad(Activation act, float alpha, const float* dy, const float* y, float* g, int64_t n);

/** Applies the epilogue to rows [0, m) x cols [j0, j1) of c (row stride ldc). */
void apply_epilogue(float* c, int64_t ldc, int64_t m, int64_t j0, int64_t j1, const Epilogue& ep);

}  // namespace divergent
