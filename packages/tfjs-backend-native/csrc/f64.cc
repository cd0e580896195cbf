// Float64 reductions for the array path of the information measures: one pass computes a
// sum of per-element terms together with the sums and minima of the inputs (so callers
// validate in the same pass). Pieces of fixed length are reduced by whichever thread and
// added in piece order: the result depends on the length only, never on the thread count.
#include <napi.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "elementwise.h"
#include "napi_args.h"
#include "thread_pool.h"

namespace divergent {
namespace {

constexpr int64_t kPiece = 1 << 16;

/** f64Stats(term, a, b | null) -> Float64Array [value, sumA, minA, sumB, minB]. */
Napi::Value F64Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t term_i;
  ArrayArg<double> a, b;
  if (!GetInt(info, 0, "term", 0, 2, &term_i) || !GetArray(info, 1, "a", napi_float64_array, &a)) {
    return env.Undefined();
  }
  const auto term = static_cast<Float64Term>(term_i);
  if (term != Float64Term::kXlogx) {
    if (!GetArray(info, 2, "b", napi_float64_array, &b)) return env.Undefined();
    if (a.length != b.length) {
      Fail(info, "float64 kernels: 'a' has " + std::to_string(a.length) + " elements but 'b' has " +
                     std::to_string(b.length) + "; they must match");
      return env.Undefined();
    }
  }
  const int64_t n = static_cast<int64_t>(a.length);
  const int64_t pieces = (n + kPiece - 1) / kPiece;
  std::vector<Float64Stats> partial(static_cast<size_t>(pieces));
  const EwTable& t = ew_table();
  parallel_for(n, kPiece, [&](int64_t begin, int64_t end) {
    partial[static_cast<size_t>(begin / kPiece)] = t.f64_stats(term, a.data + begin, b.data != nullptr ? b.data + begin : nullptr, end - begin);
  });
  const double inf = std::numeric_limits<double>::infinity();
  Float64Stats s{0, 0, inf, 0, inf};
  auto min2 = [](double x, double y) { return (x < y || x != x) ? x : y; };
  for (const Float64Stats& p : partial) {
    s.value += p.value;
    s.sumA += p.sumA;
    s.minA = min2(p.minA, s.minA);
    s.sumB += p.sumB;
    s.minB = min2(p.minB, s.minB);
  }
  if (term == Float64Term::kXlogx) s.sumB = s.minB = 0;
  auto out = Napi::Float64Array::New(env, 5);
  out[0] = s.value;
  out[1] = s.sumA;
  out[2] = s.minA;
  out[3] = s.sumB;
  out[4] = s.minB;
  return out;
}

}  // namespace

void InitF64(Napi::Env env, Napi::Object exports) { exports.Set("f64Stats", Napi::Function::New(env, F64Stats)); }

}  // namespace divergent
