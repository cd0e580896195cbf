// Argument readers for addon functions. Each returns false after throwing a JS exception
// that names the argument, so a kernel can `if (!Get...) return env.Undefined();` and bad
// input from JavaScript never reaches C++ code as a wild pointer or length.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace divergent {

template <class T>
struct ArrayArg {
  T* data = nullptr;
  size_t length = 0;
};

inline bool Fail(const Napi::CallbackInfo& info, const std::string& message) {
  Napi::TypeError::New(info.Env(), message).ThrowAsJavaScriptException();
  return false;
}

/** A JavaScript value as a typed array of element type T; `name` is used in the error. */
template <class T>
bool ReadArray(const Napi::CallbackInfo& info, Napi::Value value, const std::string& name, napi_typedarray_type type,
               ArrayArg<T>* out) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != type) {
    return Fail(info, "argument '" + name + "' must be a typed array of the kernel's dtype");
  }
  // napi hands back a pointer already offset to the view's first element.
  void* data = nullptr;
  size_t length = 0;
  napi_typedarray_type actual;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(info.Env(), value, &actual, &length, &data, &buffer, &offset) != napi_ok) {
    return Fail(info, "argument '" + name + "' could not be read");
  }
  out->data = static_cast<T*>(data);
  out->length = length;
  return true;
}

/** Argument i as a typed array of element type T (Float32Array for float, ...). */
template <class T>
bool GetArray(const Napi::CallbackInfo& info, size_t i, const char* name, napi_typedarray_type type,
              ArrayArg<T>* out) {
  if (info.Length() <= i) return Fail(info, std::string("argument '") + name + "' is missing");
  return ReadArray(info, info[i], name, type, out);
}

inline bool GetF32(const Napi::CallbackInfo& info, size_t i, const char* name, ArrayArg<float>* out) {
  return GetArray(info, i, name, napi_float32_array, out);
}

/** Argument i as an integer in [lo, hi]. */
inline bool GetInt(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t lo, int64_t hi,
                   int64_t* out) {
  if (info.Length() <= i || !info[i].IsNumber()) {
    return Fail(info, std::string("argument '") + name + "' must be a number");
  }
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (!(v >= static_cast<double>(lo) && v <= static_cast<double>(hi)) || v != static_cast<double>(static_cast<int64_t>(v))) {
    return Fail(info, std::string("argument '") + name + "' must be an integer in [" + std::to_string(lo) +
                          ", " + std::to_string(hi) + "], got " + std::to_string(v));
  }
  *out = static_cast<int64_t>(v);
  return true;
}

inline bool GetNumber(const Napi::CallbackInfo& info, size_t i, const char* name, double* out) {
  if (info.Length() <= i || !info[i].IsNumber()) {
    return Fail(info, std::string("argument '") + name + "' must be a number");
  }
  *out = info[i].As<Napi::Number>().DoubleValue();
  return true;
}

/** Fails unless the array holds at least `needed` elements. */
template <class T>
bool CheckLength(const Napi::CallbackInfo& info, const char* name, const ArrayArg<T>& a, int64_t needed) {
  if (needed < 0 || a.length < static_cast<size_t>(needed)) {
    return Fail(info, std::string("argument '") + name + "' has " + std::to_string(a.length) +
                          " elements, the shapes need " + std::to_string(needed));
  }
  return true;
}

}  // namespace divergent
