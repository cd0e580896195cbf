// The reparameterisation trick as one fused op each way:
//   z = mu + eps · exp(logvar / 2)
// with mu and logvar of m entries and eps (and z) holding `copies` consecutive blocks of m
// (several samples per posterior, as the IWAE bound draws). Backward, given dz:
//   deps = dz · σ,  dmu = Σ_copies dz,  dlogvar = ½ Σ_copies dz · eps · σ,   σ = exp(logvar / 2).
// Threads split the m entries, and each entry's sums run over the copies in order, so the
// results do not depend on the thread count.
#include <napi.h>

#include <cmath>
#include <cstdint>

#include "napi_args.h"
#include "thread_pool.h"

namespace divergent {
namespace {

constexpr int64_t kGrain = 4096;

// The copies that eps holds for m-entry mu, or -1 (after throwing) when the lengths disagree.
int64_t Copies(const Napi::CallbackInfo& info, size_t m, size_t eps_length, const char* name) {
  if (m == 0 || eps_length % m != 0) {
    Fail(info, std::string(name) + ": 'eps' must hold a whole number of copies of mu's entries");
    return -1;
  }
  return static_cast<int64_t>(eps_length / m);
}

/** reparameterize(mu, logvar, eps, z). */
Napi::Value Reparameterize(const Napi::CallbackInfo& info) {
  ArrayArg<float> mu, lv, eps, z;
  if (!GetF32(info, 0, "mu", &mu) || !GetF32(info, 1, "logvar", &lv) || !GetF32(info, 2, "eps", &eps) ||
      !GetF32(info, 3, "z", &z)) {
    return info.Env().Undefined();
  }
  if (lv.length != mu.length || z.length != eps.length) {
    Fail(info, "reparameterize: logvar must match mu, and z must match eps");
    return info.Env().Undefined();
  }
  const int64_t copies = Copies(info, mu.length, eps.length, "reparameterize");
  if (copies < 0) return info.Env().Undefined();
  const int64_t m = static_cast<int64_t>(mu.length);
  parallel_for(m, kGrain, [&](int64_t j0, int64_t j1) {
    for (int64_t j = j0; j < j1; ++j) {
      const float sigma = std::exp(lv.data[j] * 0.5f);
      for (int64_t c = 0; c < copies; ++c) z.data[c * m + j] = mu.data[j] + eps.data[c * m + j] * sigma;
    }
  });
  return info.Env().Undefined();
}

/** reparameterizeGrad(logvar, eps, dz, dmu, dlogvar, deps). */
Napi::Value ReparameterizeGrad(const Napi::CallbackInfo& info) {
  ArrayArg<float> lv, eps, dz, dmu, dlv, deps;
  if (!GetF32(info, 0, "logvar", &lv) || !GetF32(info, 1, "eps", &eps) || !GetF32(info, 2, "dz", &dz) ||
      !GetF32(info, 3, "dmu", &dmu) || !GetF32(info, 4, "dlogvar", &dlv) || !GetF32(info, 5, "deps", &deps)) {
    return info.Env().Undefined();
  }
  if (dmu.length != lv.length || dlv.length != lv.length || dz.length != eps.length || deps.length != eps.length) {
    Fail(info, "reparameterizeGrad: dmu and dlogvar must match logvar, dz and deps must match eps");
    return info.Env().Undefined();
  }
  const int64_t copies = Copies(info, lv.length, eps.length, "reparameterizeGrad");
  if (copies < 0) return info.Env().Undefined();
  const int64_t m = static_cast<int64_t>(lv.length);
  parallel_for(m, kGrain, [&](int64_t j0, int64_t j1) {
    for (int64_t j = j0; j < j1; ++j) {
      const float sigma = std::exp(lv.data[j] * 0.5f);
      float sum_dz = 0.0f, sum_dz_eps = 0.0f;
      for (int64_t c = 0; c < copies; ++c) {
        const float g = dz.data[c * m + j];
        deps.data[c * m + j] = g * sigma;
        sum_dz += g;
        sum_dz_eps += g * eps.data[c * m + j];
      }
      dmu.data[j] = sum_dz;
      dlv.data[j] = 0.5f * sum_dz_eps * sigma;
    }
  });
  return info.Env().Undefined();
}

}  // namespace

void InitReparameterize(Napi::Env env, Napi::Object exports) {
  exports.Set("reparameterize", Napi::Function::New(env, Reparameterize));
  exports.Set("reparameterizeGrad", Napi::Function::New(env, ReparameterizeGrad));
}

}  // namespace divergent
