// Element-wise, row-wise and float64 kernels over contiguous ranges. The same source
// (elementwise_kernels.inc) is compiled twice: elementwise_avx2.cc with AVX2+FMA and
// elementwise_base.cc for any x86-64 / other CPU; ew_table() picks one at run time.
// Callers split work into ranges with divergent::parallel_for.
#pragma once

#include <cstdint>

namespace divergent {

enum class UnaryOp : int32_t {
  kExp, kLog, kLog1p, kExpm1, kNeg, kAbs, kSqrt, kRsqrt, kSquare, kReciprocal, kRelu, kRelu6,
  kLeakyRelu, kElu, kSelu, kSigmoid, kSoftplus, kTanh, kStep, kSign, kClip, kCount
};

enum class BinaryOp : int32_t {
  kAdd, kSub, kMul, kDiv, kMax, kMin, kPow, kSquaredDifference,
  // Comparisons write 0/1 bytes.
  kLess, kLessEqual, kGreater, kGreaterEqual, kEqual, kNotEqual, kCount
};

inline bool is_comparison(BinaryOp op) { return op >= BinaryOp::kLess; }

/** Sums and minima of one pass over a (and b): see src/float64.ts for the semantics. */
struct Float64Stats {
  double value, sumA, minA, sumB, minB;
};

enum class Float64Term : int32_t { kXlogx, kRelEntr, kJsTerms };

struct EwTable {
  /** y[i] = op(x[i]); a, b are the op's attributes (alpha, clip bounds). */
  void (*unary)(UnaryOp op, const float* x, float* y, int64_t n, float a, float b);
  /** out[i] = op(a[i*sa], b[i*sb]) with sa, sb in {0, 1}. */
  void (*binary)(BinaryOp op, const float* a, int64_t sa, const float* b, int64_t sb, float* out, int64_t n);
  void (*compare)(BinaryOp op, const float* a, int64_t sa, const float* b, int64_t sb, uint8_t* out, int64_t n);
  /** Softmax of each of `rows` contiguous rows of length n. */
  void (*softmax_rows)(const float* x, float* y, int64_t rows, int64_t n);
  /** Per-row Σ max(l,0) - l·t + log1p(exp(-|l|)). */
  void (*bce_rows)(const float* logits, const float* targets, float* out, int64_t rows, int64_t n);
  /** dl = g_row·(sigmoid(l) - t), dt = -g_row·l. */
  void (*bce_grad_rows)(const float* logits, const float* targets, const float* g, float* dl, float* dt,
                        int64_t rows, int64_t n);
  /** Per-row -½ Σ (1 + lv - mu² - exp(lv)). */
  void (*kl_rows)(const float* mu, const float* logvar, float* out, int64_t rows, int64_t n);
  /** dmu = g_row·mu, dlv = ½·g_row·(exp(lv) - 1). */
  void (*kl_grad_rows)(const float* mu, const float* logvar, const float* g, float* dmu, float* dlv,
                       int64_t rows, int64_t n);
  /** Statistics of [begin, end) in a fixed summation order (b unused for kXlogx). */
  Float64Stats (*f64_stats)(Float64Term term, const double* a, const double* b, int64_t n);
};

const EwTable& ew_table_base();
const EwTable& ew_table_avx2();
/** The fastest table this CPU runs (DIVERGENT_ISA=scalar forces the portable one). */
const EwTable& ew_table();

}  // namespace divergent
