// Fused optimizer updates: one pass per parameter reads the gradient and the slots once
// and writes the new parameter and slots. Every operation is a float32 operation in the
// same order as tf.train's composite ops, and no multiply-add is fused (each tfjs op
// rounds separately), so the results equal the 'cpu' backend's bit for bit.
#pragma GCC optimize("fp-contract=off")

#include <napi.h>

#include <cstdint>
#include <cstring>

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

/** Copies src into dst unless they are the same array (outputs that alias their inputs). */
void CopyUnlessSame(const ArrayArg<float>& src, const ArrayArg<float>& dst) {
  if (src.data != dst.data) std::memcpy(dst.data, src.data, src.length * sizeof(float));
}

// The updates run in place on the output arrays (after copying the inputs there when they
// differ): read-modify-write at one index is a loop the compiler vectorises, which two
// possibly-overlapping arrays are not.
void AdamRange(float* p, const float* g, float* m, float* v, int64_t n, const float* k) {
  const float b1 = k[0], c1 = k[1], b2 = k[2], c2 = k[3], d1 = k[4], d2 = k[5], eps = k[6], nlr = k[7];
  for (int64_t i = 0; i < n; ++i) {
    const float gi = g[i];
    const float mi = m[i] * b1 + gi * c1;
    const float vi = v[i] * b2 + (gi * gi) * c2;
    const float mh = mi / d1;
    const float vh = vi / d2;
    const float step = (mh / (__builtin_sqrtf(vh) + eps)) * nlr;
    m[i] = mi;
    v[i] = vi;
    p[i] = step + p[i];
  }
}

void MomentumRange(float* p, const float* g, float* acc, int64_t n, float mom, float nlr, bool nesterov) {
  for (int64_t i = 0; i < n; ++i) {
    const float gi = g[i];
    const float a = mom * acc[i] + gi;
    const float dir = nesterov ? gi + a * mom : a;
    acc[i] = a;
    p[i] = nlr * dir + p[i];
  }
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
  CopyUnlessSame(p, po);
  CopyUnlessSame(m, mo);
  CopyUnlessSame(v, vo);
  float* pd = po.data;
  float* md = mo.data;
  float* vd = vo.data;
  const float* gd = g.data;
  const float* kd = k.data;
  parallel_for(static_cast<int64_t>(p.length), kGrain, [=](int64_t begin, int64_t end) {
    AdamRange(pd + begin, gd + begin, md + begin, vd + begin, end - begin, kd);
  });
  return info.Env().Undefined();
}

/** momentum(p, g, acc, pOut, accOut, momentum, -lr, nesterov) (outputs may alias the inputs). */
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
  CopyUnlessSame(p, po);
  CopyUnlessSame(a, ao);
  float* pd = po.data;
  float* ad = ao.data;
  const float* gd = g.data;
  parallel_for(static_cast<int64_t>(p.length), kGrain, [=](int64_t begin, int64_t end) {
    MomentumRange(pd + begin, gd + begin, ad + begin, end - begin, mom, nlr, nesterov);
  });
  return info.Env().Undefined();
}

}  // namespace

void InitOptimizer(Napi::Env env, Napi::Object exports) {
  exports.Set("adam", Napi::Function::New(env, Adam));
  exports.Set("momentum", Napi::Function::New(env, Momentum));
}

}  // namespace divergent
