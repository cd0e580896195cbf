// JavaScript entry points of the matrix kernels.
#include <napi.h>

#include <chrono>

#include "gemm_isa.h"
#include "napi_args.h"

namespace divergent {
namespace {

// Single-thread FMA throughput of the widest vector unit, in GFLOP/s.
Napi::Value FmaPeakGflops(const Napi::CallbackInfo& info) {
  const Isa isa = best_isa();
  if (isa == Isa::kScalar) return Napi::Number::New(info.Env(), 0);
  auto loop = isa == Isa::kAvx512 ? fma_loop_avx512 : fma_loop_avx2;
  float sink = 0;
  loop(1 << 16, &sink);  // warm up the vector unit (AVX-512 clocks up on use)
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    int64_t flops = loop(1 << 22, &sink);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (flops / s * 1e-9 > best) best = flops / s * 1e-9;
  }
  return Napi::Number::New(info.Env(), sink == 12345.0f ? best + 1e-9 : best);
}

}  // namespace

void InitGemm(Napi::Env env, Napi::Object exports) {
  exports.Set("fmaPeakGflops", Napi::Function::New(env, FmaPeakGflops));
}

}  // namespace divergent
