// JavaScript entry points of the matrix kernels. Every length is checked against the
// shapes before any pointer is touched; failures throw JS TypeErrors.
#include <napi.h>

#include <algorithm>
#include <ctime>
#include <new>
#include <vector>

#include "gemm.h"
#include "gemm_isa.h"
#include "napi_args.h"

namespace divergent {
namespace {

constexpr int64_t kMaxDim = int64_t{1} << 40;

// CPU time of the calling thread, in seconds: single-thread throughput measured with it is
// not distorted by time the thread spends preempted on a busy machine.
double thread_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Optional Float64Array of per-batch element offsets; null means dense batches of `extent`.
bool GetOffsets(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t batch, int64_t extent,
                size_t length, std::vector<int64_t>* out) {
  out->resize(static_cast<size_t>(batch));
  if (info.Length() > i && info[i].IsNull()) {
    for (int64_t b = 0; b < batch; ++b) (*out)[b] = b * extent;
  } else {
    ArrayArg<double> offs;
    if (!GetArray(info, i, name, napi_float64_array, &offs)) return false;
    if (offs.length != static_cast<size_t>(batch)) return Fail(info, std::string("argument '") + name + "' must hold one offset per batch");
    for (int64_t b = 0; b < batch; ++b) {
      double v = offs.data[b];
      if (!(v >= 0 && v == static_cast<double>(static_cast<int64_t>(v)))) {
        return Fail(info, std::string("argument '") + name + "' holds an invalid offset");
      }
      (*out)[b] = static_cast<int64_t>(v);
    }
  }
  for (int64_t b = 0; b < batch; ++b) {
    if ((*out)[b] + extent > static_cast<int64_t>(length)) {
      return Fail(info, std::string("argument '") + name + "' points past the end of its matrix data");
    }
  }
  return true;
}

// Optional per-column vector (bias or prelu weights): null, one value, or n values.
bool GetColumnVector(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t n, const float** data,
                     int64_t* stride) {
  *data = nullptr;
  *stride = 1;
  if (info.Length() > i && info[i].IsNull()) return true;
  ArrayArg<float> v;
  if (!GetF32(info, i, name, &v)) return false;
  if (v.length == 1) {
    *stride = 0;
  } else if (v.length != static_cast<size_t>(n)) {
    return Fail(info, std::string("argument '") + name + "' must hold 1 or n values");
  }
  *data = v.data;
  return true;
}

// matmul(a, b, out, batch, m, n, k, transA, transB, aOffsets|null, bOffsets|null,
//        bias|null, activation, alpha, prelu|null)
// out[b] (m x n) = act(op(A_b) op(B_b) + bias); A_b is m x k (k x m when transA) at aOffsets[b].
Napi::Value MatMul(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ArrayArg<float> a, b, out;
  int64_t batch, m, n, k, act;
  double alpha;
  if (!GetF32(info, 0, "a", &a) || !GetF32(info, 1, "b", &b) || !GetF32(info, 2, "out", &out) ||
      !GetInt(info, 3, "batch", 0, kMaxDim, &batch) || !GetInt(info, 4, "m", 0, kMaxDim, &m) ||
      !GetInt(info, 5, "n", 0, kMaxDim, &n) || !GetInt(info, 6, "k", 0, kMaxDim, &k) ||
      !GetInt(info, 12, "activation", 0, static_cast<int64_t>(Activation::kTanh), &act) ||
      !GetNumber(info, 13, "alpha", &alpha)) {
    return env.Undefined();
  }
  if (info.Length() < 15 || !info[7].IsBoolean() || !info[8].IsBoolean()) {
    Fail(info, "matmul expects 15 arguments with boolean transpose flags");
    return env.Undefined();
  }
  GemmProblem p;
  p.batch = batch;
  p.m = m;
  p.n = n;
  p.k = k;
  p.trans_a = info[7].As<Napi::Boolean>().Value();
  p.trans_b = info[8].As<Napi::Boolean>().Value();
  std::vector<int64_t> a_off, b_off;
  if (!CheckLength(info, "out", out, batch * m * n) ||
      !GetOffsets(info, 9, "aOffsets", batch, m * k, a.length, &a_off) ||
      !GetOffsets(info, 10, "bOffsets", batch, k * n, b.length, &b_off)) {
    return env.Undefined();
  }
  Epilogue ep;
  ep.act = static_cast<Activation>(act);
  ep.alpha = static_cast<float>(alpha);
  if (!GetColumnVector(info, 11, "bias", n, &ep.bias, &ep.bias_stride) ||
      !GetColumnVector(info, 14, "prelu", n, &ep.prelu, &ep.prelu_stride)) {
    return env.Undefined();
  }
  if (ep.act == Activation::kPrelu && ep.prelu == nullptr) {
    Fail(info, "prelu activation needs its weights");
    return env.Undefined();
  }
  p.a = a.data;
  p.lda = p.trans_a ? m : k;
  p.a_offsets = a_off.data();
  p.b = b.data;
  p.ldb = p.trans_b ? k : n;
  p.b_offsets = b_off.data();
  p.c = out.data;
  p.ldc = n;
  p.c_batch_stride = m * n;
  try {
    sgemm(p, ep);
  } catch (const std::bad_alloc&) {
    Napi::Error::New(env, "matmul: out of memory").ThrowAsJavaScriptException();
  }
  return env.Undefined();
}

// activationGrad(dy, y, g, activation, alpha): g = dy · act'(x) given y = act(x).
Napi::Value ActivationGrad(const Napi::CallbackInfo& info) {
  ArrayArg<float> dy, y, g;
  int64_t act;
  double alpha;
  if (!GetF32(info, 0, "dy", &dy) || !GetF32(info, 1, "y", &y) || !GetF32(info, 2, "g", &g) ||
      !GetInt(info, 3, "activation", 0, static_cast<int64_t>(Activation::kTanh), &act) ||
      !GetNumber(info, 4, "alpha", &alpha)) {
    return info.Env().Undefined();
  }
  if (act == static_cast<int64_t>(Activation::kPrelu)) {
    Fail(info, "activationGrad: prelu needs its weights' gradient too; use the tfjs gradient");
    return info.Env().Undefined();
  }
  if (y.length != dy.length || g.length != dy.length) {
    Fail(info, "activationGrad: dy, y and g must have the same length");
    return info.Env().Undefined();
  }
  activation_grad(static_cast<Activation>(act), static_cast<float>(alpha), dy.data, y.data, g.data,
                  static_cast<int64_t>(dy.length));
  return info.Env().Undefined();
}

// Single-thread GFLOP/s of an m x k by k x n product, packing included: the best of reps
// timed in thread CPU time, the same statistic as the FMA peak it is compared with (on a
// shared machine the other runs measure other processes' cache traffic).
Napi::Value GemmGflops(const Napi::CallbackInfo& info) {
  int64_t m, n, k, reps;
  if (!GetInt(info, 0, "m", 1, 1 << 14, &m) || !GetInt(info, 1, "n", 1, 1 << 14, &n) ||
      !GetInt(info, 2, "k", 1, 1 << 14, &k) || !GetInt(info, 3, "reps", 1, 100000, &reps)) {
    return info.Env().Undefined();
  }
  std::vector<float> a(m * k), b(k * n), c(m * n);
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<float>(i % 13) * 0.1f - 0.6f;
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<float>(i % 7) * 0.1f - 0.3f;
  GemmProblem p;
  p.m = m;
  p.n = n;
  p.k = k;
  p.a = a.data();
  p.lda = k;
  p.b = b.data();
  p.ldb = n;
  p.c = c.data();
  p.ldc = n;
  p.serial = true;
  std::vector<double> times;
  for (int64_t r = 0; r < reps + 3; ++r) {
    const double t0 = thread_seconds();
    sgemm(p);
    const double s = thread_seconds() - t0;
    if (r >= 3) times.push_back(s);  // the first calls warm caches and scratch buffers
  }
  return Napi::Number::New(info.Env(), 2.0 * m * n * k / *std::min_element(times.begin(), times.end()) * 1e-9);
}

// Single-thread FMA throughput of the widest vector unit, in GFLOP/s (best of 5, thread CPU time).
Napi::Value FmaPeakGflops(const Napi::CallbackInfo& info) {
  const Isa isa = best_isa();
  if (isa == Isa::kScalar) return Napi::Number::New(info.Env(), 0);
  auto loop = isa == Isa::kAvx512 ? fma_loop_avx512 : fma_loop_avx2;
  float sink = 0;
  loop(1 << 16, &sink);  // warm up the vector unit (AVX-512 clocks up on use)
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    const double t0 = thread_seconds();
    const int64_t flops = loop(1 << 22, &sink);
    const double s = thread_seconds() - t0;
    if (flops / s * 1e-9 > best) best = flops / s * 1e-9;
  }
  // Reading sink keeps the loop's result observable.
  return Napi::Number::New(info.Env(), sink == 12345.0f ? best + 1e-9 : best);
}

}  // namespace

void InitGemm(Napi::Env env, Napi::Object exports) {
  exports.Set("matmul", Napi::Function::New(env, MatMul));
  exports.Set("gemmGflops", Napi::Function::New(env, GemmGflops));
  exports.Set("activationGrad", Napi::Function::New(env, ActivationGrad));
  exports.Set("fmaPeakGflops", Napi::Function::New(env, FmaPeakGflops));
}

}  // namespace divergent
