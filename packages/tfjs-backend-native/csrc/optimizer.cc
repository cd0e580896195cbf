// Fused optimizer updates: one pass per parameter reads the gradient and the slots once
// and writes the new parameter and slots. Every operation is a float32 operation in the
// same order as tf.train's composite ops, and no multiply-add is fused (each tfjs op
// rounds separately), so the results equal the 'cpu' backend's bit for bit.
#pragma GCC optimize("fp-contract=off")

#include <napi.h>

#include <cstdint>

#include "napi_args.h"
#include "thread_pool.h"

namespace divergent {
namespace {

constexpr int64_t kGrain = 32768;

bool SameLength(const Napi::CallbackInfo& info, const char* name, size_t n, std::initializer_list<size_t> lengths) {
  for (size_t l : lengths) {
    if (l != n) return Fail(info, std::string(name) + ": parameter, gradient and slot arrays must be equally long");
  }
  return true;
}

/**
 * adam(p, g, m, v, pOut, mOut, vOut, k) with k = [beta1, 1-beta1, beta2, 1-beta2,
 * 1-beta1^t, 1-beta2^t, epsilon, -lr] as float32 (outputs may alias the inputs).
 */
Napi::Value Adam(const Napi::CallbackInfo& info) {
  ArrayArg<float> p, g, m, v, po, mo, vo, k;
  if (!GetF32(info, 0, "p", &p) || !GetF32(info, 1, "g", &g) || !GetF32(info, 2, "m", &m) ||
      !GetF32(info, 3, "v", &v) || !GetF32(info, 4, "pOut", &po) || !GetF32(info, 5, "mOut", &mo) ||
      !GetF32(info, 6, "vOut", &vo) || !GetF32(info, 7, "k", &k)) {
    return info.Env().Undefined();
  }
  if (!SameLength(info, "adam", p.length, {g.length, m.length, v.length, po.length, mo.length, vo.length})) {
    return info.Env().Undefined();
  }
  if (k.length != 8) {
    Fail(info, "adam: 'k' must hold 8 constants");
    return info.Env().Undefined();
  }
  const float b1 = k.data[0], c1 = k.data[1], b2 = k.data[2], c2 = k.data[3];
  const float d1 = k.data[4], d2 = k.data[5], eps = k.data[6], nlr = k.data[7];
  parallel_for(static_cast<int64_t>(p.length), kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const float gi = g.data[i];
      const float mi = m.data[i] * b1 + gi * c1;
      const float vi = v.data[i] * b2 + (gi * gi) * c2;
      const float mh = mi / d1;
      const float vh = vi / d2;
      const float step = (mh / (__builtin_sqrtf(vh) + eps)) * nlr;
      mo.data[i] = mi;
      vo.data[i] = vi;
      po.data[i] = step + p.data[i];
    }
  });
  return info.Env().Undefined();
}

/** momentum(p, g, acc, pOut, accOut, momentum, -lr, nesterov). */
Napi::Value Momentum(const Napi::CallbackInfo& info) {
  ArrayArg<float> p, g, a, po, ao;
  double mom_d, nlr_d;
  if (!GetF32(info, 0, "p", &p) || !GetF32(info, 1, "g", &g) || !GetF32(info, 2, "acc", &a) ||
      !GetF32(info, 3, "pOut", &po) || !GetF32(info, 4, "accOut", &ao) || !GetNumber(info, 5, "momentum", &mom_d) ||
      !GetNumber(info, 6, "negLr", &nlr_d)) {
    return info.Env().Undefined();
  }
  if (!SameLength(info, "momentum", p.length, {g.length, a.length, po.length, ao.length})) {
    return info.Env().Undefined();
  }
  const bool nesterov = info.Length() > 7 && info[7].ToBoolean().Value();
  const float mom = static_cast<float>(mom_d), nlr = static_cast<float>(nlr_d);
  parallel_for(static_cast<int64_t>(p.length), kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const float gi = g.data[i];
      const float acc = mom * a.data[i] + gi;
      const float dir = nesterov ? gi + acc * mom : acc;
      ao.data[i] = acc;
      po.data[i] = nlr * dir + p.data[i];
    }
  });
  return info.Env().Undefined();
}

}  // namespace

void InitOptimizer(Napi::Env env, Napi::Object exports) {
  exports.Set("adam", Napi::Function::New(env, Adam));
  exports.Set("momentum", Napi::Function::New(env, Momentum));
}

}  // namespace divergent
