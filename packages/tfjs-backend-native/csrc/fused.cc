// Fused loss terms with their own backward passes: per-row binary cross-entropy on logits
// and the KL divergence of a diagonal Gaussian from the standard normal. One native pass
// forward and one backward replace ~10 taped tfjs ops each.
#include <napi.h>

#include <algorithm>
#include <cstdint>

#include "elementwise.h"
#include "napi_args.h"
#include "thread_pool.h"

namespace divergent {
namespace {

using RowsFn = void (*)(const float*, const float*, float*, int64_t, int64_t);
using GradFn = void (*)(const float*, const float*, const float*, float*, float*, int64_t, int64_t);

/**
 * Rows per parallel chunk: enough for ~16K elements, so that a chunk outweighs its dispatch,
 * and at least an equal share per thread, so that no thread waits on a last, lone chunk
 * (100 rows of 784 made 5 chunks of 20 rows: 3 for one thread, 2 for the other). One
 * thread computes each row in a fixed order, so the split never changes a result.
 */
int64_t RowGrain(int64_t rows, int64_t n) {
  const int64_t min_rows = std::max<int64_t>(1, 16384 / std::max<int64_t>(1, n));
  const int64_t share = (rows + num_threads() - 1) / num_threads();
  return std::max(min_rows, share);
}

/** fn(a, b, out, n): per-row values of two same-length inputs with rows of length n. */
Napi::Value Rows(const Napi::CallbackInfo& info, RowsFn fn, const char* name) {
  ArrayArg<float> a, b, out;
  int64_t n;
  if (!GetF32(info, 0, "a", &a) || !GetF32(info, 1, "b", &b) || !GetF32(info, 2, "out", &out) ||
      !GetInt(info, 3, "n", 1, int64_t{1} << 50, &n)) {
    return info.Env().Undefined();
  }
  if (a.length != b.length || a.length != out.length * static_cast<size_t>(n)) {
    Fail(info, std::string(name) + ": inputs must be equally long and 'out' must hold one value per row");
    return info.Env().Undefined();
  }
  const int64_t rows = static_cast<int64_t>(out.length);
  parallel_for(rows, RowGrain(rows, n), [&](int64_t begin, int64_t end) {
    fn(a.data + begin * n, b.data + begin * n, out.data + begin, end - begin, n);
  });
  return info.Env().Undefined();
}

/** fn(a, b, g, da, db, n): gradients of the per-row values given the rows' upstream g. */
Napi::Value Grad(const Napi::CallbackInfo& info, GradFn fn, const char* name) {
  ArrayArg<float> a, b, g, da, db;
  int64_t n;
  if (!GetF32(info, 0, "a", &a) || !GetF32(info, 1, "b", &b) || !GetF32(info, 2, "g", &g) ||
      !GetF32(info, 3, "da", &da) || !GetF32(info, 4, "db", &db) || !GetInt(info, 5, "n", 1, int64_t{1} << 50, &n)) {
    return info.Env().Undefined();
  }
  if (a.length != b.length || da.length != a.length || db.length != a.length ||
      a.length != g.length * static_cast<size_t>(n)) {
    Fail(info, std::string(name) + ": inputs and gradients must be equally long, 'g' one value per row");
    return info.Env().Undefined();
  }
  const int64_t rows = static_cast<int64_t>(g.length);
  parallel_for(rows, RowGrain(rows, n), [&](int64_t begin, int64_t end) {
    fn(a.data + begin * n, b.data + begin * n, g.data + begin, da.data + begin * n, db.data + begin * n,
       end - begin, n);
  });
  return info.Env().Undefined();
}

}  // namespace

void InitFused(Napi::Env env, Napi::Object exports) {
  exports.Set("bceWithLogits", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
    return Rows(info, ew_table().bce_rows, "bceWithLogits");
  }));
  exports.Set("bceWithLogitsGrad", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
    return Grad(info, ew_table().bce_grad_rows, "bceWithLogitsGrad");
  }));
  exports.Set("gaussianKl", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
    return Rows(info, ew_table().kl_rows, "gaussianKl");
  }));
  exports.Set("gaussianKlGrad", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
    return Grad(info, ew_table().kl_grad_rows, "gaussianKlGrad");
  }));
}

}  // namespace divergent
