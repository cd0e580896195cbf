// Entry point of the addon: one context-aware module instance per Node.js environment.
#include <napi.h>
#include <thread>

namespace {

Napi::Value HardwareThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(std::thread::hardware_concurrency()));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("hardwareThreads", Napi::Function::New(env, HardwareThreads));
  return exports;
}

}  // namespace

NODE_API_MODULE(divergent_native, Init)
