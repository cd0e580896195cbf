// Fused optimizer updates: one pass reads each parameter's gradient and slots once and
// writes the new parameter and slots. Every operation is a float32 operation in the same
// order as tf.train's composite ops, and no multiply-add is fused (each tfjs op rounds
// separately), so the results equal the 'cpu' backend's bit for bit.
// One call updates all of a model's parameters: a training step then costs one addon call
// and one thread-pool dispatch, not one of each per parameter (most of which are biases
// too small to be worth a dispatch of their own).
#pragma GCC optimize("fp-contract=off")

#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "gemm_isa.h"
#include "napi_args.h"
#include "optimizer.h"
#include "thread_pool.h"

namespace divergent {
namespace opt_base {
#include "optimizer_kernels.inc"
}  // namespace opt_base

const OptimizerKernels& optimizer_kernels_base() { return opt_base::kKernels; }

const OptimizerKernels& optimizer_kernels() {
  static const OptimizerKernels& kernels =
      best_isa() == Isa::kScalar ? optimizer_kernels_base() : optimizer_kernels_avx2();
  return kernels;
}

namespace {

constexpr int64_t kGrain = 32768;

/**
 * One parameter's update: its gradient, the current values of its S state arrays (the
 * parameter, then its slots) and the arrays that receive their new values.
 */
template <int S>
struct Update {
  const float* g;
  const float* in[S];
  float* out[S];
  int64_t n;
};

/** Argument i as a JS array of Float32Arrays. */
bool GetF32List(const Napi::CallbackInfo& info, size_t i, const char* name, std::vector<ArrayArg<float>>* out) {
  if (info.Length() <= i || !info[i].IsArray()) {
    return Fail(info, std::string("argument '") + name + "' must be an array of Float32Arrays");
  }
  Napi::Array list = info[i].As<Napi::Array>();
  out->resize(list.Length());
  for (uint32_t j = 0; j < list.Length(); ++j) {
    Napi::Value value = list.Get(j);
    // A throwing getter leaves its exception pending: let it propagate as it is.
    if (info.Env().IsExceptionPending()) return false;
    if (!ReadArray(info, value, std::string(name) + "[" + std::to_string(j) + "]", napi_float32_array, &(*out)[j])) {
      return false;
    }
  }
  return true;
}

/**
 * Reads the lists [params, grads, slots_1 .. slots_{S-1}, paramOuts, slotOuts_1 ..], one
 * array per parameter in each, into one Update per parameter.
 */
template <int S>
bool GetUpdates(const Napi::CallbackInfo& info, const char* fn, const char* const (&names)[2 * S + 1],
                std::vector<Update<S>>* updates) {
  std::vector<ArrayArg<float>> lists[2 * S + 1];
  for (int a = 0; a < 2 * S + 1; ++a) {
    if (!GetF32List(info, a, names[a], &lists[a])) return false;
    if (lists[a].size() != lists[0].size()) {
      return Fail(info, std::string(fn) + ": every list must hold one array per parameter");
    }
  }
  updates->resize(lists[0].size());
  for (size_t j = 0; j < lists[0].size(); ++j) {
    const size_t n = lists[0][j].length;
    for (const auto& list : lists) {
      if (list[j].length != n) {
        return Fail(info, std::string(fn) + ": parameter " + std::to_string(j) +
                              ": parameter, gradient and slot arrays must be equally long");
      }
    }
    Update<S>& u = (*updates)[j];
    u.g = lists[1][j].data;
    u.n = static_cast<int64_t>(n);
    for (int s = 0; s < S; ++s) {
      u.in[s] = lists[s == 0 ? 0 : s + 1][j].data;
      u.out[s] = lists[S + 1 + s][j].data;
    }
  }
  return true;
}

/**
 * Runs step(update, offset, count) over every parameter's elements in one parallel region.
 * The parameters' elements, laid end to end, are split into fixed chunks of kGrain: small
 * parameters share a chunk, large ones spread over the threads. Each element's update is
 * independent of the others, so the split never changes a result.
 */
template <int S, class Step>
void RunUpdates(const std::vector<Update<S>>& updates, Step step) {
  std::vector<int64_t> start(updates.size() + 1, 0);
  for (size_t j = 0; j < updates.size(); ++j) start[j + 1] = start[j] + updates[j].n;
  parallel_for(start.back(), kGrain, [&](int64_t begin, int64_t end) {
    // The last parameter starting at or before `begin` (empty ones are skipped below).
    size_t j = std::upper_bound(start.begin(), start.end(), begin) - start.begin() - 1;
    for (; j < updates.size() && start[j] < end; ++j) {
      const Update<S>& u = updates[j];
      const int64_t lo = std::max(begin, start[j]) - start[j];
      const int64_t hi = std::min(end, start[j + 1]) - start[j];
      if (lo >= hi) continue;
      // Outputs that are not their inputs (a buffer other tensors share) start as copies.
      for (int s = 0; s < S; ++s) {
        if (u.in[s] != u.out[s]) std::memcpy(u.out[s] + lo, u.in[s] + lo, (hi - lo) * sizeof(float));
      }
      step(u, lo, hi - lo);
    }
  });
}

/**
 * adam(ps, gs, ms, vs, pOuts, mOuts, vOuts, k): lists with one array per parameter, k =
 * [beta1, 1-beta1, beta2, 1-beta2, 1-beta1^t, 1-beta2^t, epsilon, -lr] as float32
 * (outputs may alias their inputs).
 */
Napi::Value Adam(const Napi::CallbackInfo& info) {
  std::vector<Update<3>> updates;
  ArrayArg<float> k;
  if (!GetUpdates<3>(info, "adam", {"p", "g", "m", "v", "pOut", "mOut", "vOut"}, &updates) ||
      !GetF32(info, 7, "k", &k)) {
    return info.Env().Undefined();
  }
  if (k.length != 8) {
    Fail(info, "adam: 'k' must hold 8 constants");
    return info.Env().Undefined();
  }
  const auto adam = optimizer_kernels().adam;
  const float* kd = k.data;
  RunUpdates(updates, [=](const Update<3>& u, int64_t i, int64_t n) {
    adam(u.out[0] + i, u.g + i, u.out[1] + i, u.out[2] + i, n, kd);
  });
  return info.Env().Undefined();
}

/**
 * momentum(ps, gs, accs, pOuts, accOuts, momentum, -lr, nesterov): lists with one array per
 * parameter (outputs may alias their inputs).
 */
Napi::Value Momentum(const Napi::CallbackInfo& info) {
  std::vector<Update<2>> updates;
  double mom_d, nlr_d;
  if (!GetUpdates<2>(info, "momentum", {"p", "g", "acc", "pOut", "accOut"}, &updates) ||
      !GetNumber(info, 5, "momentum", &mom_d) || !GetNumber(info, 6, "negLr", &nlr_d)) {
    return info.Env().Undefined();
  }
  const bool nesterov = info.Length() > 7 && info[7].ToBoolean().Value();
  const float mom = static_cast<float>(mom_d), nlr = static_cast<float>(nlr_d);
  const auto momentum = optimizer_kernels().momentum;
  RunUpdates(updates, [=](const Update<2>& u, int64_t i, int64_t n) {
    momentum(u.out[0] + i, u.g + i, u.out[1] + i, n, mom, nlr, nesterov);
  });
  return info.Env().Undefined();
}

}  // namespace

void InitOptimizer(Napi::Env env, Napi::Object exports) {
  exports.Set("adam", Napi::Function::New(env, Adam));
  exports.Set("momentum", Napi::Function::New(env, Momentum));
}

}  // namespace divergent
