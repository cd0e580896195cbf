// Entry point of the addon. The module keeps no per-environment state (the thread pool is
// process-wide and guarded), so every Node.js environment — main thread or worker — gets
// the same functions. Each kernel family adds its functions through its own Init*.
#include <napi.h>

#include <thread>

#include "gemm_isa.h"
#include "thread_pool.h"

namespace divergent {
void InitGemm(Napi::Env env, Napi::Object exports);
void InitConv(Napi::Env env, Napi::Object exports);
void InitElementwise(Napi::Env env, Napi::Object exports);
void InitRandom(Napi::Env env, Napi::Object exports);
void InitMlp(Napi::Env env, Napi::Object exports);
void InitReparameterize(Napi::Env env, Napi::Object exports);
}  // namespace divergent

namespace {

Napi::Value HardwareThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(std::thread::hardware_concurrency()));
}

Napi::Value NumThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), divergent::num_threads());
}

Napi::Value IsaName(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), divergent::isa_name(divergent::best_isa()));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("hardwareThreads", Napi::Function::New(env, HardwareThreads));
  exports.Set("numThreads", Napi::Function::New(env, NumThreads));
  exports.Set("isa", Napi::Function::New(env, IsaName));
  divergent::InitGemm(env, exports);
  divergent::InitConv(env, exports);
  divergent::InitElementwise(env, exports);
  divergent::InitRandom(env, exports);
  divergent::InitMlp(env, exports);
  divergent::InitReparameterize(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(divergent_native, Init)
