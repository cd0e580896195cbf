// JavaScript entry points of the fused MLP (mlp.h). Layers arrive as parallel lists (one
// typed array per layer); every length is checked against dims before C++ reads a pointer.
#include <napi.h>

#include <algorithm>
#include <new>
#include <string>
#include <vector>

#include "mlp.h"
#include "napi_args.h"

namespace divergent {
namespace {

constexpr int64_t kMaxDim = int64_t{1} << 40;

// Argument i as a list of Float32Arrays, the l-th of lengths[l] elements; null entries are
// allowed (and left null) only when `optional`.
bool GetF32List(const Napi::CallbackInfo& info, size_t i, const char* name, const std::vector<int64_t>& lengths,
                bool optional, std::vector<float*>* out) {
  if (info.Length() <= i || !info[i].IsArray() || info[i].As<Napi::Array>().Length() != lengths.size()) {
    return Fail(info, std::string("argument '") + name + "' must be a list of " + std::to_string(lengths.size()) + " arrays");
  }
  Napi::Array list = info[i].As<Napi::Array>();
  out->assign(lengths.size(), nullptr);
  for (uint32_t l = 0; l < lengths.size(); ++l) {
    Napi::Value v = list.Get(l);
    if (optional && v.IsNull()) continue;
    const std::string item = std::string(name) + "[" + std::to_string(l) + "]";
    ArrayArg<float> a;
    if (!ReadArray(info, v, item, napi_float32_array, &a) || !CheckLength(info, item.c_str(), a, lengths[l])) return false;
    (*out)[l] = a.data;
  }
  return true;
}

// The arguments both passes share: x, dims = [batch, d_0, ..., d_L], weights, activation
// codes and slopes, the per-layer outputs h_l, and the number of heads (the last layers,
// which all read the output of the layer before them). Fills `layers`, `batch` and `heads`.
bool GetNetwork(const Napi::CallbackInfo& info, const float** x, int64_t* batch, std::vector<MlpLayer>* layers,
                int64_t* heads) {
  ArrayArg<double> dims, acts, alphas;
  ArrayArg<float> xa;
  if (!GetArray(info, 1, "dims", napi_float64_array, &dims) || !GetArray(info, 3, "activations", napi_float64_array, &acts) ||
      !GetArray(info, 4, "alphas", napi_float64_array, &alphas) || !GetF32(info, 0, "x", &xa)) {
    return false;
  }
  if (dims.length < 3 || acts.length != dims.length - 2 || alphas.length != acts.length) {
    return Fail(info, "mlp: dims must be [batch, in, out_1, ..., out_L] with one activation and slope per layer");
  }
  const int64_t n_layers = static_cast<int64_t>(acts.length);
  if (!GetInt(info, 6, "heads", 1, n_layers, heads)) return false;
  if (*heads > 1 && *heads == n_layers) return Fail(info, "mlp: several heads need at least one layer before them");
  std::vector<int64_t> d(dims.length);
  for (size_t j = 0; j < dims.length; ++j) {
    const double v = dims.data[j];
    if (!(v >= 0 && v <= static_cast<double>(kMaxDim) && v == static_cast<double>(static_cast<int64_t>(v)))) {
      return Fail(info, "mlp: dims must be non-negative integers");
    }
    d[j] = static_cast<int64_t>(v);
  }
  *batch = d[0];
  const size_t n = acts.length;
  layers->assign(n, MlpLayer());
  std::vector<int64_t> w_len(n), h_len(n);
  for (size_t l = 0; l < n; ++l) {
    const double code = acts.data[l];
    if (!(code >= 0 && code <= static_cast<double>(Activation::kTanh) && code != static_cast<double>(Activation::kPrelu) &&
          code == static_cast<double>(static_cast<int>(code)))) {
      return Fail(info, "mlp: activation codes must be those of matmul, prelu excepted");
    }
    MlpLayer& layer = (*layers)[l];
    const int64_t trunk = n_layers - *heads;
    layer.in = d[std::min<int64_t>(l, trunk) + 1];
    layer.out = d[l + 2];
    layer.act = static_cast<Activation>(static_cast<int>(code));
    layer.alpha = static_cast<float>(alphas.data[l]);
    w_len[l] = layer.in * layer.out;
    h_len[l] = *batch * layer.out;
  }
  std::vector<float*> ws, hs;
  if (!CheckLength(info, "x", xa, *batch * d[1]) || !GetF32List(info, 2, "weights", w_len, false, &ws) ||
      !GetF32List(info, 5, "outputs", h_len, false, &hs)) {
    return false;
  }
  for (size_t l = 0; l < n; ++l) {
    (*layers)[l].w = ws[l];
    (*layers)[l].h = hs[l];
  }
  *x = xa.data;
  return true;
}

std::vector<int64_t> OutSizes(const std::vector<MlpLayer>& layers) {
  std::vector<int64_t> sizes;
  for (const MlpLayer& l : layers) sizes.push_back(l.out);
  return sizes;
}

// mlpForward(x, dims, weights[], activations, alphas, outputs[], heads, biases[] (entries may be null))
// outputs[l] (batch x d_{l+1}) = act_l(input_l · weights[l] + biases[l]): input_l = outputs[l-1]
// (x for l = 0) in the trunk, the trunk's last output for each of the heads.
Napi::Value MlpForward(const Napi::CallbackInfo& info) {
  const float* x;
  int64_t batch, heads;
  std::vector<MlpLayer> layers;
  std::vector<float*> bs;
  if (!GetNetwork(info, &x, &batch, &layers, &heads) || !GetF32List(info, 7, "biases", OutSizes(layers), true, &bs)) {
    return info.Env().Undefined();
  }
  for (size_t l = 0; l < layers.size(); ++l) layers[l].b = bs[l];
  try {
    mlp_forward(batch, x, layers, heads);
  } catch (const std::bad_alloc&) {
    Napi::Error::New(info.Env(), "mlpForward: out of memory").ThrowAsJavaScriptException();
  }
  return info.Env().Undefined();
}

// mlpBackward(x, dims, weights[], activations, alphas, outputs[], heads, dys[], g0, dWeights[], dBiases[] (null: no bias))
// Given dys[i] = ∂loss/∂(output of head i), writes every weight and bias gradient and
// g0 = ∂loss/∂(x · weights[0] + biases[0]).
Napi::Value MlpBackward(const Napi::CallbackInfo& info) {
  const float* x;
  int64_t batch, heads;
  std::vector<MlpLayer> layers;
  ArrayArg<float> g0;
  std::vector<float*> dys, dws, dbs;
  if (!GetNetwork(info, &x, &batch, &layers, &heads) || !GetF32(info, 8, "g0", &g0) ||
      !CheckLength(info, "g0", g0, batch * layers[0].out)) {
    return info.Env().Undefined();
  }
  std::vector<int64_t> w_len, dy_len;
  for (const MlpLayer& l : layers) w_len.push_back(l.in * l.out);
  for (size_t l = layers.size() - heads; l < layers.size(); ++l) dy_len.push_back(batch * layers[l].out);
  if (!GetF32List(info, 7, "dys", dy_len, false, &dys) || !GetF32List(info, 9, "dWeights", w_len, false, &dws) ||
      !GetF32List(info, 10, "dBiases", OutSizes(layers), true, &dbs)) {
    return info.Env().Undefined();
  }
  for (size_t l = 0; l < layers.size(); ++l) {
    layers[l].dw = dws[l];
    layers[l].db = dbs[l];
  }
  try {
    mlp_backward(batch, x, layers, heads, std::vector<const float*>(dys.begin(), dys.end()), g0.data);
  } catch (const std::bad_alloc&) {
    Napi::Error::New(info.Env(), "mlpBackward: out of memory").ThrowAsJavaScriptException();
  }
  return info.Env().Undefined();
}

}  // namespace

void InitMlp(Napi::Env env, Napi::Object exports) {
  exports.Set("mlpForward", Napi::Function::New(env, MlpForward));
  exports.Set("mlpBackward", Napi::Function::New(env, MlpBackward));
}

}  // namespace divergent
