// Softmax over the last axis: one pass per row (max, exp and sum, scale), rows threaded.
#include <napi.h>

#include <algorithm>
#include <cstdint>

#include "elementwise.h"
#include "napi_args.h"
#include "thread_pool.h"

namespace divergent {
namespace {

/** softmax(x, out, n): rows of length n. */
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  ArrayArg<float> x, out;
  int64_t n;
  if (!GetF32(info, 0, "x", &x) || !GetF32(info, 1, "out", &out) || !GetInt(info, 2, "n", 1, int64_t{1} << 50, &n)) {
    return info.Env().Undefined();
  }
  if (x.length != out.length || x.length % static_cast<size_t>(n) != 0) {
    Fail(info, "softmax: 'x' and 'out' must be equally long, a multiple of the row length");
    return info.Env().Undefined();
  }
  const int64_t rows = static_cast<int64_t>(x.length) / n;
  const EwTable& t = ew_table();
  parallel_for(rows, std::max<int64_t>(1, 16384 / n), [&](int64_t begin, int64_t end) {
    t.softmax_rows(x.data + begin * n, out.data + begin * n, end - begin, n);
  });
  return info.Env().Undefined();
}

}  // namespace

void InitSoftmax(Napi::Env env, Napi::Object exports) { exports.Set("softmax", Napi::Function::New(env, Softmax)); }

}  // namespace divergent
