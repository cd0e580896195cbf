// Reductions of a float32 tensor viewed as [outer, r, inner] over its middle axis (the
// TypeScript side transposes other axis sets into this form). Sums and products
// accumulate in double, as the reference backend does in JavaScript numbers.
//
// Determinism: every output element is produced by one task, and a long row is cut into
// fixed-size pieces whose partial sums are added in piece order, so the result depends on
// the shape only, never on the thread count.
#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "napi_args.h"
#include "thread_pool.h"

namespace divergent {
namespace {

enum class ReduceOp : int32_t { kSum, kMean, kProd, kMax, kMin, kArgMax, kArgMin, kCount };

constexpr int64_t kPiece = 65536;    // elements of one row summed by one task
constexpr int64_t kColBlock = 512;   // columns of an inner > 1 reduction per task
constexpr int64_t kGrainElems = 32768;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

typedef double v4d __attribute__((vector_size(32)));

/** Σ x[i·stride] for i < n in double: four lanes for contiguous rows, fixed order. */
double SumRow(const float* x, int64_t n) {
  v4d acc = {0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    v4d v = {double(x[i]), double(x[i + 1]), double(x[i + 2]), double(x[i + 3])};
    acc += v;
  }
  double tail = 0;
  for (; i < n; ++i) tail += x[i];
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + tail;
}

// NaN-propagating max / min (Math.max semantics), and the reference's arg rules
// (strict comparison: NaN never wins unless it comes first).
inline float MaxOf(float m, float v) { return (v > m || v != v) ? v : m; }
inline float MinOf(float m, float v) { return (v < m || v != v) ? v : m; }

/** One row (inner == 1) reduced by the non-sum ops. */
void ReduceRowOther(ReduceOp op, const float* x, int64_t r, float* out_f, int32_t* out_i) {
  switch (op) {
    case ReduceOp::kProd: {
      double p = 1;
      for (int64_t j = 0; j < r; ++j) p *= x[j];
      *out_f = static_cast<float>(p);
      return;
    }
    case ReduceOp::kMax:
    case ReduceOp::kMin: {
      float m = r > 0 ? x[0] : kNaN;
      if (op == ReduceOp::kMax) {
        for (int64_t j = 1; j < r; ++j) m = MaxOf(m, x[j]);
      } else {
        for (int64_t j = 1; j < r; ++j) m = MinOf(m, x[j]);
      }
      *out_f = m;
      return;
    }
    case ReduceOp::kArgMax:
    case ReduceOp::kArgMin: {
      int32_t best = 0;
      float m = r > 0 ? x[0] : kNaN;
      for (int64_t j = 1; j < r; ++j) {
        if (op == ReduceOp::kArgMax ? x[j] > m : x[j] < m) {
          m = x[j];
          best = static_cast<int32_t>(j);
        }
      }
      *out_i = best;
      return;
    }
    default: return;
  }
}

/** Columns [c0, c1) of one outer slice reduced over r rows of stride `inner`. */
void ReduceColumns(ReduceOp op, const float* x, int64_t r, int64_t inner, int64_t c0, int64_t c1, float* out_f,
                   int32_t* out_i) {
  const int64_t w = c1 - c0;
  if (op == ReduceOp::kSum || op == ReduceOp::kMean || op == ReduceOp::kProd) {
    double acc[kColBlock];
    const bool prod = op == ReduceOp::kProd;
    for (int64_t c = 0; c < w; ++c) acc[c] = prod ? 1.0 : 0.0;
    for (int64_t j = 0; j < r; ++j) {
      const float* row = x + j * inner + c0;
      if (prod) {
        for (int64_t c = 0; c < w; ++c) acc[c] *= row[c];
      } else {
        for (int64_t c = 0; c < w; ++c) acc[c] += row[c];
      }
    }
    const double scale = op == ReduceOp::kMean ? 1.0 / static_cast<double>(r) : 1.0;
    for (int64_t c = 0; c < w; ++c) {
      out_f[c] = static_cast<float>(op == ReduceOp::kMean ? (r == 0 ? 0.0 : acc[c] * scale) : acc[c]);
    }
    return;
  }
  float m[kColBlock];
  int32_t best[kColBlock];
  for (int64_t c = 0; c < w; ++c) {
    m[c] = r > 0 ? x[c0 + c] : kNaN;
    best[c] = 0;
  }
  for (int64_t j = 1; j < r; ++j) {
    const float* row = x + j * inner + c0;
    switch (op) {
      case ReduceOp::kMax: for (int64_t c = 0; c < w; ++c) m[c] = MaxOf(m[c], row[c]); break;
      case ReduceOp::kMin: for (int64_t c = 0; c < w; ++c) m[c] = MinOf(m[c], row[c]); break;
      case ReduceOp::kArgMax:
        for (int64_t c = 0; c < w; ++c) {
          if (row[c] > m[c]) { m[c] = row[c]; best[c] = static_cast<int32_t>(j); }
        }
        break;
      case ReduceOp::kArgMin:
        for (int64_t c = 0; c < w; ++c) {
          if (row[c] < m[c]) { m[c] = row[c]; best[c] = static_cast<int32_t>(j); }
        }
        break;
      default: break;
    }
  }
  for (int64_t c = 0; c < w; ++c) {
    if (op == ReduceOp::kArgMax || op == ReduceOp::kArgMin) {
      out_i[c] = best[c];
    } else {
      out_f[c] = m[c];
    }
  }
}

/** reduce(op, x, outer, r, inner, out): out is Float32Array, or Int32Array for arg ops. */
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t op_i, outer, r, inner;
  ArrayArg<float> x;
  constexpr int64_t kMax = int64_t{1} << 50;
  if (!GetInt(info, 0, "op", 0, static_cast<int64_t>(ReduceOp::kCount) - 1, &op_i) || !GetF32(info, 1, "x", &x) ||
      !GetInt(info, 2, "outer", 0, kMax, &outer) || !GetInt(info, 3, "r", 0, kMax, &r) ||
      !GetInt(info, 4, "inner", 0, kMax, &inner)) {
    return env.Undefined();
  }
  const auto op = static_cast<ReduceOp>(op_i);
  const bool arg = op == ReduceOp::kArgMax || op == ReduceOp::kArgMin;
  ArrayArg<float> out_f;
  ArrayArg<int32_t> out_i;
  if (arg ? !GetArray(info, 5, "out", napi_int32_array, &out_i) : !GetF32(info, 5, "out", &out_f)) {
    return env.Undefined();
  }
  const size_t out_len = arg ? out_i.length : out_f.length;
  if (static_cast<double>(outer) * r * inner != static_cast<double>(x.length) ||
      out_len != static_cast<size_t>(outer * inner)) {
    Fail(info, "reduce: the lengths of 'x' and 'out' do not match [outer, r, inner]");
    return env.Undefined();
  }
  if (outer * inner == 0) return env.Undefined();

  if (inner > 1) {
    const int64_t blocks = (inner + kColBlock - 1) / kColBlock;
    const int64_t grain = std::max<int64_t>(1, kGrainElems / std::max<int64_t>(1, r * std::min(inner, kColBlock)));
    parallel_for(outer * blocks, grain, [&](int64_t begin, int64_t end) {
      for (int64_t t = begin; t < end; ++t) {
        const int64_t o = t / blocks, c0 = (t % blocks) * kColBlock, c1 = std::min(inner, c0 + kColBlock);
        const float* xo = x.data + o * r * inner;
        ReduceColumns(op, xo, r, inner, c0, c1, arg ? nullptr : out_f.data + o * inner + c0,
                      arg ? out_i.data + o * inner + c0 : nullptr);
      }
    });
    return env.Undefined();
  }
  if (op == ReduceOp::kSum || op == ReduceOp::kMean) {
    // Rows cut into fixed pieces; partial sums added in piece order.
    const int64_t pieces = std::max<int64_t>(1, (r + kPiece - 1) / kPiece);
    std::vector<double> partial(static_cast<size_t>(outer * pieces));
    const int64_t grain = std::max<int64_t>(1, kGrainElems / std::max<int64_t>(1, std::min(r, kPiece)));
    parallel_for(outer * pieces, grain, [&](int64_t begin, int64_t end) {
      for (int64_t t = begin; t < end; ++t) {
        const int64_t o = t / pieces, j0 = (t % pieces) * kPiece, j1 = std::min(r, j0 + kPiece);
        partial[t] = SumRow(x.data + o * r + j0, j1 - j0);
      }
    });
    for (int64_t o = 0; o < outer; ++o) {
      double s = 0;
      for (int64_t k = 0; k < pieces; ++k) s += partial[o * pieces + k];
      // The reference divides each entry by r before summing: an empty mean is 0.
      if (op == ReduceOp::kMean) s = r == 0 ? 0.0 : s / static_cast<double>(r);
      out_f.data[o] = static_cast<float>(s);
    }
    return env.Undefined();
  }
  const int64_t grain = std::max<int64_t>(1, kGrainElems / std::max<int64_t>(1, r));
  parallel_for(outer, grain, [&](int64_t begin, int64_t end) {
    for (int64_t o = begin; o < end; ++o) {
      ReduceRowOther(op, x.data + o * r, r, arg ? nullptr : out_f.data + o, arg ? out_i.data + o : nullptr);
    }
  });
  return env.Undefined();
}

}  // namespace

void InitReduce(Napi::Env env, Napi::Object exports) { exports.Set("reduce", Napi::Function::New(env, Reduce)); }

}  // namespace divergent
