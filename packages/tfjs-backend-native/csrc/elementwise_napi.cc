// JavaScript entry points of the element-wise kernels (unary, broadcasting binary,
// select, addN). TypeScript checks shapes and dtypes first; here every length is checked
// again against the shapes before a pointer is touched, and failures throw JS errors.
#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "elementwise.h"
#include "napi_args.h"
#include "thread_pool.h"

namespace divergent {

void InitReduce(Napi::Env env, Napi::Object exports);
void InitSoftmax(Napi::Env env, Napi::Object exports);
void InitFused(Napi::Env env, Napi::Object exports);
void InitF64(Napi::Env env, Napi::Object exports);
void InitOptimizer(Napi::Env env, Napi::Object exports);

namespace {

// Below this many elements a kernel runs on the calling thread: waking workers costs more.
constexpr int64_t kGrain = 32768;

bool GetShape(const Napi::CallbackInfo& info, size_t i, const char* name, std::vector<int64_t>* shape) {
  if (info.Length() <= i || !info[i].IsArray()) return Fail(info, std::string("argument '") + name + "' must be an array");
  auto arr = info[i].As<Napi::Array>();
  shape->clear();
  for (uint32_t d = 0; d < arr.Length(); ++d) {
    Napi::Value v = arr.Get(d);
    double x = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1;
    if (!(x >= 0 && x <= 9.0e15 && x == static_cast<double>(static_cast<int64_t>(x)))) {
      return Fail(info, std::string("argument '") + name + "' must hold non-negative integers");
    }
    shape->push_back(static_cast<int64_t>(x));
  }
  return true;
}

int64_t SizeOf(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

Napi::Value Unary(const Napi::CallbackInfo& info) {
  int64_t op;
  ArrayArg<float> x, y;
  double a = 0, b = 0;
  if (!GetInt(info, 0, "op", 0, static_cast<int64_t>(UnaryOp::kCount) - 1, &op) || !GetF32(info, 1, "x", &x) ||
      !GetF32(info, 2, "out", &y) || !GetNumber(info, 3, "alpha", &a) || !GetNumber(info, 4, "beta", &b)) {
    return info.Env().Undefined();
  }
  if (x.length != y.length) {
    Fail(info, "unary: 'x' and 'out' must have the same length");
    return info.Env().Undefined();
  }
  const EwTable& t = ew_table();
  const auto uop = static_cast<UnaryOp>(op);
  const float fa = static_cast<float>(a), fb = static_cast<float>(b);
  parallel_for(static_cast<int64_t>(x.length), kGrain, [&](int64_t begin, int64_t end) {
    t.unary(uop, x.data + begin, y.data + begin, end - begin, fa, fb);
  });
  return info.Env().Undefined();
}

/**
 * A broadcast of two shapes reduced to its essentials: size-1 output dimensions dropped,
 * neighbouring dimensions with the same broadcast pattern merged. The innermost merged
 * dimension becomes the kernels' contiguous loop; the others are walked with strides
 * (0 for a broadcast dimension).
 */
struct BroadcastPlan {
  std::vector<int64_t> dims, stride_a, stride_b;  // outer dimensions, outermost first
  int64_t inner = 1, inner_sa = 1, inner_sb = 1;
  int64_t outer() const { return SizeOf(dims); }
};

bool MakePlan(const std::vector<int64_t>& as, const std::vector<int64_t>& bs, std::vector<int64_t>* out_shape,
              BroadcastPlan* plan, std::string* error) {
  const size_t rank = std::max(as.size(), bs.size());
  std::vector<int64_t> a(rank, 1), b(rank, 1);
  std::copy(as.begin(), as.end(), a.begin() + (rank - as.size()));
  std::copy(bs.begin(), bs.end(), b.begin() + (rank - bs.size()));
  out_shape->assign(rank, 1);
  // Merged dimensions: size and whether a / b are broadcast along them.
  std::vector<int64_t> size;
  std::vector<bool> ba, bb;
  for (size_t d = 0; d < rank; ++d) {
    if (a[d] != b[d] && a[d] != 1 && b[d] != 1) {
      *error = "shapes cannot be broadcast together at dimension " + std::to_string(d);
      return false;
    }
    const int64_t o = a[d] == 1 ? b[d] : a[d];
    (*out_shape)[d] = o;
    if (o == 1) continue;
    const bool xa = a[d] == 1, xb = b[d] == 1;
    if (!size.empty() && ba.back() == xa && bb.back() == xb) {
      size.back() *= o;
    } else {
      size.push_back(o);
      ba.push_back(xa);
      bb.push_back(xb);
    }
  }
  if (size.empty()) {  // every dimension is 1: a single element
    size.push_back(1);
    ba.push_back(false);
    bb.push_back(false);
  }
  const size_t k = size.size();
  plan->inner = size[k - 1];
  plan->inner_sa = ba[k - 1] ? 0 : 1;
  plan->inner_sb = bb[k - 1] ? 0 : 1;
  plan->dims.assign(size.begin(), size.end() - 1);
  plan->stride_a.assign(k - 1, 0);
  plan->stride_b.assign(k - 1, 0);
  int64_t sa = ba[k - 1] ? 1 : plan->inner, sb = bb[k - 1] ? 1 : plan->inner;
  for (size_t d = k - 1; d-- > 0;) {
    plan->stride_a[d] = ba[d] ? 0 : sa;
    plan->stride_b[d] = bb[d] ? 0 : sb;
    if (!ba[d]) sa *= size[d];
    if (!bb[d]) sb *= size[d];
  }
  return true;
}

/** Runs kernel(a_offset, b_offset, out_offset, count) over the plan, threaded by rows. */
template <class K>
void RunPlan(const BroadcastPlan& p, K kernel) {
  const int64_t outer = p.outer();
  if (outer == 1) {
    parallel_for(p.inner, kGrain, [&](int64_t begin, int64_t end) {
      kernel(begin * p.inner_sa, begin * p.inner_sb, begin, end - begin);
    });
    return;
  }
  const int64_t rows_per_chunk = std::max<int64_t>(1, kGrain / std::max<int64_t>(1, p.inner));
  parallel_for(outer, rows_per_chunk, [&](int64_t begin, int64_t end) {
    const size_t k = p.dims.size();
    std::vector<int64_t> idx(k);
    int64_t rest = begin, oa = 0, ob = 0;
    for (size_t d = k; d-- > 0;) {
      idx[d] = rest % p.dims[d];
      rest /= p.dims[d];
      oa += idx[d] * p.stride_a[d];
      ob += idx[d] * p.stride_b[d];
    }
    for (int64_t r = begin; r < end; ++r) {
      kernel(oa, ob, r * p.inner, p.inner);
      for (size_t d = k; d-- > 0;) {  // odometer step
        oa += p.stride_a[d];
        ob += p.stride_b[d];
        if (++idx[d] < p.dims[d]) break;
        oa -= p.stride_a[d] * p.dims[d];
        ob -= p.stride_b[d] * p.dims[d];
        idx[d] = 0;
      }
    }
  });
}

Napi::Value Binary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t op;
  ArrayArg<float> a, b;
  std::vector<int64_t> as, bs, os;
  if (!GetInt(info, 0, "op", 0, static_cast<int64_t>(BinaryOp::kCount) - 1, &op) || !GetF32(info, 1, "a", &a) ||
      !GetShape(info, 2, "aShape", &as) || !GetF32(info, 3, "b", &b) || !GetShape(info, 4, "bShape", &bs)) {
    return env.Undefined();
  }
  const auto bop = static_cast<BinaryOp>(op);
  BroadcastPlan plan;
  std::string error;
  if (!MakePlan(as, bs, &os, &plan, &error)) {
    Fail(info, "binary: " + error);
    return env.Undefined();
  }
  if (a.length != static_cast<size_t>(SizeOf(as)) || b.length != static_cast<size_t>(SizeOf(bs))) {
    Fail(info, "binary: an input's length does not match its shape");
    return env.Undefined();
  }
  const int64_t n = SizeOf(os);
  const EwTable& t = ew_table();
  // Either kind of output: it must hold the broadcast shape's size; kernel(oa, ob, dst, count)
  // fills it run by run along the plan.
  auto fill = [&](auto& out, auto kernel) {
    if (out.length != static_cast<size_t>(n)) {
      Fail(info, "binary: 'out' must hold the broadcast shape's size");
      return;
    }
    if (n == 0) return;
    RunPlan(plan, [&](int64_t oa, int64_t ob, int64_t o, int64_t count) { kernel(oa, ob, out.data + o, count); });
  };
  if (is_comparison(bop)) {
    ArrayArg<uint8_t> out;
    if (!GetArray(info, 5, "out", napi_uint8_array, &out)) return env.Undefined();
    fill(out, [&](int64_t oa, int64_t ob, uint8_t* dst, int64_t count) {
      t.compare(bop, a.data + oa, plan.inner_sa, b.data + ob, plan.inner_sb, dst, count);
    });
  } else {
    ArrayArg<float> out;
    if (!GetF32(info, 5, "out", &out)) return env.Undefined();
    fill(out, [&](int64_t oa, int64_t ob, float* dst, int64_t count) {
      t.binary(bop, a.data + oa, plan.inner_sa, b.data + ob, plan.inner_sb, dst, count);
    });
  }
  return env.Undefined();
}

/** out[i] = cond[i / inner] ? t[i] : e[i]; inner = 1 for a condition of the same shape. */
Napi::Value Select(const Napi::CallbackInfo& info) {
  ArrayArg<uint8_t> cond;
  ArrayArg<float> t, e, out;
  int64_t inner;
  if (!GetArray(info, 0, "condition", napi_uint8_array, &cond) || !GetF32(info, 1, "t", &t) ||
      !GetF32(info, 2, "e", &e) || !GetF32(info, 3, "out", &out) || !GetInt(info, 4, "inner", 1, int64_t{1} << 50, &inner)) {
    return info.Env().Undefined();
  }
  const int64_t n = static_cast<int64_t>(out.length);
  if (t.length != out.length || e.length != out.length || n % inner != 0 ||
      cond.length != static_cast<size_t>(n / inner)) {
    Fail(info, "select: lengths of 'condition', 't', 'e' and 'out' do not match");
    return info.Env().Undefined();
  }
  const uint8_t* c = cond.data;
  const float* td = t.data;
  const float* ed = e.data;
  float* od = out.data;
  parallel_for(n / inner, std::max<int64_t>(1, kGrain / inner), [=](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      if (inner == 1) {
        od[r] = c[r] ? td[r] : ed[r];
      } else {
        std::memcpy(od + r * inner, (c[r] ? td : ed) + r * inner, static_cast<size_t>(inner) * sizeof(float));
      }
    }
  });
  return info.Env().Undefined();
}

/** out = Σ inputs, added left to right as the reference does. */
Napi::Value AddN(const Napi::CallbackInfo& info) {
  if (info.Length() < 2 || !info[0].IsArray()) {
    Fail(info, "addN: argument 'inputs' must be an array of Float32Arrays");
    return info.Env().Undefined();
  }
  ArrayArg<float> out;
  if (!GetF32(info, 1, "out", &out)) return info.Env().Undefined();
  auto arr = info[0].As<Napi::Array>();
  std::vector<const float*> ins;
  for (uint32_t k = 0; k < arr.Length(); ++k) {
    Napi::Value v = arr.Get(k);
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array ||
        v.As<Napi::TypedArray>().ElementLength() != out.length) {
      Fail(info, "addN: input " + std::to_string(k) + " must be a Float32Array as long as 'out'");
      return info.Env().Undefined();
    }
    auto f = v.As<Napi::Float32Array>();
    ins.push_back(f.Data());
  }
  if (ins.empty()) {
    Fail(info, "addN: needs at least one input");
    return info.Env().Undefined();
  }
  float* od = out.data;
  parallel_for(static_cast<int64_t>(out.length), kGrain, [&](int64_t begin, int64_t end) {
    std::memcpy(od + begin, ins[0] + begin, static_cast<size_t>(end - begin) * sizeof(float));
    for (size_t k = 1; k < ins.size(); ++k) {
      const float* in = ins[k];
      for (int64_t i = begin; i < end; ++i) od[i] += in[i];
    }
  });
  return info.Env().Undefined();
}

}  // namespace

void InitElementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("select", Napi::Function::New(env, Select));
  exports.Set("addN", Napi::Function::New(env, AddN));
  InitReduce(env, exports);
  InitSoftmax(env, exports);
  InitFused(env, exports);
  InitF64(env, exports);
  InitOptimizer(env, exports);
}

}  // namespace divergent
