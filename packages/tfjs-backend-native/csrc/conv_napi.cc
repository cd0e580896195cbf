// JavaScript entry points of convolution, pooling and transpose. Shapes arrive as a
// Float64Array of integers; every size is checked against the arrays' lengths first.
#include <napi.h>

#include <new>
#include <vector>

#include "conv.h"
#include "napi_args.h"
#include "pool.h"
#include "transpose.h"

namespace divergent {
namespace {

constexpr double kMaxExtent = 2147483647.0;

// Reads `count` integers in [lo, 2^31) from a Float64Array argument.
bool GetDims(const Napi::CallbackInfo& info, size_t i, const char* name, size_t count, int64_t lo,
             std::vector<int64_t>* out) {
  ArrayArg<double> a;
  if (!GetArray(info, i, name, napi_float64_array, &a)) return false;
  if (count != 0 && a.length != count) {
    return Fail(info, std::string("argument '") + name + "' must hold " + std::to_string(count) + " integers");
  }
  out->clear();
  for (size_t j = 0; j < a.length; ++j) {
    const double v = a.data[j];
    if (!(v >= lo && v <= kMaxExtent) || v != static_cast<double>(static_cast<int64_t>(v))) {
      return Fail(info, std::string("argument '") + name + "' entry " + std::to_string(j) + " is invalid");
    }
    out->push_back(static_cast<int64_t>(v));
  }
  return true;
}

// Products of dims as double first, so absurd shapes fail the length checks instead of overflowing.
bool SizeFits(const Napi::CallbackInfo& info, const char* name, size_t length, std::initializer_list<int64_t> dims) {
  double size = 1;
  for (int64_t d : dims) size *= static_cast<double>(d);
  if (size > static_cast<double>(length)) {
    return Fail(info, std::string("argument '") + name + "' has " + std::to_string(length) +
                          " elements, the shapes need " + std::to_string(size));
  }
  return true;
}

// params: batch, inH, inW, inC, filterH, filterW, outC, outH, outW, strideH, strideW,
//         dilationH, dilationW, padTop, padLeft.
bool GetConvShape(const Napi::CallbackInfo& info, size_t i, ConvShape* s) {
  std::vector<int64_t> d;
  if (!GetDims(info, i, "convParams", 15, 0, &d)) return false;
  *s = ConvShape{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14]};
  if (s->stride_h < 1 || s->stride_w < 1 || s->dilation_h < 1 || s->dilation_w < 1) {
    return Fail(info, "convolution strides and dilations must be at least 1");
  }
  return true;
}

bool CheckConvArrays(const Napi::CallbackInfo& info, const ConvShape& s, const ArrayArg<float>& x,
                     const ArrayArg<float>& filter, const ArrayArg<float>& y) {
  return SizeFits(info, "x", x.length, {s.batch, s.in_h, s.in_w, s.in_c}) &&
         SizeFits(info, "filter", filter.length, {s.filter_h, s.filter_w, s.in_c, s.out_c}) &&
         SizeFits(info, "y", y.length, {s.batch, s.out_h, s.out_w, s.out_c});
}

template <class F>
Napi::Value Guarded(Napi::Env env, F&& fn) {
  try {
    fn();
  } catch (const std::bad_alloc&) {
    Napi::Error::New(env, "native kernel: out of memory").ThrowAsJavaScriptException();
  }
  return env.Undefined();
}

// conv2d(x, filter, y, params, bias|null, activation, alpha, prelu|null)
Napi::Value Conv2d(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ArrayArg<float> x, filter, y, bias, prelu;
  ConvShape s;
  int64_t act;
  double alpha;
  if (!GetF32(info, 0, "x", &x) || !GetF32(info, 1, "filter", &filter) || !GetF32(info, 2, "y", &y) ||
      !GetConvShape(info, 3, &s) || !CheckConvArrays(info, s, x, filter, y) ||
      !GetInt(info, 5, "activation", 0, static_cast<int64_t>(Activation::kTanh), &act) ||
      !GetNumber(info, 6, "alpha", &alpha)) {
    return env.Undefined();
  }
  Epilogue ep;
  ep.act = static_cast<Activation>(act);
  ep.alpha = static_cast<float>(alpha);
  for (auto [index, name, arr, data, stride] :
       {std::make_tuple(size_t{4}, "bias", &bias, &ep.bias, &ep.bias_stride),
        std::make_tuple(size_t{7}, "prelu", &prelu, &ep.prelu, &ep.prelu_stride)}) {
    if (info.Length() > index && info[index].IsNull()) continue;
    if (!GetF32(info, index, name, arr)) return env.Undefined();
    if (arr->length != 1 && arr->length != static_cast<size_t>(s.out_c)) {
      Fail(info, std::string("argument '") + name + "' must hold 1 or outC values");
      return env.Undefined();
    }
    *data = arr->data;
    *stride = arr->length == 1 ? 0 : 1;
  }
  if (ep.act == Activation::kPrelu && ep.prelu == nullptr) {
    Fail(info, "prelu activation needs its weights");
    return env.Undefined();
  }
  return Guarded(env, [&] { conv2d_forward(s, x.data, filter.data, y.data, ep); });
}

// conv2dBackpropInput(dy, filter, dx, params)
Napi::Value Conv2dBackpropInput(const Napi::CallbackInfo& info) {
  ArrayArg<float> dy, filter, dx;
  ConvShape s;
  if (!GetF32(info, 0, "dy", &dy) || !GetF32(info, 1, "filter", &filter) || !GetF32(info, 2, "dx", &dx) ||
      !GetConvShape(info, 3, &s) || !CheckConvArrays(info, s, dx, filter, dy)) {
    return info.Env().Undefined();
  }
  return Guarded(info.Env(), [&] { conv2d_backprop_input(s, dy.data, filter.data, dx.data); });
}

// conv2dBackpropFilter(x, dy, dfilter, params)
Napi::Value Conv2dBackpropFilter(const Napi::CallbackInfo& info) {
  ArrayArg<float> x, dy, dfilter;
  ConvShape s;
  if (!GetF32(info, 0, "x", &x) || !GetF32(info, 1, "dy", &dy) || !GetF32(info, 2, "dfilter", &dfilter) ||
      !GetConvShape(info, 3, &s) || !CheckConvArrays(info, s, x, dfilter, dy)) {
    return info.Env().Undefined();
  }
  return Guarded(info.Env(), [&] { conv2d_backprop_filter(s, x.data, dy.data, dfilter.data); });
}

// params: batch, inH, inW, channels, filterH, filterW, outH, outW, strideH, strideW, padTop, padLeft.
bool GetPoolShape(const Napi::CallbackInfo& info, size_t i, PoolShape* s) {
  std::vector<int64_t> d;
  if (!GetDims(info, i, "poolParams", 12, 0, &d)) return false;
  *s = PoolShape{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11]};
  if (s->stride_h < 1 || s->stride_w < 1) return Fail(info, "pooling strides must be at least 1");
  return true;
}

bool PoolFits(const Napi::CallbackInfo& info, const PoolShape& s, const char* xname, const ArrayArg<float>& x,
              const char* yname, const ArrayArg<float>& y) {
  return SizeFits(info, xname, x.length, {s.batch, s.in_h, s.in_w, s.channels}) &&
         SizeFits(info, yname, y.length, {s.batch, s.out_h, s.out_w, s.channels});
}

// pool(kind, x, y, params): kind 0 max, 1 avg.
Napi::Value Pool(const Napi::CallbackInfo& info) {
  ArrayArg<float> x, y;
  PoolShape s;
  int64_t kind;
  if (!GetInt(info, 0, "kind", 0, 1, &kind) || !GetF32(info, 1, "x", &x) || !GetF32(info, 2, "y", &y) ||
      !GetPoolShape(info, 3, &s) || !PoolFits(info, s, "x", x, "y", y)) {
    return info.Env().Undefined();
  }
  (kind == 0 ? max_pool : avg_pool)(s, x.data, y.data);
  return info.Env().Undefined();
}

// maxPoolGrad(x, dy, dx, params)
Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  ArrayArg<float> x, dy, dx;
  PoolShape s;
  if (!GetF32(info, 0, "x", &x) || !GetF32(info, 1, "dy", &dy) || !GetF32(info, 2, "dx", &dx) ||
      !GetPoolShape(info, 3, &s) || !PoolFits(info, s, "x", x, "dy", dy) || !PoolFits(info, s, "dx", dx, "dy", dy)) {
    return info.Env().Undefined();
  }
  max_pool_grad(s, x.data, dy.data, dx.data);
  return info.Env().Undefined();
}

// avgPoolGrad(dy, dx, params)
Napi::Value AvgPoolGrad(const Napi::CallbackInfo& info) {
  ArrayArg<float> dy, dx;
  PoolShape s;
  if (!GetF32(info, 0, "dy", &dy) || !GetF32(info, 1, "dx", &dx) || !GetPoolShape(info, 2, &s) ||
      !PoolFits(info, s, "dx", dx, "dy", dy)) {
    return info.Env().Undefined();
  }
  avg_pool_grad(s, dy.data, dx.data);
  return info.Env().Undefined();
}

// x (argument 0, already known to be a typed array) and out (argument 1) of transpose and
// slice, which move 32-bit words: both Float32Array or both Int32Array; false, after Fail,
// otherwise.
bool GetWordArrays(const Napi::CallbackInfo& info, ArrayArg<uint32_t>* x, ArrayArg<uint32_t>* out) {
  const napi_typedarray_type type = info[0].As<Napi::TypedArray>().TypedArrayType();
  if (type != napi_float32_array && type != napi_int32_array) {
    Fail(info, "argument 'x' must be a Float32Array or Int32Array");
    return false;
  }
  return GetArray(info, 0, "x", type, x) && GetArray(info, 1, "out", type, out);
}

// transpose(x, out, shape, perm): x and out both Float32Array or both Int32Array.
Napi::Value Transpose(const Napi::CallbackInfo& info) {
  std::vector<int64_t> shape, perm;
  if (info.Length() < 4 || !info[0].IsTypedArray() || !info[1].IsTypedArray()) {
    Fail(info, "transpose expects (x, out, shape, perm)");
    return info.Env().Undefined();
  }
  ArrayArg<uint32_t> x, out;
  if (!GetWordArrays(info, &x, &out) ||
      !GetDims(info, 2, "shape", 0, 0, &shape) || !GetDims(info, 3, "perm", shape.size(), 0, &perm)) {
    return info.Env().Undefined();
  }
  std::vector<bool> seen(shape.size(), false);
  double size = 1;
  for (int64_t d : shape) size *= static_cast<double>(d);
  for (int64_t p : perm) {
    if (p >= static_cast<int64_t>(shape.size()) || seen[p]) {
      Fail(info, "argument 'perm' must be a permutation of the axes");
      return info.Env().Undefined();
    }
    seen[p] = true;
  }
  if (size > static_cast<double>(x.length) || size > static_cast<double>(out.length)) {
    Fail(info, "transpose: the arrays are shorter than the shape");
    return info.Env().Undefined();
  }
  transpose32(x.data, out.data, shape, perm);
  return info.Env().Undefined();
}

// slice(x, out, shape, begin, size): x and out both Float32Array or both Int32Array.
Napi::Value Slice(const Napi::CallbackInfo& info) {
  std::vector<int64_t> shape, begin, size;
  if (info.Length() < 5 || !info[0].IsTypedArray()) {
    Fail(info, "slice expects (x, out, shape, begin, size)");
    return info.Env().Undefined();
  }
  ArrayArg<uint32_t> x, out;
  if (!GetWordArrays(info, &x, &out) ||
      !GetDims(info, 2, "shape", 0, 0, &shape) || !GetDims(info, 3, "begin", shape.size(), 0, &begin) ||
      !GetDims(info, 4, "size", shape.size(), 0, &size)) {
    return info.Env().Undefined();
  }
  double in_size = 1, out_size = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (begin[i] + size[i] > shape[i]) {
      Fail(info, "slice: the box leaves the tensor on axis " + std::to_string(i));
      return info.Env().Undefined();
    }
    in_size *= static_cast<double>(shape[i]);
    out_size *= static_cast<double>(size[i]);
  }
  if (in_size > static_cast<double>(x.length) || out_size > static_cast<double>(out.length)) {
    Fail(info, "slice: the arrays are shorter than the shapes");
    return info.Env().Undefined();
  }
  slice32(x.data, out.data, shape, begin, size);
  return info.Env().Undefined();
}

}  // namespace

void InitConv(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2d", Napi::Function::New(env, Conv2d));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2dBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2dBackpropFilter));
  exports.Set("pool", Napi::Function::New(env, Pool));
  exports.Set("maxPoolGrad", Napi::Function::New(env, MaxPoolGrad));
  exports.Set("avgPoolGrad", Napi::Function::New(env, AvgPoolGrad));
  exports.Set("transpose", Napi::Function::New(env, Transpose));
  exports.Set("slice", Napi::Function::New(env, Slice));
}

}  // namespace divergent
